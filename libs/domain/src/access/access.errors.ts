import { ContextErrors } from '../shared/domain-error';
import { API_KEY_STREAM_PREFIX } from './api-key.events';
import { REVIEW_LINK_STREAM_PREFIX } from './review-link.events';

/** Why a command on an API key or a review link is refused. */
export const ACCESS_ERRORS = {
  streams: { [API_KEY_STREAM_PREFIX]: 'API key', [REVIEW_LINK_STREAM_PREFIX]: 'review link' },
  reasons: {
    API_KEY_NOT_FOUND: 'not-found',
    ALREADY_REVOKED: 'conflict',
    ALREADY_EXISTS: 'conflict',
  },
} as const satisfies ContextErrors;

type AccessReasonKinds = (typeof ACCESS_ERRORS)['reasons'];

declare module '../shared/domain-error' {
  interface DomainErrorReasons extends AccessReasonKinds {}
}
