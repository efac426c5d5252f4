import { Caller, graphql, GraphQLResponse } from './support/graphql-client';
import { bearer } from './support/keys';
import { removeDataDir, RunningServer, startServer } from './support/server';

const REVIEW = `query Review($from: DateTime, $to: DateTime, $timeZone: String, $recurringThreshold: Int, $workdayStartHour: Int, $workdayEndHour: Int) {
  reviewReport(from: $from, to: $to, timeZone: $timeZone, recurringThreshold: $recurringThreshold, workdayStartHour: $workdayStartHour, workdayEndHour: $workdayEndHour) { incidentCount }
}`;

type Parameters = Record<string, string | number>;

/** What a client reads of a refusal: its message and extensions (code, reason, the facts). */
const refusalOf = (body: GraphQLResponse['body']) => {
  const [error] = body.errors ?? [];
  return { message: error?.message, extensions: error?.extensions };
};

/**
 * The review report is asked for two ways: the `reviewReport` query, and
 * the HTML page at GET /reports/review with the same parameters in its
 * address. A refusal must read the same on both (code, reason, message,
 * fields): one mapping answers for both, and the page declares the same
 * permission as the query.
 */
describe('the review page refuses as the reviewReport query does', () => {
  let server: RunningServer;
  let base: string;

  const overGraphQL = async (caller: Caller, parameters: Parameters) => refusalOf((await graphql(caller, REVIEW, parameters)).body);

  const overHttp = async (caller: Caller, parameters: Parameters) => {
    const query = new URLSearchParams(Object.entries(parameters).map(([name, value]): [string, string] => [name, String(value)]));
    const response = await fetch(`${base}/reports/review?${query}`, { headers: caller.key ? bearer(caller.key) : {} });
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    return { status: response.status, refusal: refusalOf((await response.json()) as GraphQLResponse['body']) };
  };

  beforeAll(async () => {
    server = await startServer();
    base = server.url.replace(/\/graphql$/, '');
  });

  afterAll(async () => {
    await server.stop();
    removeDataDir(server.dataDir);
  });

  it.each<[string, Parameters]>([
    ['an unknown time zone', { timeZone: 'Mars/Olympus' }],
    ['a range that ends before it starts', { from: '2026-03-30T00:00:00Z', to: '2026-03-02T00:00:00Z' }],
    ['a review over 366 days', { from: '2024-01-01T00:00:00Z', to: '2025-06-01T00:00:00Z' }],
    ['a recurring threshold below 1', { recurringThreshold: 0 }],
    ['working hours that end before they start', { workdayStartHour: 18, workdayEndHour: 9 }],
  ])('refuses %s with the same BAD_USER_INPUT, reason, fields and message, at 400', async (_case, parameters) => {
    const viewer = await server.as('victor', 'VIEWER');
    const query = await overGraphQL(viewer, parameters);
    expect(query.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_INPUT' });
    expect(await overHttp(viewer, parameters)).toEqual({ status: 400, refusal: query });
  });

  it('refuses a time the DateTime scalar refuses with the same BAD_USER_INPUT, at 400 (over GraphQL in the words of variable coercion)', async () => {
    const viewer = await server.as('victor', 'VIEWER');
    const parameters = { from: '3100-01-01T00:00:00Z', to: '3100-02-01T00:00:00Z' };
    const query = await graphql(viewer, REVIEW, parameters);
    expect([query.status, refusalOf(query.body).extensions?.code]).toEqual([400, 'BAD_USER_INPUT']);
    const page = await overHttp(viewer, parameters);
    expect([page.status, page.refusal.extensions?.code]).toEqual([400, 'BAD_USER_INPUT']);
  });

  it('refuses a role without read access with the same FORBIDDEN and message, at 403', async () => {
    const alertmanager = await server.as('alertmanager', 'INGEST');
    const query = await overGraphQL(alertmanager, {});
    expect(query).toEqual({
      message: 'reviewReport needs the VIEWER or RESPONDER or ADMIN role; this credential is INGEST',
      extensions: { code: 'FORBIDDEN' },
    });
    expect(await overHttp(alertmanager, {})).toEqual({ status: 403, refusal: query });
  });

  it('refuses a caller without a credential with the same UNAUTHENTICATED and message, at 401', async () => {
    const anonymous: Caller = { url: server.url };
    const query = await overGraphQL(anonymous, {});
    expect(query.extensions).toEqual({ code: 'UNAUTHENTICATED' });
    expect(await overHttp(anonymous, {})).toEqual({ status: 401, refusal: query });
  });
});
