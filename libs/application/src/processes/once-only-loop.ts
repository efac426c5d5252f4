export interface OnceOnlyLoopOptions {
  /** Whether this process holds the once-only lease now. */
  holdsLease: () => boolean;
  /** One round of the work. */
  round: () => Promise<void>;
  /** A round failed: it is tried again at the next tick. The same failure again is told once a minute, not at every tick. */
  onRoundFailed: (error: unknown) => void;
  /** This process lost the lease: the work forgets what it held in memory (where it had read to); the next holder reads on from the stored checkpoint. */
  onLeaseLost?: () => void;
  pollMs: number;
}

const REPEATED_FAILURE_TOLD_EVERY_MS = 60_000;

/**
 * Runs rounds of once-only work (timers, processes that read the log) every
 * `pollMs` while this process holds the once-only lease, one round at a
 * time; `stop` lets a running round finish.
 */
export class OnceOnlyLoop {
  private interval: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private held = false;
  /** The last failure told, and when: a read model that stopped would otherwise fill the log five times a second. */
  private lastFailure: { text: string; at: number } | undefined;

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
      .then(() => (this.lastFailure = undefined))
      .catch((error: unknown) => this.failed(error))
      .finally(() => (this.running = undefined));
    return this.running;
  }

  private failed(error: unknown): void {
    const text = error instanceof Error ? error.message : String(error);
    const now = Date.now();
    if (this.lastFailure?.text === text && now - this.lastFailure.at < REPEATED_FAILURE_TOLD_EVERY_MS) return;
    this.lastFailure = { text, at: now };
    this.options.onRoundFailed(error);
  }
}
