import { TimerFields } from '@incident-ledger/domain';
import { PendingTimer, Projector, TimersReadModel } from '@incident-ledger/read-models';
import { CommandContext } from '../commands/command-executor';
import { TimerCommandExecutor } from './timer-command.executor';

/**
 * What other contexts use of timers: schedule one, cancel one, find an
 * owner's. Both writes are idempotent (the same timer again, or a cancel of
 * what ended, writes nothing) and answer once the timers read model shows
 * them, so that `pendingFor` right after includes what was just scheduled.
 */
export class Timers {
  constructor(
    private readonly executor: TimerCommandExecutor,
    private readonly timers: TimersReadModel,
    private readonly projector: Projector,
    /** How long to wait for the read model to show a write. */
    private readonly waitMs: number,
  ) {}

  async schedule(timer: TimerFields, context: CommandContext): Promise<void> {
    const outcome = await this.executor.execute({ type: 'ScheduleTimer', timer }, context);
    await this.projector.waitFor(outcome.position, this.waitMs, this.timers);
  }

  async cancel(timerId: string, reason: string, context: CommandContext): Promise<void> {
    const outcome = await this.executor.execute({ type: 'CancelTimer', timerId, reason }, context);
    await this.projector.waitFor(outcome.position, this.waitMs, this.timers);
  }

  pendingFor(owner: string): PendingTimer[] {
    return this.timers.pendingFor(owner);
  }

  /** The owners that have a pending timer: for a process that plans again what it scheduled. */
  pendingOwners(): string[] {
    return this.timers.pendingOwners();
  }
}
