import {
  Clock,
  DomainError,
  oncallPersonStreamId,
  ScheduleCommand,
  ScheduleState,
  SetShiftReminders,
  shiftReminderPreferencesCodec,
  shiftReminderPreferencesDecider,
  ShiftRemindersSet,
} from '@incident-ledger/domain';
import { EventStore } from '@incident-ledger/event-store';
import { CatalogueReadModel, OncallReadModel, Projector } from '@incident-ledger/read-models';
import { CommandContext, CommandExecutor } from '../commands/command-executor';
import { ScheduleCommandExecutor } from './schedule-command.executor';

/** Schedule changes as the API makes them: written, then visible in the read model (read-your-writes). */
export class OncallService {
  private readonly preferences: CommandExecutor<SetShiftReminders, ShiftRemindersSet, { hoursBefore: number[] | null }>;

  constructor(
    private readonly executor: ScheduleCommandExecutor,
    readonly oncall: OncallReadModel,
    private readonly catalogue: CatalogueReadModel,
    private readonly projector: Projector,
    private readonly waitMs: number,
    store: EventStore,
    clock: Clock,
  ) {
    this.preferences = new CommandExecutor(store, clock, shiftReminderPreferencesDecider, shiftReminderPreferencesCodec, (command) => oncallPersonStreamId(command.person));
  }

  /** A person's own shift-reminder hours (null: back to the server's default); answers what is in force for them now. */
  async setShiftReminders(person: string, hoursBefore: number[] | null, context: CommandContext): Promise<void> {
    const outcome = await this.preferences.execute({ type: 'SetShiftReminders', person, hoursBefore, actor: context.actor }, context);
    await this.projector.waitFor(outcome.position, this.waitMs, this.oncall);
  }

  /** Runs the command; answers the schedule as the read model holds it after the write. */
  async execute(command: ScheduleCommand, context: CommandContext): Promise<ScheduleState> {
    if (command.type === 'CreateSchedule' && !this.catalogue.team(command.ownerTeam.trim())) {
      throw new DomainError('UNKNOWN_TEAM', `No team ${command.ownerTeam} in the catalogue: register it first`, { field: 'ownerTeam' });
    }
    const outcome = await this.executor.execute(command, context);
    await this.projector.waitFor(outcome.position, this.waitMs, this.oncall);
    const schedule = this.oncall.schedule(command.scheduleId.trim());
    if (!schedule) throw new Error(`Schedule ${command.scheduleId} is missing from the read model after its write`);
    return schedule;
  }
}
