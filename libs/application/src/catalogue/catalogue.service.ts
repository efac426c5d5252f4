import { CatalogueCommand } from '@incident-ledger/domain';
import { CatalogueReadModel, Projector } from '@incident-ledger/read-models';
import { CommandContext, CommandOutcome } from '../commands/command-executor';
import { CatalogueCommandExecutor } from './catalogue-command.executor';

/** Catalogue changes as the API and the command line make them: written, then visible in the read model (read-your-writes). */
export class CatalogueService {
  constructor(
    private readonly executor: CatalogueCommandExecutor,
    readonly catalogue: CatalogueReadModel,
    private readonly projector: Projector,
    private readonly waitMs: number,
  ) {}

  async execute(command: CatalogueCommand, context: CommandContext): Promise<CommandOutcome> {
    const outcome = await this.executor.execute(command, context);
    await this.projector.waitFor(outcome.position, this.waitMs, this.catalogue);
    return outcome;
  }
}
