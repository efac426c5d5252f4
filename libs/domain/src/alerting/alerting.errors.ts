import { ContextErrors } from '../shared/domain-error';
import { ALERT_GROUP_STREAM_PREFIX } from './alert-group.events';
import { INTEGRATION_STREAM_PREFIX } from './integration.events';
import { ALERT_INCIDENTS_STREAM } from './alert-incidents.checkpoint';

/** Why integrations and alert groups refuse a command, and how each refusal is classified. */
export const ALERTING_ERRORS = {
  streams: { [INTEGRATION_STREAM_PREFIX]: 'integration', [ALERT_GROUP_STREAM_PREFIX]: 'alert group', [ALERT_INCIDENTS_STREAM]: 'alert incidents process' },
  reasons: {
    INTEGRATION_EXISTS: 'conflict',
    INTEGRATION_NOT_FOUND: 'not-found',
    ALERT_GROUP_NOT_FOUND: 'not-found',
    ALERT_GROUP_RESOLVED: 'conflict',
    // A person declares an incident for a group that has none in its current episode.
    ALERT_GROUP_HAS_INCIDENT: 'conflict',
    // The group resolved and was triggered again while a link to the incident of its last episode was being made.
    ALERT_GROUP_MOVED_ON: 'conflict',
  },
} as const satisfies ContextErrors;

type AlertingReasonKinds = (typeof ALERTING_ERRORS)['reasons'];

declare module '../shared/domain-error' {
  interface DomainErrorReasons extends AlertingReasonKinds {}
}
