import type { FastifyInstance, FastifyRequest } from 'fastify';
import { credentialFromHeaders } from '../graphql/request-context';
import { UnauthenticatedError } from './auth.errors';
import { Authenticator } from './authenticator';

declare module 'fastify' {
  interface FastifyRequest {
    principal?: import('@incident-ledger/domain').Principal;
  }
}

function needsCredential(request: FastifyRequest, protectedPath: string): boolean {
  const path = request.url.split('?')[0];
  if (path !== protectedPath) return false;
  // graphql-ws connections authenticate in their connection_init message.
  return request.headers.upgrade?.toLowerCase() !== 'websocket';
}

/**
 * Every GraphQL request over HTTP needs a credential, checked before its body
 * is read: without one the answer is 401 UNAUTHENTICATED and nothing runs
 * (not even introspection).
 */
export function installHttpAuthentication(fastify: FastifyInstance, authenticator: Authenticator, protectedPath = '/graphql'): void {
  fastify.addHook('onRequest', async (request, reply) => {
    if (!needsCredential(request, protectedPath)) return;
    try {
      request.principal = await authenticator.authenticate(credentialFromHeaders(request.headers));
    } catch (error) {
      if (!(error instanceof UnauthenticatedError)) throw error;
      return reply
        .code(401)
        .header('www-authenticate', 'Bearer')
        .send({ data: null, errors: [{ message: error.message, extensions: { code: 'UNAUTHENTICATED' } }] });
    }
  });
}
