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
  /** The paths that need a credential; everything else is public (health, pages) or unknown (404). */
  protectedPaths: readonly string[];
  /**
   * Public paths that show more to an authenticated caller (/health). A credential sent there is checked like
   * anywhere else, limits included, so that these paths are no way round the limit on guessing keys.
   */
  optionalPaths: readonly string[];
}

function checksCredential(request: FastifyRequest, options: HttpAuthenticationOptions): boolean {
  const path = request.url.split('?')[0];
  if (request.method === 'OPTIONS') return false;
  if (options.optionalPaths.includes(path)) return credentialSent(request);
  // graphql-ws connections authenticate in their connection_init message.
  return options.protectedPaths.includes(path) && request.headers.upgrade?.toLowerCase() !== 'websocket';
}

function credentialSent(request: FastifyRequest): boolean {
  return request.headers.authorization !== undefined || request.headers['x-api-key'] !== undefined;
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
 * On an optional path the same happens to a request that sends a credential;
 * one that sends none goes on without a principal.
 */
export function installHttpAuthentication(fastify: FastifyInstance, authenticator: Authenticator, options: HttpAuthenticationOptions): void {
  fastify.addHook('onRequest', async (request, reply) => {
    if (!checksCredential(request, options)) return;
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
