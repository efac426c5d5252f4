import { ContextErrors } from '../shared/domain-error';
import { INCIDENT_STREAM_PREFIX } from './incident.events';

/** Why a command on an incident (its response, its review, its action items) is refused. */
export const INCIDENT_ERRORS = {
  streams: { [INCIDENT_STREAM_PREFIX]: 'incident' },
  reasons: {
    INCIDENT_NOT_FOUND: 'not-found',
    INCIDENT_ALREADY_EXISTS: 'conflict',
    INCIDENT_CLOSED: 'conflict',
    INCIDENT_NOT_ACTIVE: 'conflict',
    INVALID_STATUS_TRANSITION: 'conflict',
    ALREADY_ACKNOWLEDGED: 'conflict',
    NO_CHANGE: 'conflict',
    ROLE_ALREADY_HELD: 'conflict',
    ROLE_NOT_HELD: 'conflict',
    MILESTONE_NOT_REACHED: 'conflict',
    INCIDENT_MERGED: 'conflict',
    CANNOT_MERGE: 'conflict',
    NO_REPORT_DRAFT: 'conflict',
    REPORT_INCOMPLETE: 'conflict',
    INCIDENT_UNRESOLVED: 'conflict',
    REPORT_REQUIRED: 'conflict',
    ACTION_ITEM_NOT_FOUND: 'not-found',
    ACTION_ITEM_EXISTS: 'conflict',
    REMINDER_NOT_DUE: 'conflict',
    INCIDENT_NOT_OPEN: 'conflict',
    ALERT_GROUP_NOT_ATTACHED: 'invalid',
    // A step of the escalation that is not the next one: a late or doubled timer, or a step taken by hand meanwhile.
    ESCALATION_MOVED_ON: 'conflict',
    // Acknowledged, or every level of every round was paged.
    ESCALATION_STOPPED: 'conflict',
    NO_ESCALATION_POLICY: 'invalid',
    PAGE_NOT_FOUND: 'not-found',
    // A page's link acknowledges once.
    PAGE_ALREADY_USED: 'conflict',
  },
} as const satisfies ContextErrors;

type IncidentReasonKinds = (typeof INCIDENT_ERRORS)['reasons'];

declare module '../shared/domain-error' {
  interface DomainErrorReasons extends IncidentReasonKinds {}
}
