import { canSeeIncident, Principal } from '@incident-ledger/domain';
import { IncidentView, incidentViewMembers } from './incident-view';
import { IncidentReadModel } from './incident-read-model';

/** The read-side filter for private incidents: what `principal` may see. */
export function visibleTo(principal: Principal): (incident: IncidentView) => boolean {
  return (incident) => !incident.private || canSeeIncident(principal, { private: true, members: incidentViewMembers(incident) });
}

/**
 * Whether a reader who may see what `visible` accepts may see the incident
 * with this id: for answers that name another incident (a merge's survivor or
 * duplicate), which show its id only to whoever may see it.
 */
export function seesIncidentId(incidents: Pick<IncidentReadModel, 'get'>, visible: (incident: IncidentView) => boolean): (incidentId: string) => boolean {
  return (incidentId) => {
    const incident = incidents.get(incidentId);
    return incident !== undefined && visible(incident);
  };
}
