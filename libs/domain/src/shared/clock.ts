/** The only way the domain learns the time: passed in, never read from `Date.now()`. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that stands still until moved: for tests and for replaying history. */
export class FixedClock implements Clock {
  constructor(private current: Date) {}

  now(): Date {
    return new Date(this.current.getTime());
  }

  set(at: Date | string): void {
    this.current = new Date(at);
  }

  advance(milliseconds: number): Date {
    this.current = new Date(this.current.getTime() + milliseconds);
    return this.now();
  }
}

/**
 * A clock that reads the time from a file holding one ISO-8601 instant, read
 * again on every call: a test moves the server's time by rewriting the file.
 * For tests and demos only (the server refuses it in production).
 */
export class FileClock implements Clock {
  /** The last instant read: what an empty file means. */
  private last: Date | undefined;

  constructor(
    private readonly path: string,
    private readonly read: (path: string) => string,
  ) {}

  now(): Date {
    const text = this.read(this.path).trim();
    // Rewriting a file in place (`echo … > clock`, writeFileSync) empties it before it writes: read in between, the time has not moved yet.
    if (text === '' && this.last) return new Date(this.last.getTime());
    const instant = new Date(text);
    if (Number.isNaN(instant.getTime())) throw new Error(`The clock file ${this.path} does not hold an ISO-8601 instant: ${JSON.stringify(text.slice(0, 40))}`);
    this.last = instant;
    return new Date(instant.getTime());
  }
}
