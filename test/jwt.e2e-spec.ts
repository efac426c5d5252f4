import { graphql, GraphQLResponse, mustQuery, SubscriptionRecorder, wsClient } from './support/graphql-client';
import { ADD_NOTE, DECLARE, TIMELINE_FEED } from './support/operations';
import { removeDataDir, RunningServer, startServer } from './support/server';
import { hs256Token, otherRsaKey, TestIssuer } from './support/tokens';

const codeOf = (response: GraphQLResponse) => response.body.errors?.[0]?.extensions?.code;

describe('bearer tokens from an OIDC provider (JWKS)', () => {
  const issuer = new TestIssuer();
  let server: RunningServer;
  const audience = 'incident-ledger';

  beforeAll(async () => {
    await issuer.start();
    server = await startServer({
      env: {
        JWT_JWKS_URL: issuer.jwksUrl,
        JWT_ISSUER: issuer.issuer,
        JWT_AUDIENCE: audience,
        JWT_ROLE_CLAIM: 'groups',
        JWT_ROLE_MAP: 'sre-oncall=RESPONDER,sre-leads=ADMIN,everyone=VIEWER',
      },
    });
  });

  afterAll(async () => {
    await server.stop();
    await issuer.stop();
    removeDataDir(server.dataDir);
  });

  const as = (claims: Record<string, unknown>) => ({ url: server.url, key: issuer.token({ aud: audience, sub: 'u-1', ...claims }) });

  it('accepts a valid token, names the actor from its claims and maps its group to a role', async () => {
    const caller = as({ preferred_username: 'grace', groups: ['everyone', 'sre-oncall'] });
    expect((await mustQuery(caller, '{ me { id name role kind } }')).me).toEqual({ id: 'token:u-1', name: 'grace', role: 'RESPONDER', kind: 'token' });
    const { declareIncident } = await mustQuery(caller, DECLARE, { input: { title: 'Token-declared', severity: 'SEV3' } });
    expect(declareIncident.declaredBy).toBe('grace');
    const lead = as({ sub: 'u-2', email: 'lead@example.com', groups: ['sre-leads'] });
    expect((await mustQuery(lead, '{ me { name role } }')).me).toEqual({ name: 'lead@example.com', role: 'ADMIN' });
  });

  it('lets a viewer token read but not write', async () => {
    const viewer = as({ preferred_username: 'val', groups: 'everyone' });
    expect((await graphql(viewer, '{ activeIncidents { id } }')).body.errors).toBeUndefined();
    const { incidents } = await mustQuery(server.admin, '{ incidents(first: 1) { edges { node { id } } } }');
    const refused = await graphql(viewer, ADD_NOTE, { input: { incidentId: incidents.edges[0].node.id, text: 'x' } });
    expect(codeOf(refused)).toBe('FORBIDDEN');
  });

  it.each([
    ['expired', { exp: Math.floor(Date.now() / 1000) - 3600, groups: 'sre-oncall' }, /expired/],
    ['for another audience', { aud: 'someone-else', groups: 'sre-oncall' }, /aud/],
    ['from another issuer', { iss: 'https://evil.example', groups: 'sre-oncall' }, /iss/],
    ['with no known role', { groups: ['marketing'] }, /no role/],
  ])('refuses a token %s with 401', async (_name, claims, message) => {
    const response = await graphql(as(claims), '{ me { name } }');
    expect(response.status).toBe(401);
    expect(codeOf(response)).toBe('UNAUTHENTICATED');
    expect(response.body.errors?.[0].message).toMatch(message);
  });

  it('refuses a token signed by another key', async () => {
    const forged = issuer.token({ aud: audience, sub: 'u-9', groups: 'sre-leads' }, otherRsaKey());
    const response = await graphql({ url: server.url, key: forged }, '{ me { name } }');
    expect(response.status).toBe(401);
  });

  it('authenticates a graphql-ws connection with a token', async () => {
    const caller = as({ preferred_username: 'grace', groups: 'sre-oncall' });
    const { incidents } = await mustQuery(caller, '{ incidents(first: 1) { edges { node { id } } } }');
    const client = wsClient(server.wsUrl, caller.key);
    const feed = new SubscriptionRecorder(client, TIMELINE_FEED, { incidentId: incidents.edges[0].node.id, afterVersion: 0 }, (d) => d.incidentTimeline);
    expect((await feed.waitFor(1))[0]).toMatchObject({ version: 1, actor: 'grace' });
    await client.dispose();
  });

  it('still accepts API keys', async () => {
    expect((await mustQuery(server.admin, '{ me { role kind } }')).me).toEqual({ role: 'ADMIN', kind: 'api-key' });
  });
});

describe('bearer tokens signed with a shared secret', () => {
  it('accepts HS256 tokens with the right secret, issuer and audience only', async () => {
    const secret = 'a-shared-secret-of-at-least-32-characters!';
    const server = await startServer({ env: { JWT_SECRET: secret, JWT_ISSUER: 'ci', JWT_AUDIENCE: 'ledger' } });
    const good = hs256Token(secret, { iss: 'ci', aud: 'ledger', sub: 'bot', role: 'VIEWER' });
    expect((await mustQuery({ url: server.url, key: good }, '{ me { name role } }')).me).toEqual({ name: 'bot', role: 'VIEWER' });
    const wrongSecret = hs256Token(`${secret}x`, { iss: 'ci', aud: 'ledger', sub: 'bot', role: 'ADMIN' });
    expect((await graphql({ url: server.url, key: wrongSecret }, '{ me { name } }')).status).toBe(401);
    await server.stop();
    removeDataDir(server.dataDir);
  });

  it('refuses to start with a half configuration', async () => {
    await expect(startServer({ env: { JWT_SECRET: 'a-shared-secret-of-at-least-32-characters!' } })).rejects.toThrow(/JWT_ISSUER/);
  });
});
