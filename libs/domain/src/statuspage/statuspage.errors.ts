import { ContextErrors } from '../shared/domain-error';
import { MAINTENANCE_STREAM_PREFIX } from './maintenance.events';
import { PUBLIC_INCIDENT_STREAM_PREFIX } from './public-incident.events';
import { STATUS_COMPONENT_STREAM_PREFIX } from './status-component.events';
import { SUBSCRIBER_CONTACT_STREAM_PREFIX, SUBSCRIBER_STREAM_PREFIX } from './subscriber.events';
import { STATUSPAGE_NOTICES_STREAM } from './statuspage-notices.checkpoint';

/** Why the status page refuses a command, and how each refusal is classified. */
export const STATUSPAGE_ERRORS = {
  streams: { [STATUS_COMPONENT_STREAM_PREFIX]: 'status page component', [PUBLIC_INCIDENT_STREAM_PREFIX]: 'public incident', [MAINTENANCE_STREAM_PREFIX]: 'maintenance',
    [SUBSCRIBER_STREAM_PREFIX]: 'status page subscriber',
    [SUBSCRIBER_CONTACT_STREAM_PREFIX]: 'status page subscriber’s address',
    [STATUSPAGE_NOTICES_STREAM]: 'status page notices process',
  },
  reasons: {
    STATUS_COMPONENT_EXISTS: 'conflict',
    STATUS_COMPONENT_NOT_FOUND: 'not-found',
    COMPONENT_IS_GROUP: 'invalid',
    INCIDENT_ALREADY_PUBLISHED: 'conflict',
    INCIDENT_NOT_PUBLISHED: 'conflict',
    // Private incidents and drills never reach the public.
    INCIDENT_NOT_PUBLISHABLE: 'conflict',
    MAINTENANCE_EXISTS: 'conflict',
    MAINTENANCE_NOT_FOUND: 'not-found',
    MAINTENANCE_OVER: 'conflict',
    MAINTENANCE_STARTED: 'conflict',
    MAINTENANCE_STATUS_BACKWARDS: 'conflict',
    SUBSCRIBER_EXISTS: 'conflict',
    SUBSCRIBER_NOT_FOUND: 'not-found',
  },
} as const satisfies ContextErrors;

type StatuspageReasonKinds = (typeof STATUSPAGE_ERRORS)['reasons'];

declare module '../shared/domain-error' {
  interface DomainErrorReasons extends StatuspageReasonKinds {}
}
