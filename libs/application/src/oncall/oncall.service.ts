import { DomainError, ScheduleCommand, ScheduleState } from '@incident-ledger/domain';
import { CatalogueReadModel, OncallReadModel, Projector } from '@incident-ledger/read-models';
import { CommandContext } from '../commands/command-executor';
import { ScheduleCommandExecutor } from './schedule-command.executor';

/** Schedule changes as the API makes them: written, then visible in the read model (read-your-writes). */
export class OncallService {
  constructor(
    private readonly executor: ScheduleCommandExecutor,
    readonly oncall: OncallReadModel,
    private readonly catalogue: CatalogueReadModel,
    private readonly projector: Projector,
    private readonly waitMs: number,
  ) {}

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
