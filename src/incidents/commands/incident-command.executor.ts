import {
  Clock,
  IncidentCommand,
  incidentDecider,
  IncidentEvent,
  IncidentState,
  incidentStreamId,
} from '@incident-ledger/domain';
import { EventStore } from '@incident-ledger/event-store';
import { AccessCheck, CommandExecutor } from '../../commands/command-executor';

/** The write path for incidents: one stream per incident, `incident-<id>`. */
export class IncidentCommandExecutor extends CommandExecutor<IncidentCommand, IncidentEvent, IncidentState> {
  constructor(store: EventStore, clock: Clock, checkAccess?: AccessCheck<IncidentCommand, IncidentState>) {
    super(store, clock, incidentDecider, (command) => incidentStreamId(command.incidentId), checkAccess);
  }
}
