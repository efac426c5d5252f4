import { connected, graphql, GraphQLResponse, mustQuery, SubscriptionRecorder, wsClient } from './support/graphql-client';
import { bearer, newApiKey } from './support/keys';
import { DECLARE, INCIDENT, TIMELINE_FEED } from './support/operations';
import { removeDataDir, RunningServer, startServer } from './support/server';

const codeOf = (response: GraphQLResponse) => response.body.errors?.[0]?.extensions?.code;

describe('limits', () => {
  let server: RunningServer;
  let incidentId: string;

  beforeAll(async () => {
    server = await startServer({
      env: {
        RATE_LIMIT_PER_SECOND: '1',
        RATE_LIMIT_BURST: '30',
        AUTH_FAILURES_PER_MINUTE: '3',
        GRAPHQL_MAX_COST: '5000',
        GRAPHQL_MAX_DEPTH: '4',
        MAX_SUBSCRIPTIONS_PER_CONNECTION: '2',
        CORS_ORIGINS: 'https://console.example.com',
      },
    });
    ({ declareIncident: { id: incidentId } } = await mustQuery(server.admin, DECLARE, { input: { title: 'Limits', severity: 'SEV5' } }));
  });

  afterAll(async () => {
    await server.stop();
    removeDataDir(server.dataDir);
  });

  it('answers 429 RATE_LIMITED with Retry-After once a key has spent its burst, other keys unaffected', async () => {
    const busy = await server.as('busy-bot', 'VIEWER');
    const calm = await server.as('calm-bot', 'VIEWER');
    const answers = [];
    for (let i = 0; i < 35; i++) {
      const response = await fetch(server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${busy.key}` },
        body: JSON.stringify({ query: '{ me { name } }' }),
      });
      answers.push({
        status: response.status,
        retryAfter: response.headers.get('retry-after'),
        body: (await response.json()) as GraphQLResponse['body'],
      });
    }
    const limited = answers.filter((answer) => answer.status === 429);
    expect(limited.length).toBeGreaterThanOrEqual(3);
    expect(limited[0].body.errors?.[0].extensions?.code).toBe('RATE_LIMITED');
    expect(Number(limited[0].retryAfter)).toBeGreaterThanOrEqual(1);
    expect((await graphql(calm, '{ me { name } }')).status).toBe(200);
  });

  it('refuses an operation over the cost limit with QUERY_TOO_COMPLEX', async () => {
    const viewer = await server.as('cost-viewer', 'VIEWER');
    const heavy = await graphql(viewer, '{ activeIncidents { id timeline { version summary } } }');
    expect(heavy.status).toBe(400);
    expect(codeOf(heavy)).toBe('QUERY_TOO_COMPLEX');
    const light = await graphql(viewer, '{ incidents(first: 10) { edges { node { id title } } } }');
    expect(light.body.errors).toBeUndefined();
  });

  it('refuses an operation deeper than the depth limit', async () => {
    const viewer = await server.as('depth-viewer', 'VIEWER');
    const deep = await graphql(viewer, '{ incidents(first: 1) { edges { node { latestExternalUpdate { message } } } } }');
    expect(deep.status).toBe(400);
    expect(codeOf(deep)).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('refuses overlong plain string arguments', async () => {
    const viewer = await server.as('length-viewer', 'VIEWER');
    const response = await graphql(viewer, INCIDENT, { id: 'x'.repeat(5000) });
    expect(codeOf(response)).toBe('BAD_USER_INPUT');
  });

  it('caps the subscriptions one connection may hold', async () => {
    const viewer = await server.as('feed-viewer', 'VIEWER');
    const client = wsClient(server.wsUrl, viewer.key);
    const feeds = [0, 1, 2].map(() => new SubscriptionRecorder(client, TIMELINE_FEED, { incidentId }, (d) => d.incidentTimeline));
    await connected(client).catch(() => undefined);
    await feeds[2].waitFor(1, 5000);
    expect(JSON.stringify(feeds[2].errors)).toContain('LIMIT_EXCEEDED');
    expect(feeds[0].errors).toEqual([]);
    feeds[0].stop();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const another = new SubscriptionRecorder(client, TIMELINE_FEED, { incidentId }, (d) => d.incidentTimeline);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(another.errors).toEqual([]);
    await client.dispose();
  });

  it('sends security headers', async () => {
    const response = await fetch(server.healthUrl);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
  });

  it('answers CORS for the configured origin only', async () => {
    const preflight = (origin: string) =>
      fetch(server.url, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
      });
    const allowed = await preflight('https://console.example.com');
    expect(allowed.status).toBeLessThan(300);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://console.example.com');
    const other = await preflight('https://evil.example');
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  // Last: it locks this test's address out for a minute.
  it('refuses an address after repeated failed authentications, before checking more keys, on /health too', async () => {
    const guessOnGraphQL = async () => (await graphql({ url: server.url, key: newApiKey() }, '{ me { name } }')).status;
    const guessOnHealth = async () => (await fetch(server.healthUrl, { headers: bearer(newApiKey()) })).status;
    const statuses = [await guessOnGraphQL(), await guessOnHealth(), await guessOnGraphQL(), await guessOnHealth(), await guessOnGraphQL()];
    expect(statuses.slice(0, 3)).toEqual([401, 401, 401]);
    expect(statuses.slice(3)).toEqual([429, 429]);
    // A probe without a credential is no guess: it still gets the status.
    expect((await fetch(server.healthUrl)).status).toBe(200);
  });
});

describe('CORS by default', () => {
  it('is closed', async () => {
    const server = await startServer();
    const response = await fetch(server.url, {
      method: 'OPTIONS',
      headers: { origin: 'https://console.example.com', 'access-control-request-method': 'POST' },
    });
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    await server.stop();
    removeDataDir(server.dataDir);
  });
});
