import {
  canSeeIncident,
  Clock,
  incidentMembers,
  IncidentCommand,
  incidentDecider,
  IncidentEvent,
  incidentEventCodec,
  incidentNotFound,
  IncidentState,
  incidentStreamId,
} from '@incident-ledger/domain';
import { EventStore } from '@incident-ledger/event-store';
import { AccessCheck, CommandExecutor } from '../commands/command-executor';

/**
 * An incident that does not exist and a private incident the caller may not
 * see get one answer, before anything that depends on the incident's state
 * (its version, a retried command id, its status): otherwise the difference
 * between the two answers would tell that the private incident exists.
 */
export const incidentAccess: AccessCheck<IncidentCommand, IncidentState> = (command, state, { principal }) => {
  if (!state.declared) {
    if (command.type !== 'DeclareIncident') throw incidentNotFound(command.incidentId);
    return;
  }
  if (principal && !canSeeIncident(principal, { private: state.private, members: incidentMembers(state) })) {
    throw incidentNotFound(command.incidentId);
  }
};

/** The write path for incidents: one stream per incident, `incident-<id>`. */
export class IncidentCommandExecutor extends CommandExecutor<IncidentCommand, IncidentEvent, IncidentState> {
  constructor(store: EventStore, clock: Clock) {
    super(store, clock, incidentDecider, incidentEventCodec, (command) => incidentStreamId(command.incidentId), incidentAccess);
  }
}
