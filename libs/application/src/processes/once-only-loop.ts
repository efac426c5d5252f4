export interface OnceOnlyLoopOptions {
  /** Whether this process holds the once-only lease now. */
  holdsLease: () => boolean;
  /** One round of the work. */
  round: () => Promise<void>;
  /** A round failed: it is tried again at the next tick. */
  onRoundFailed: (error: unknown) => void;
  /** This process lost the lease: the work forgets what it held in memory (where it had read to); the next holder reads on from the stored checkpoint. */
  onLeaseLost?: () => void;
  pollMs: number;
}

/**
 * Runs rounds of once-only work (timers, processes that read the log) every
 * `pollMs` while this process holds the once-only lease, one round at a
 * time; `stop` lets a running round finish.
 */
export class OnceOnlyLoop {
  private interval: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private held = false;

  constructor(private readonly options: OnceOnlyLoopOptions) {}

  start(): void {
    this.interval = setInterval(() => void this.tick(), this.options.pollMs);
    this.interval.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.interval);
    await this.running;
  }

  /** Starts a round unless one runs or this process does not hold the lease; resolves when the round ends. */
  tick(): Promise<void> {
    if (this.running) return this.running;
    if (!this.options.holdsLease()) {
      if (this.held) this.options.onLeaseLost?.();
      this.held = false;
      return Promise.resolve();
    }
    this.held = true;
    this.running = this.options
      .round()
      .catch(this.options.onRoundFailed)
      .finally(() => (this.running = undefined));
    return this.running;
  }
}
