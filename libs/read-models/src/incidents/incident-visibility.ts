import { canSeeIncident, Principal } from '@incident-ledger/domain';
import { IncidentView, incidentViewMembers } from './incident-view';

/** The read-side filter for private incidents: what `principal` may see. */
export function visibleTo(principal: Principal): (incident: IncidentView) => boolean {
  return (incident) => !incident.private || canSeeIncident(principal, { private: true, members: incidentViewMembers(incident) });
}
