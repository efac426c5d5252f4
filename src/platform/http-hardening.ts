import type { FastifyInstance } from 'fastify';

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
