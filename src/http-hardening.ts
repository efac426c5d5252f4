import type { FastifyInstance } from 'fastify';

/**
 * Security headers on every answer. The API serves JSON only, so its pages
 * may load nothing and be framed nowhere; the GraphiQL page keeps its own
 * needs (it loads its scripts).
 */
export function installSecurityHeaders(fastify: FastifyInstance): void {
  fastify.addHook('onSend', async (request, reply) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('x-frame-options', 'DENY');
    reply.header('referrer-policy', 'no-referrer');
    if (!request.url.startsWith('/graphiql')) {
      reply.header('content-security-policy', "default-src 'none'; frame-ancestors 'none'");
    }
  });
}

/** CORS_ORIGINS as a list: empty means closed (no cross-origin browser access). */
export function corsOrigins(value: string): string[] {
  return value
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
}
