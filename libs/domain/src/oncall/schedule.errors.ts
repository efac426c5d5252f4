import { ContextErrors } from '../shared/domain-error';
import { CALENDAR_FEED_STREAM_PREFIX } from './calendar-feed';
import { ONCALL_PERSON_STREAM_PREFIX } from './shift-reminder-preferences';
import { SCHEDULE_STREAM_PREFIX } from './schedule.events';

/** Why a schedule refuses a command, and how each refusal is classified (as the catalogue's are). */
export const ONCALL_ERRORS = {
  streams: { [SCHEDULE_STREAM_PREFIX]: 'on-call schedule', [CALENDAR_FEED_STREAM_PREFIX]: 'calendar feed', [ONCALL_PERSON_STREAM_PREFIX]: 'on-call preferences' },
  reasons: {
    SCHEDULE_NOT_FOUND: 'not-found',
    SCHEDULE_EXISTS: 'conflict',
    LAYER_NOT_FOUND: 'not-found',
    LAYER_ENDED: 'conflict',
    OVERRIDE_NOT_FOUND: 'not-found',
    SWAP_NOT_FOUND: 'not-found',
    // A calendar URL that is malformed, unknown, or rotated out.
    CALENDAR_FEED_NOT_FOUND: 'not-found',
    // Taken, withdrawn, or its start has passed.
    SWAP_NOT_OPEN: 'conflict',
  },
} as const satisfies ContextErrors;

type OncallReasonKinds = (typeof ONCALL_ERRORS)['reasons'];

declare module '../shared/domain-error' {
  interface DomainErrorReasons extends OncallReasonKinds {}
}
