import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { HandleIncidentCommand } from './handle-incident-command.command';
import { CommandOutcome } from '@incident-ledger/application';
import { IncidentCommandExecutor } from '@incident-ledger/application';

@CommandHandler(HandleIncidentCommand)
export class HandleIncidentCommandHandler implements ICommandHandler<HandleIncidentCommand, CommandOutcome> {
  constructor(private readonly executor: IncidentCommandExecutor) {}

  execute({ command, context }: HandleIncidentCommand): Promise<CommandOutcome> {
    return this.executor.execute(command, context);
  }
}
