/** Where progress goes: stderr, or a fake in tests. */
export interface ProgressStream {
  isTTY?: boolean;
  write(text: string): unknown;
}

/** How often a terminal's progress line is redrawn: often enough to look alive, rarely enough to cost nothing. */
const REDRAW_MS = 250;

/**
 * Progress of long work over the log (export, import, backup, rebuild). On a
 * terminal it redraws one line — events done, events per second, an estimate
 * of the time left — at most every REDRAW_MS (work done sooner shows only
 * its summary); elsewhere (a pipe, a log file, CI) it writes nothing until
 * the one summary line at the end, so that logs stay readable.
 */
export class ProgressReporter {
  private readonly started: number;
  /** When the line was last drawn; the start, so that the first line waits for a rate worth showing. */
  private drawnAt: number;
  private drawn = false;

  constructor(
    /** What the work is called on the progress line: `export`, `import`… */
    private readonly label: string,
    private readonly out: ProgressStream = process.stderr,
    private readonly now: () => number = () => performance.now(),
    /** What is counted: `events` over the log, `files` for a catalogue import. */
    private readonly unit = 'events',
  ) {
    this.started = now();
    this.drawnAt = this.started;
  }

  /**
   * `events` done so far, and the `fraction` of the whole work they are (by
   * log position or bytes: positions need not count events), for the estimate.
   */
  update(events: number, fraction: number): void {
    if (!this.out.isTTY) return;
    const now = this.now();
    if (now - this.drawnAt < REDRAW_MS) return;
    this.drawnAt = now;
    this.drawn = true;
    const elapsed = (now - this.started) / 1000;
    // An empty log has no fraction (0 / 0): nothing to estimate yet.
    const done = fraction > 0 ? Math.min(fraction, 1) : 0;
    const estimate = done > 0 ? `about ${duration((elapsed * (1 - done)) / done)} left` : 'estimating the time left';
    this.out.write(`\r\x1b[K${this.label}: ${count(events)} ${this.unit} (${Math.floor(done * 100)}%), ${count(rate(events, elapsed))} ${this.unit}/s, ${estimate}`);
  }

  /**
   * Ends with one line: `<before> N <unit> in S s (R <unit>/s)<after>`. On a
   * terminal it replaces the progress line.
   */
  finish(events: number, before: string, after = ''): void {
    const elapsed = (this.now() - this.started) / 1000;
    const clear = this.drawn ? '\r\x1b[K' : '';
    this.out.write(`${clear}${before} ${events} ${this.unit} in ${elapsed.toFixed(2)} s (${Math.round(rate(events, elapsed))} ${this.unit}/s)${after}\n`);
  }
}

function rate(events: number, seconds: number): number {
  // A run too short to time still gets a finite rate.
  return events / Math.max(seconds, 0.001);
}

function count(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

function duration(seconds: number): string {
  const whole = Math.round(seconds);
  if (whole < 60) return `${whole} s`;
  const minutes = Math.floor(whole / 60);
  return minutes < 60 ? `${minutes} min ${whole % 60} s` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}
