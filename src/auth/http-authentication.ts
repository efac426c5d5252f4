import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { credentialFromHeaders } from '../graphql/request-context';
import { RateLimitedError, TooManyFailuresError, UnauthenticatedError } from './auth.errors';
import { Authenticator } from './authenticator';
import { RateLimiter } from './rate-limiter';

declare module 'fastify' {
  interface FastifyRequest {
    principal?: import('@incident-ledger/domain').Principal;
  }
}

export interface HttpAuthenticationOptions {
  /** Requests per key. */
  perKey: RateLimiter;
  /** The paths that need a credential; everything else is public (health) or unknown (404). */
  protectedPaths: readonly string[];
}

function needsCredential(request: FastifyRequest, protectedPaths: readonly string[]): boolean {
  const path = request.url.split('?')[0];
  if (!protectedPaths.includes(path) || request.method === 'OPTIONS') return false;
  // graphql-ws connections authenticate in their connection_init message.
  return request.headers.upgrade?.toLowerCase() !== 'websocket';
}

function refuse(reply: FastifyReply, status: number, code: string, message: string, headers: Record<string, string>) {
  return reply
    .code(status)
    .headers(headers)
    .send({ data: null, errors: [{ message, extensions: { code } }] });
}

/**
 * Every GraphQL request over HTTP (and every other protected path) needs a credential, checked before its body
 * is read: without one the answer is 401 UNAUTHENTICATED and nothing runs
 * (not even introspection); too many wrong secrets for a key or from an
 * address answer 429 RATE_LIMITED (see Authenticator). Each key then spends
 * from its rate limit: 429 RATE_LIMITED with Retry-After when it is used up.
 */
export function installHttpAuthentication(fastify: FastifyInstance, authenticator: Authenticator, options: HttpAuthenticationOptions): void {
  fastify.addHook('onRequest', async (request, reply) => {
    if (!needsCredential(request, options.protectedPaths)) return;
    try {
      request.principal = await authenticator.authenticate(credentialFromHeaders(request.headers), request.ip);
    } catch (error) {
      if (error instanceof TooManyFailuresError) {
        return refuse(reply, 429, 'RATE_LIMITED', error.message, { 'retry-after': String(error.retryAfterSeconds) });
      }
      if (!(error instanceof UnauthenticatedError)) throw error;
      return refuse(reply, 401, 'UNAUTHENTICATED', error.message, { 'www-authenticate': 'Bearer' });
    }
    const spent = options.perKey.take(request.principal.id);
    if (!spent.allowed) {
      const limited = new RateLimitedError(spent.retryAfterSeconds);
      return refuse(reply, 429, 'RATE_LIMITED', limited.message, { 'retry-after': String(spent.retryAfterSeconds) });
    }
  });
}
