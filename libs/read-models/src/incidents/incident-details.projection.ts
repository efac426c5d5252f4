import { IncidentEvent, IncidentKind, IncidentStatus, IncidentTimestamp, mitigatedAfter, ResponderRole } from '@incident-ledger/domain';
import { RecordedEvent } from '@incident-ledger/event-store';
import { IncidentView } from './incident-view';

const ROLE_FIELD = {
  [ResponderRole.INCIDENT_COMMANDER]: 'commander',
  [ResponderRole.SCRIBE]: 'scribe',
  [ResponderRole.COMMUNICATIONS_LEAD]: 'communicationsLead',
} as const;

const TIMESTAMP_FIELD = {
  [IncidentTimestamp.IMPACT_STARTED]: 'impactStartedAt',
  [IncidentTimestamp.DETECTED]: 'detectedAt',
  [IncidentTimestamp.ACKNOWLEDGED]: 'acknowledgedAt',
  [IncidentTimestamp.MITIGATED]: 'mitigatedAt',
  [IncidentTimestamp.RESOLVED]: 'resolvedAt',
} as const;

/**
 * The incident details projection: pure, (view, event) -> view. The first
 * event must be the declaration; events of other streams never reach it.
 */
export function evolveIncidentView(
  view: IncidentView | undefined,
  event: RecordedEvent<IncidentEvent['data']> & IncidentEvent,
): IncidentView | undefined {
  const stamp = { version: event.revision + 1, position: event.position, updatedAt: event.data.at };
  if (event.type === 'IncidentDeclared') {
    const data = event.data;
    return {
      id: data.incidentId,
      title: data.title,
      description: data.description,
      severity: data.severity,
      status: IncidentStatus.INVESTIGATING,
      services: [...data.services],
      impactStartedAt: data.impactStartedAt,
      detectedAt: data.detectedAt,
      declaredAt: data.at,
      acknowledgedAt: null,
      mitigatedAt: null,
      resolvedAt: null,
      closedAt: null,
      declaredBy: data.by,
      acknowledgedBy: null,
      commander: null,
      scribe: null,
      communicationsLead: null,
      subjectMatterExperts: [],
      resolutionSummary: null,
      private: data.private ?? false,
      kind: data.kind ?? IncidentKind.NORMAL,
      latestInternalUpdate: null,
      latestExternalUpdate: null,
      ...stamp,
    };
  }
  if (!view) return view;
  const next: IncidentView = { ...view, ...stamp };
  switch (event.type) {
    case 'IncidentAcknowledged':
      return { ...next, acknowledgedAt: event.data.at, acknowledgedBy: event.data.by };
    case 'IncidentSeverityChanged':
      return { ...next, severity: event.data.to };
    case 'IncidentStatusChanged':
      return {
        ...next,
        status: event.data.to,
        mitigatedAt: mitigatedAfter(view.mitigatedAt, event),
      };
    case 'IncidentResolved':
      return {
        ...next,
        status: IncidentStatus.RESOLVED,
        mitigatedAt: mitigatedAfter(view.mitigatedAt, event),
        resolvedAt: event.data.at,
        resolutionSummary: event.data.summary,
      };
    case 'IncidentReopened':
      return { ...next, status: IncidentStatus.INVESTIGATING, resolvedAt: null, resolutionSummary: null };
    case 'IncidentClosed':
      return { ...next, status: IncidentStatus.CLOSED, closedAt: event.data.at };
    case 'ResponderAssigned': {
      const { role, responder } = event.data;
      if (role === ResponderRole.SUBJECT_MATTER_EXPERT) {
        return { ...next, subjectMatterExperts: [...view.subjectMatterExperts, responder] };
      }
      return { ...next, [ROLE_FIELD[role]]: responder };
    }
    case 'ResponderUnassigned': {
      const { role, responder } = event.data;
      if (role === ResponderRole.SUBJECT_MATTER_EXPERT) {
        return { ...next, subjectMatterExperts: view.subjectMatterExperts.filter((name) => name !== responder) };
      }
      return { ...next, [ROLE_FIELD[role]]: null };
    }
    case 'IncidentVisibilityChanged':
      return { ...next, private: event.data.private };
    case 'TimelineNoteAdded':
      return next;
    case 'IncidentTimestampCorrected':
      return { ...next, [TIMESTAMP_FIELD[event.data.field]]: event.data.to };
    case 'StatusUpdatePosted': {
      const { audience, message, status, at, by } = event.data;
      const update = { audience, message, status, postedAt: at, postedBy: by };
      return audience === 'INTERNAL' ? { ...next, latestInternalUpdate: update } : { ...next, latestExternalUpdate: update };
    }
  }
}
