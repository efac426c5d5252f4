import { GraphQLError } from 'graphql';

/**
 * No credential, or one that is unknown, revoked, expired or forged. A
 * GraphQLError carrying its code, so it keeps it on every path (guards run
 * before a subscription's own error handling).
 */
export class UnauthenticatedError extends GraphQLError {
  constructor(message = 'A valid API key or bearer token is required') {
    super(message, { extensions: { code: 'UNAUTHENTICATED' } });
    this.name = 'UnauthenticatedError';
  }
}

/** A valid credential whose role does not allow the operation. */
export class ForbiddenError extends GraphQLError {
  constructor(message: string) {
    super(message, { extensions: { code: 'FORBIDDEN' } });
    this.name = 'ForbiddenError';
  }
}

/**
 * Too many wrong secrets for this key, or from this address: the slow check
 * is not run until the limit refills. HTTP answers 429 with Retry-After.
 */
export class TooManyFailuresError extends GraphQLError {
  constructor(readonly retryAfterSeconds: number) {
    super(`Too many failed authentications for this key or from this address; retry in ${retryAfterSeconds} s`, {
      extensions: { code: 'RATE_LIMITED', retryAfterSeconds },
    });
    this.name = 'TooManyFailuresError';
  }
}

/** A credential that has spent its request budget (RATE_LIMIT_*). */
export class RateLimitedError extends GraphQLError {
  constructor(readonly retryAfterSeconds: number) {
    super(`Rate limit reached for this credential; retry in ${retryAfterSeconds} s`, { extensions: { code: 'RATE_LIMITED', retryAfterSeconds } });
    this.name = 'RateLimitedError';
  }
}

/** A review link that is unknown, expired, or made by a key since revoked: a browser is told so on a page of its own. */
export class ReviewLinkRefusedError extends UnauthenticatedError {
  constructor(message: string) {
    super(message);
    this.name = 'ReviewLinkRefusedError';
  }
}
