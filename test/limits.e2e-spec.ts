import { connected, graphql, GraphQLResponse, mustQuery, SubscriptionRecorder, wsClient } from './support/graphql-client';
import { bearer } from './support/keys';
import { DECLARE, INCIDENT, LIST, TIMELINE_FEED } from './support/operations';
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
  it('refuses the slow check from an address after repeated wrong secrets, on /health too, while a key it already uses still works', async () => {
    const guessed = await Promise.all(['a', 'b', 'c', 'd', 'e'].map((name) => server.as(`guessed-${name}`, 'VIEWER')));
    const wrongSecret = (key: string) => `${key.slice(0, 'ilk_'.length + 12 + 1)}${'W'.repeat(43)}`;
    const guessOnGraphQL = async (key: string) => (await graphql({ url: server.url, key: wrongSecret(key) }, '{ me { name } }')).status;
    const guessOnHealth = async (key: string) => (await fetch(server.healthUrl, { headers: bearer(wrongSecret(key)) })).status;
    const statuses = [];
    for (const [index, { key }] of guessed.entries()) statuses.push(await (index % 2 === 0 ? guessOnGraphQL : guessOnHealth)(key as string));
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
    expect((await graphql(server.admin, '{ me { name } }')).status).toBe(200);
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

describe('the cost limit with the default settings', () => {
  let server: RunningServer;

  beforeAll(async () => {
    server = await startServer();
    // One page more than a default page: a page size of null must not answer all of them.
    for (let i = 0; i < 21; i++) await mustQuery(server.admin, DECLARE, { input: { title: `Cost ${i}`, severity: 'SEV5' } });
  });

  afterAll(async () => {
    await server.stop();
    removeDataDir(server.dataDir);
  });

  it('refuses the probe that lowered the cost with a negative size under @skip, before running any of it', async () => {
    const viewer = await server.as('cost-prober', 'VIEWER');
    const heavy = Array.from({ length: 150 }, (_, i) => `a${i}: incidents(first: 100) { edges { node { timeline { summary } } } }`).join('\n');
    const probe = await graphql(viewer, `{ ${heavy}\n neg: actionItems(first: -2000000000) @skip(if: true) { id } }`);
    expect(probe.status).toBe(400);
    expect(probe.body.data).toBeNull();
    expect(probe.body.errors?.map((error) => [error.extensions?.code, error.message])).toEqual([['BAD_USER_INPUT', 'first must be between 1 and 500']]);
    // Without the negative field, the same operation is over the limit.
    const plain = await graphql(viewer, `{ ${heavy} }`);
    expect(plain.status).toBe(400);
    expect(codeOf(plain)).toBe('QUERY_TOO_COMPLEX');
  });

  it('refuses page sizes below 1 given by variables, and reads a null one as the default page', async () => {
    const viewer = await server.as('size-viewer', 'VIEWER');
    for (const first of [0, -5]) {
      const list = await graphql(viewer, LIST, { first });
      expect([codeOf(list), list.body.errors?.[0].message]).toEqual(['BAD_USER_INPUT', 'first must be between 1 and 100']);
      const items = await graphql(viewer, 'query($first: Int) { actionItems(first: $first) { id } }', { first });
      expect(codeOf(items)).toBe('BAD_USER_INPUT');
    }
    const nullPage = await mustQuery(viewer, LIST, { first: null });
    expect(nullPage.incidents.edges).toHaveLength(20);
    expect(nullPage.incidents.pageInfo.hasNextPage).toBe(true);
  });

  it('costs a page size given by a variable as the largest page the field answers', async () => {
    const viewer = await server.as('variable-viewer', 'VIEWER');
    // 30 lists of up to 500 action items, 2 per item: 30,000, over the limit of 25,000 (at 100 items a list, 6,000).
    const lists = Array.from({ length: 30 }, (_, i) => `a${i}: actionItems(first: $n) { id }`).join(' ');
    const answer = await graphql(viewer, `query($n: Int) { ${lists} }`, { n: 500 });
    expect(answer.status).toBe(400);
    expect(codeOf(answer)).toBe('QUERY_TOO_COMPLEX');
    expect(answer.body.errors?.[0].extensions?.cost).toBe(30_000);
  });
});
