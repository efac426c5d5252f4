import { PendingTimer } from '@incident-ledger/read-models';

/**
 * What runs a timer's action when it falls due, for one action type.
 *
 * A handler must be idempotent: the runner writes TimerFired only after the
 * handler has answered, so a crash (or a lost lease) in between runs the
 * handler again at the next round or the next start. Derive the ids of what
 * it writes from the timer's id (a command id, an event id), so the second
 * run writes nothing twice.
 */
export interface TimerHandler {
  /** The `action.type` it runs. */
  readonly action: string;
  /** Runs the action; answers a short text recorded in TimerFired (whom a reminder went to, say), or null. Throwing leaves the timer pending, tried again later. */
  fire(timer: PendingTimer): Promise<string | null>;
}

/** The handler of each action type: contexts register theirs when they start (a Nest module's onModuleInit). */
export class TimerHandlers {
  private readonly handlers = new Map<string, TimerHandler>();

  register(handler: TimerHandler): void {
    if (this.handlers.has(handler.action)) throw new Error(`A timer handler for ${handler.action} is registered already: one action type has one handler`);
    this.handlers.set(handler.action, handler);
  }

  handlerFor(type: string): TimerHandler | undefined {
    return this.handlers.get(type);
  }
}
