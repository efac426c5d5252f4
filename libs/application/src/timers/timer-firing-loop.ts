import { EventStore } from '@incident-ledger/event-store';
import { Projector, TimersReadModel } from '@incident-ledger/read-models';
import { TimerRunner } from './timer-runner';

export interface TimerFiringLoopOptions {
  runner: TimerRunner;
  /** Whether this process holds the once-only lease now. */
  holdsLease: () => boolean;
  store: EventStore;
  projector: Projector;
  timers: TimersReadModel;
  /** How long a round waits for the timers read model to reach the store's head. */
  waitMs: number;
  onRoundFailed: (error: unknown) => void;
  /** How often to look for due timers. */
  pollMs: number;
}

/**
 * Fires due timers every `pollMs` while this process holds the once-only
 * lease, one round at a time; `stop` lets a running round finish.
 */
export class TimerFiringLoop {
  private interval: NodeJS.Timeout | undefined;
  private round: Promise<void> | undefined;

  constructor(private readonly options: TimerFiringLoopOptions) {}

  start(): void {
    this.interval = setInterval(() => void this.runRound(), this.options.pollMs);
    this.interval.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.interval);
    await this.round;
  }

  private runRound(): void {
    if (this.round || !this.options.holdsLease()) return;
    this.round = this.fireDue()
      .catch(this.options.onRoundFailed)
      .finally(() => (this.round = undefined));
  }

  private async fireDue(): Promise<void> {
    const { store, projector, timers, waitMs, runner } = this.options;
    // Timers another server scheduled or fired (it held the lease a moment ago) must be known before any is taken as due.
    await projector.waitFor(await store.headPosition(), waitMs, timers);
    await runner.fireDue();
  }
}
