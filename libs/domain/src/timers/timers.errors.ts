import { ContextErrors } from '../shared/domain-error';
import { TIMER_STREAM_PREFIX } from './timer.events';

/** Why timers refuse a command. */
export const TIMERS_ERRORS = {
  streams: { [TIMER_STREAM_PREFIX]: 'timer' },
  reasons: {
    TIMER_NOT_FOUND: 'not-found',
    // A timer id scheduled again with another due time, owner or action: two callers derived the same id for different things.
    TIMER_ID_REUSED: 'conflict',
    // Fired or cancelled already: to the runner, someone else got there first.
    TIMER_NOT_PENDING: 'conflict',
  },
} as const satisfies ContextErrors;

type TimersReasonKinds = (typeof TIMERS_ERRORS)['reasons'];

declare module '../shared/domain-error' {
  interface DomainErrorReasons extends TimersReasonKinds {}
}
