import { IncidentCommand } from '@incident-ledger/domain';
import { Command } from '@nestjs/cqrs';
import { CommandContext, CommandOutcome } from '@incident-ledger/application';

/**
 * Every incident command travels the bus in this envelope: the decider is
 * where the use cases differ, so one handler serves them all.
 */
export class HandleIncidentCommand extends Command<CommandOutcome> {
  constructor(
    readonly command: IncidentCommand,
    readonly context: CommandContext,
  ) {
    super();
  }
}
