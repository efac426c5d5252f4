import type { Principal, ReviewLinkReport } from '@incident-ledger/domain';
import { renderReviewLinkRefusedHtml } from '@incident-ledger/presentation';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { httpErrorAnswer } from '../errors/http-error-answer';
import { credentialFromHeaders } from '../graphql/request-context';
import { RateLimitedError, ReviewLinkRefusedError, TooManyFailuresError, UnauthenticatedError } from './auth.errors';
import { Authenticator } from './authenticator';
import { RateLimiter } from './rate-limiter';

declare module 'fastify' {
  interface FastifyRequest {
    principal?: import('@incident-ledger/domain').Principal;
    /** The report a review link opens, when the request came with one instead of a credential. */
    reviewLink?: import('@incident-ledger/domain').ReviewLinkReport;
  }
  interface FastifyContextConfig {
    /** What the route declares of credentials (see @Public); a route that declares nothing needs one. */
    credential?: CredentialRule;
  }
}

/**
 * How a route treats credentials: `required` (every route that does not say
 * otherwise), `optional` (checked when sent; the route shows more to a
 * caller), `ignored` (open to anyone, a credential sent is not looked at).
 */
export type CredentialRule = 'required' | 'optional' | 'ignored';

export interface HttpAuthenticationOptions {
  /** Each credential's request budget. */
  requestBudget: RateLimiter;
  /**
   * The one path where a review link (`?link=<token>`) stands in for a credential, and how a link's token is
   * opened: into the principal who made it and the report it opens, or a ReviewLinkRefusedError.
   */
  reviewLinks: { path: string; open(token: string): Promise<{ principal: Principal; report: ReviewLinkReport }> };
}

/**
 * The route a request reached, as the router matched it (percent-escapes
 * decoded, the query left out): what the check is about, not the raw URL,
 * which `/%67raphql` would slip past. Fastify builds this object on every
 * read, so a request reads it once.
 */
type MatchedRoute = FastifyRequest['routeOptions'];

/** The review link a request carries in place of a credential: only on its route, as `link`, without a credential. */
function reviewLinkOf(request: FastifyRequest, route: MatchedRoute, options: HttpAuthenticationOptions): unknown {
  if (route.url !== options.reviewLinks.path || credentialSent(request)) return undefined;
  return (request.query as Record<string, unknown> | undefined)?.link;
}

/** Whether a request's credential is checked, as the route it matched declares: a route added later is closed until it says otherwise. */
function checksCredential(request: FastifyRequest, route: MatchedRoute): boolean {
  // Nothing runs for a CORS preflight.
  if (request.method === 'OPTIONS') return false;
  // A real WebSocket upgrade (Node's parser saw it, not just an Upgrade header): graphql-ws
  // connections authenticate in their connection_init message.
  if ((request.raw as { upgrade?: boolean }).upgrade === true) return false;
  switch (route.config.credential ?? 'required') {
    case 'ignored':
      return false;
    case 'optional':
      // Checked like anywhere else, limits included: an open route is no way round the limit on guessing keys.
      return credentialSent(request);
    case 'required':
      return true;
  }
}

function credentialSent(request: FastifyRequest): boolean {
  return request.headers.authorization !== undefined || request.headers['x-api-key'] !== undefined;
}

/**
 * A refused review link, told to whoever opened it: a person who followed it
 * in a browser reads a page; a program gets the JSON every route answers.
 */
function refuseLink(request: FastifyRequest, reply: FastifyReply, error: ReviewLinkRefusedError) {
  if (!/\btext\/html\b/.test(request.headers.accept ?? '')) return refuse(reply, error, {});
  return reply
    .code(401)
    .headers({ 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'" })
    .send(renderReviewLinkRefusedHtml(error.message));
}

/**
 * A refusal answered through the mapping every route answers with; `data:
 * null` as well, since most of these requests are GraphQL ones (/graphql),
 * refused before GraphQL runs.
 */
function refuse(reply: FastifyReply, error: Error, headers: Record<string, string>) {
  const answer = httpErrorAnswer(error);
  return reply
    .code(answer.status)
    .headers(headers)
    .send({ data: null, ...answer.body });
}

/**
 * Every request to a route that is not declared public (@Public) needs a credential, checked before its body
 * is read: without one the answer is 401 UNAUTHENTICATED and nothing runs
 * (not even introspection); too many wrong secrets for a key or from an
 * address answer 429 RATE_LIMITED (see Authenticator). Each key then spends
 * from its rate limit: 429 RATE_LIMITED with Retry-After when it is used up.
 * On an optional route the same happens to a request that sends a credential;
 * one that sends none goes on without a principal. On the review page, a
 * review link sent without a credential acts for whoever made it, there only,
 * and spends from their rate limit.
 */
export function installHttpAuthentication(fastify: FastifyInstance, authenticator: Authenticator, options: HttpAuthenticationOptions): void {
  // A request with nothing to check (an open route, an unknown one) goes on at once, without a promise.
  fastify.addHook('onRequest', (request, reply, done) => {
    // Nothing runs for an unknown route (404).
    if (request.is404) return done();
    const route = request.routeOptions;
    if (reviewLinkOf(request, route, options) === undefined && !checksCredential(request, route)) return done();
    authenticate(request, route, reply).then(() => {
      if (!reply.sent) done();
    }, done);
  });

  async function authenticate(request: FastifyRequest, route: MatchedRoute, reply: FastifyReply): Promise<unknown> {
    const link = reviewLinkOf(request, route, options);
    if (link !== undefined) {
      try {
        const opened = await options.reviewLinks.open(typeof link === 'string' ? link : '');
        request.principal = opened.principal;
        request.reviewLink = opened.report;
      } catch (error) {
        if (!(error instanceof ReviewLinkRefusedError)) throw error;
        return refuseLink(request, reply, error);
      }
    } else {
      if (!checksCredential(request, route)) return;
      try {
        request.principal = await authenticator.authenticate(credentialFromHeaders(request.headers), request.ip);
      } catch (error) {
        if (error instanceof TooManyFailuresError) {
          return refuse(reply, error, { 'retry-after': String(error.retryAfterSeconds) });
        }
        if (!(error instanceof UnauthenticatedError)) throw error;
        return refuse(reply, error, { 'www-authenticate': 'Bearer' });
      }
    }
    const spent = options.requestBudget.take(request.principal.id);
    if (!spent.allowed) {
      return refuse(reply, new RateLimitedError(spent.retryAfterSeconds), { 'retry-after': String(spent.retryAfterSeconds) });
    }
    return undefined;
  }
}
