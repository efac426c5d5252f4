import { Clock, DomainError } from '@incident-ledger/domain';
import { PendingTimer, Projector, TimersReadModel } from '@incident-ledger/read-models';
import { CommandContext, CommandIdReusedError } from '../commands/command-executor';
import { TimerCommandExecutor } from './timer-command.executor';
import { TimerHandlers } from './timer-handlers';

export interface TimerRunnerLogEntry {
  message: string;
  timerId: string;
  action: string;
  [detail: string]: unknown;
}

export interface TimerRunnerOptions {
  executor: TimerCommandExecutor;
  clock: Clock;
  projector: Projector;
  timers: TimersReadModel;
  handlers: TimerHandlers;
  /** Hears of handlers that failed and of actions nobody handles. */
  log: (entry: TimerRunnerLogEntry) => void;
  /** How long to wait for the timers read model to show a firing. */
  waitMs: number;
}

/** Timers fired at once, at most: a slow handler holds up a few, not all. */
const CONCURRENCY = 4;
/**
 * The id, on each timer's stream, of the command that fires it: its event's
 * id derives from it (eventIdForCommand), so a firing written twice (a retry
 * after a lost answer, or two processes) is one event.
 */
const FIRE_COMMAND_ID = 'fire';

/**
 * Fires the timers that are due by the clock: runs each one's handler, then
 * writes TimerFired under the exact revision of its scheduling, with a
 * deterministic event id, so that of two runners (two processes, or one
 * that lost the lease a moment ago) only one writes it. Run it under the
 * once-only lease, one round at a time.
 */
export class TimerRunner {
  private readonly backOff = new BackOff();

  constructor(private readonly options: TimerRunnerOptions) {}

  /** Fires what is due now; answers how many timers this runner fired. */
  async fireDue(limit = 50): Promise<number> {
    const { clock, timers } = this.options;
    const now = clock.now();
    this.backOff.keepOnly((timerId) => timers.timer(timerId)?.status === 'PENDING');
    // Timers waiting out a back-off are asked for on top, so that they never fill the round and leave the others waiting.
    const due = timers
      .due(now, limit + this.backOff.size)
      .filter((timer) => !this.backOff.isWaiting(timer.timerId, now))
      .slice(0, limit);
    let fired = 0;
    for (let start = 0; start < due.length; start += CONCURRENCY) {
      const results = await Promise.allSettled(due.slice(start, start + CONCURRENCY).map((timer) => this.fire(timer, now)));
      // Every firing has ended before the round fails: the next round must not find one still running.
      const failure = results.find((result) => result.status === 'rejected');
      if (failure) throw failure.reason;
      fired += results.filter((result) => result.status === 'fulfilled' && result.value).length;
    }
    return fired;
  }

  private async fire(timer: PendingTimer, now: Date): Promise<boolean> {
    const outcome = await this.runHandler(timer, now);
    if (outcome === HANDLER_FAILED) return false;
    const { executor, projector, timers, waitMs } = this.options;
    try {
      const written = await executor.execute({ type: 'FireTimer', timerId: timer.timerId, outcome }, fireContext(timer.timerId));
      this.backOff.forget(timer.timerId);
      // The next round reads the read model: it must show this firing, or the timer would look due again.
      await projector.waitFor(written.position, waitMs, timers);
      return !written.replayed;
    } catch (error) {
      if (!endedElsewhere(error)) throw error;
      // Another process fired or cancelled it: wait to see that, or the next round would run the handler again.
      await projector.catchUp(waitMs, timers);
      return false;
    }
  }

  private async runHandler(timer: PendingTimer, now: Date): Promise<string | null | typeof HANDLER_FAILED> {
    const { type } = timer.action;
    const handler = this.options.handlers.handlerFor(type);
    if (!handler) {
      // Fired without running anything: a pending timer that nobody can fire would be tried on every round, for ever.
      this.options.log({ message: 'No handler for this timer action; fired without running it', timerId: timer.timerId, action: type });
      return `no handler for ${type}`;
    }
    try {
      return await handler.fire(timer);
    } catch (error) {
      const retryAt = this.backOff.failed(timer.timerId, now);
      this.options.log({
        message: 'Timer handler failed; tried again later',
        timerId: timer.timerId,
        action: type,
        retryAt: retryAt.toISOString(),
        error: error instanceof Error ? error.message : String(error),
      });
      return HANDLER_FAILED;
    }
  }
}

const HANDLER_FAILED = Symbol('handler failed');

/** The firing lost to another writer: the timer ended meanwhile, or another runner wrote this very firing (with another outcome). */
function endedElsewhere(error: unknown): boolean {
  return (error instanceof DomainError && error.reason === 'TIMER_NOT_PENDING') || error instanceof CommandIdReusedError;
}

function fireContext(timerId: string): CommandContext {
  return { actor: 'timers', correlationId: `timer-${timerId}`, commandId: FIRE_COMMAND_ID };
}

/** The first retry after a handler fails, then doubling to the longest. */
const FIRST_RETRY_MS = 1_000;
const LONGEST_RETRY_MS = 5 * 60_000;

/**
 * When each timer whose handler failed may be tried again. In memory: a
 * restart or another process tries at once, which is harmless, while one
 * broken timer neither spins in every round nor holds up the others.
 */
class BackOff {
  private readonly waiting = new Map<string, { failures: number; retryAt: number }>();

  get size(): number {
    return this.waiting.size;
  }

  failed(timerId: string, now: Date): Date {
    const failures = (this.waiting.get(timerId)?.failures ?? 0) + 1;
    const retryAt = now.getTime() + Math.min(FIRST_RETRY_MS * 2 ** (failures - 1), LONGEST_RETRY_MS);
    this.waiting.set(timerId, { failures, retryAt });
    return new Date(retryAt);
  }

  isWaiting(timerId: string, now: Date): boolean {
    const entry = this.waiting.get(timerId);
    return entry !== undefined && entry.retryAt > now.getTime();
  }

  forget(timerId: string): void {
    this.waiting.delete(timerId);
  }

  /** Drops the timers that ended some other way (cancelled, or fired by another process). */
  keepOnly(pending: (timerId: string) => boolean): void {
    for (const timerId of this.waiting.keys()) if (!pending(timerId)) this.waiting.delete(timerId);
  }
}
