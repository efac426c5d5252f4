import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CORRELATION_HEADER } from './graphql/request-context';

/**
 * Security headers: the API serves JSON, so its answers may load nothing and
 * be framed nowhere; a page that needs more sets its own policy (the review
 * report allows its inline styles, the GraphiQL page its scripts and styles
 * from this server, the status page its styles).
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
};

/**
 * What every answer of this server carries besides its own headers: its
 * request's correlation id and, once `closing()`, `connection: close`, so
 * that keep-alive connections do not hold the shutdown's drain open. The
 * API's answers get it from installAnswerHeaders, the public status page's
 * from its own instance, which has no hooks.
 */
export function markAnswer(request: FastifyRequest, reply: FastifyReply, closing: () => boolean): void {
  void reply.header(CORRELATION_HEADER, request.id);
  if (closing()) void reply.header('connection', 'close');
}

/**
 * The API's answers, in one hook (each hook costs every request):
 * SECURITY_HEADERS (but a policy the route set itself), and markAnswer.
 */
export function installAnswerHeaders(fastify: FastifyInstance, closing: () => boolean): void {
  const securityHeaders = Object.entries(SECURITY_HEADERS);
  // The callback form: no I/O here, and an async hook would cost every answer a promise and a tick.
  fastify.addHook('onSend', (request, reply, payload, done) => {
    for (const [name, value] of securityHeaders) if (!reply.hasHeader(name)) reply.header(name, value);
    markAnswer(request, reply, closing);
    done(null, payload);
  });
}

/** CORS_ORIGINS as a list: empty means closed (no cross-origin browser access). */
export function corsOrigins(value: string): string[] {
  return value
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
}

/**
 * A page opened from a link sent to one person (a page's acknowledgement, a
 * subscription's confirmation): the token in its URL is a credential, so no
 * cache keeps the page, no Referer carries the URL elsewhere, no search
 * engine indexes it; `policy` says what the page itself may use.
 */
export function sendLinkPage(reply: FastifyReply, status: number, page: string, policy: string): void {
  void reply
    .code(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('referrer-policy', 'no-referrer')
    .header('x-robots-tag', 'noindex')
    .header('content-security-policy', policy)
    .send(page);
}
