import type { FastifyInstance, FastifyReply } from 'fastify';

/**
 * Security headers on every answer. The API serves JSON, so its answers
 * may load nothing and be framed nowhere; a page that needs more sets its own
 * policy (the review report allows its inline styles, the GraphiQL page its
 * scripts and styles from this server).
 */
export function installSecurityHeaders(fastify: FastifyInstance): void {
  // The callback form: no I/O here, and an async hook would cost every answer a promise and a tick.
  fastify.addHook('onSend', (_request, reply, payload, done) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('x-frame-options', 'DENY');
    reply.header('referrer-policy', 'no-referrer');
    if (!reply.hasHeader('content-security-policy')) {
      reply.header('content-security-policy', "default-src 'none'; frame-ancestors 'none'");
    }
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
