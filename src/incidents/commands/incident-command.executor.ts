import {
  canSeeIncident,
  Clock,
  DomainError,
  incidentMembers,
  IncidentCommand,
  incidentDecider,
  IncidentEvent,
  IncidentState,
  incidentStreamId,
} from '@incident-ledger/domain';
import { EventStore } from '@incident-ledger/event-store';
import { AccessCheck, CommandExecutor } from '../../commands/command-executor';

/** A private incident does not exist for whoever may not see it: not even to act on it. */
export const privateIncidentAccess: AccessCheck<IncidentCommand, IncidentState> = (command, state, { principal }) => {
  if (!state.declared || !principal) return;
  if (!canSeeIncident(principal, { private: state.private, members: incidentMembers(state) })) {
    throw new DomainError('INCIDENT_NOT_FOUND', `Incident ${command.incidentId} does not exist`, { incidentId: command.incidentId });
  }
};

/** The write path for incidents: one stream per incident, `incident-<id>`. */
export class IncidentCommandExecutor extends CommandExecutor<IncidentCommand, IncidentEvent, IncidentState> {
  constructor(store: EventStore, clock: Clock) {
    super(store, clock, incidentDecider, (command) => incidentStreamId(command.incidentId), privateIncidentAccess);
  }
}
