import { AccessRole, Principal } from '@incident-ledger/domain';
import Fastify, { FastifyInstance } from 'fastify';
import { UnauthenticatedError } from './auth.errors';
import { Authenticator } from './authenticator';
import { CredentialRule, installHttpAuthentication } from './http-authentication';
import { RateLimiter } from './rate-limiter';

const VIEWER: Principal = { id: 'k1', name: 'vera', role: AccessRole.VIEWER, kind: 'api-key' };

/** Knows one key, `good`. */
const authenticator = {
  authenticate: async (credential: string | undefined) => {
    if (credential !== 'good') throw new UnauthenticatedError();
    return VIEWER;
  },
} as unknown as Authenticator;

/** A server whose routes declare what @Public declares on a controller's route (its Fastify route config), or nothing. */
async function serverWith(routes: Record<string, CredentialRule | undefined>): Promise<FastifyInstance> {
  const fastify = Fastify();
  installHttpAuthentication(fastify, authenticator, {
    requestBudget: new RateLimiter(100, 100),
    reviewLinks: { path: '/reports/review', open: () => Promise.reject(new Error('no links here')) },
  });
  for (const [url, credential] of Object.entries(routes)) {
    fastify.get(url, { config: credential ? { credential } : {} }, async (request) => ({ caller: request.principal?.name ?? null }));
  }
  // Over a real socket: Fastify's inject needs a module jest cannot load.
  await fastify.listen({ port: 0, host: '127.0.0.1' });
  return fastify;
}

async function get(fastify: FastifyInstance, path: string, key?: string) {
  const { port } = fastify.server.address() as { port: number };
  const response = await fetch(`http://127.0.0.1:${port}${path}`, { headers: key ? { authorization: `Bearer ${key}` } : {} });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('HTTP authentication, on the route a request matched', () => {
  let fastify: FastifyInstance;

  beforeAll(async () => {
    fastify = await serverWith({ '/undeclared': undefined, '/page': 'ignored', '/health': 'optional', '/assets/:name': 'ignored' });
  });

  afterAll(() => fastify.close());

  it('refuses a route that declares nothing without a credential: access is denied by default', async () => {
    expect(await get(fastify, '/undeclared')).toEqual({
      status: 401,
      body: { data: null, errors: [{ message: 'A valid API key or bearer token is required', extensions: { code: 'UNAUTHENTICATED' } }] },
    });
    expect(await get(fastify, '/undeclared', 'good')).toEqual({ status: 200, body: { caller: 'vera' } });
  });

  it('opens a route declared public to anyone, as declared on the route (no list of paths), and looks at no credential there', async () => {
    expect(await get(fastify, '/page')).toEqual({ status: 200, body: { caller: null } });
    expect(await get(fastify, '/assets/graphiql.js', 'wrong')).toEqual({ status: 200, body: { caller: null } });
  });

  it('checks a credential sent to a public route that reads its callers, and shows the route who called', async () => {
    expect(await get(fastify, '/health')).toEqual({ status: 200, body: { caller: null } });
    expect(await get(fastify, '/health', 'good')).toEqual({ status: 200, body: { caller: 'vera' } });
    expect((await get(fastify, '/health', 'wrong')).status).toBe(401);
  });
});
