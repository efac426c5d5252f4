import { Caller, graphql, GraphQLResponse, mustQuery } from './support/graphql-client';
import { bearer } from './support/keys';
import { CORRECT_TIMESTAMP, DECLARE, mutation } from './support/operations';
import { removeDataDir, RunningServer, startServer } from './support/server';

const REVIEW = `query Review($from: DateTime!, $to: DateTime!) { reviewReport(from: $from, to: $to) { incidentCount weeklyBySeverity { weekStart } } }`;
const METRICS = `query Metrics($filter: MetricsFilterInput) { incidentMetrics(filter: $filter) { incidentCount } }`;
const AUDIT = `query Audit($filter: AuditFilterInput) { auditLog(filter: $filter) { entries { position } } }`;
const AS_OF = `query AsOf($id: ID!, $asOf: DateTime) { incident(id: $id, asOf: $asOf) { id } }`;
const LIST = `query List($filter: IncidentFilterInput) { incidents(filter: $filter) { totalCount } }`;
const ADD_ACTION_ITEM = mutation('addActionItem', 'AddActionItemInput');

/** Long enough for any refusal; far shorter than the minute the unbounded report used to take. */
const ANSWER_WITHIN_MS = 10_000;

/**
 * A probe sends times and ranges the ledger does not support: years far in
 * the future or below 1970 (written with four digits, which JavaScript's
 * Date.UTC reads as 19xx), and review periods longer than a year. Each is
 * refused before any work with BAD_USER_INPUT (HTTP 400 on the review page),
 * nothing is written, and the server keeps answering.
 */
describe('time ranges', () => {
  let server: RunningServer;
  let viewer: Caller;
  let base: string;
  let incidentId: string;

  const headPosition = async (): Promise<number> => {
    // The details of /health need a credential.
    const response = await server.health();
    return ((await response.json()) as { store: { headPosition: number } }).store.headPosition;
  };

  /** GET /reports/review with these query parameters, as the viewer. */
  const reviewPage = async (query: string) => {
    const response = await fetch(`${base}/reports/review?${query}`, { headers: bearer(viewer.key as string), signal: AbortSignal.timeout(ANSWER_WITHIN_MS) });
    const text = await response.text();
    return { status: response.status, type: response.headers.get('content-type') ?? '', text };
  };

  const errorOf = (text: string) => (JSON.parse(text) as GraphQLResponse['body']).errors?.[0];

  /** Sends the request and checks that it is refused with BAD_USER_INPUT and writes nothing. */
  const refused = async (send: () => Promise<GraphQLResponse>) => {
    const before = await headPosition();
    const response = await send();
    expect(response.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(await headPosition()).toBe(before);
    return response.body.errors?.[0];
  };

  beforeAll(async () => {
    server = await startServer();
    base = server.url.replace(/\/graphql$/, '');
    viewer = await server.as('victor', 'VIEWER');
    // A key's first use is recorded in the store: make it here, so that the refusals below can show they write nothing.
    await mustQuery(viewer, '{ me { name } }');
    const { declareIncident } = await mustQuery(server.admin, DECLARE, { input: { title: 'Payments time out', severity: 'SEV2' } });
    incidentId = declareIncident.id;
  });

  afterAll(async () => {
    await server.stop();
    removeDataDir(server.dataDir);
  });

  it('refuses the review page for 9999-06-01 to 9999-12-31 at once with 400 BAD_USER_INPUT, and keeps serving', async () => {
    const page = await reviewPage('from=9999-06-01&to=9999-12-31');
    expect(page.status).toBe(400);
    expect(page.type).toContain('application/json');
    expect(errorOf(page.text)).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    expect(errorOf(page.text)?.message).toMatch(/1970.*2999/);
    expect((await fetch(server.healthUrl, { signal: AbortSignal.timeout(ANSWER_WITHIN_MS) })).status).toBe(200);
  });

  it('refuses the reviewReport query for 9999-06-01 to 9999-12-31 at once with BAD_USER_INPUT', async () => {
    const response = await graphql(viewer, REVIEW, { from: '9999-06-01T00:00:00Z', to: '9999-12-31T00:00:00Z' });
    expect(response.body.data ?? null).toBeNull();
    expect(response.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(response.body.errors?.[0]?.message).toMatch(/1970.*2999/);
  });

  it.each([
    ['the year 26', 'from=0026-03-01&to=0026-04-01', '0026', '1926'],
    ['the year 0', 'from=0000-01-01&to=0000-02-01', '0000', '1900'],
    ['the year 26 as a date-time', 'from=0026-03-01T00:00:00Z&to=0026-04-01T00:00:00Z', '0026', '1926'],
  ])('refuses a review page in %s instead of reading it as 19xx', async (_name, query, asWritten, misread) => {
    const page = await reviewPage(query);
    expect(page.status).toBe(400);
    expect(errorOf(page.text)).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    expect(errorOf(page.text)?.message).toContain(asWritten);
    expect(page.text).not.toContain(misread);
  });

  it('refuses a review longer than 366 days, and serves a leap year whole', async () => {
    const leapYear = await reviewPage('from=2024-01-01&to=2025-01-01');
    expect(leapYear.status).toBe(200);
    expect(leapYear.type).toContain('text/html');
    const tooLong = await reviewPage('from=2025-01-01&to=2026-01-03');
    expect(tooLong.status).toBe(400);
    expect(errorOf(tooLong.text)).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    expect(errorOf(tooLong.text)?.message).toMatch(/366 days/);

    const query = await graphql(viewer, REVIEW, { from: '2025-01-01T00:00:00Z', to: '2026-01-03T00:00:00Z' });
    expect(query.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const { reviewReport } = await mustQuery(viewer, REVIEW, { from: '2024-01-01T00:00:00Z', to: '2025-01-01T00:00:00Z' });
    expect(reviewReport.weeklyBySeverity[0].weekStart).toBe('2024-01-01');
    expect(reviewReport.weeklyBySeverity).toHaveLength(53);
  });


  it('says why a time is refused the second time a query is sent too, once the query is compiled', async () => {
    const query = `query Once($filter: MetricsFilterInput) { incidentMetrics(filter: $filter) { incidentCount } }`;
    for (const attempt of [1, 2, 3]) {
      const error = await refused(() => graphql(viewer, query, { filter: { to: `${9000 + attempt}-01-01T00:00:00Z` } }));
      expect([attempt, error?.message]).toEqual([attempt, expect.stringMatching(/1970.*2999/)]);
    }
  });

  it.each([
    ['incidentMetrics from the year 26', () => graphql(viewer, METRICS, { filter: { from: '0026-01-01T00:00:00Z' } })],
    ['incidentMetrics to 9999', () => graphql(viewer, METRICS, { filter: { to: '9999-12-31T00:00:00Z' } })],
    ['incidents declared from 1969', () => graphql(viewer, LIST, { filter: { declaredFrom: '1969-12-31T23:59:59Z' } })],
    ['the audit log from 9999', () => graphql(server.admin, AUDIT, { filter: { from: '9999-06-01T00:00:00Z' } })],
    ['the audit log to the year 0', () => graphql(server.admin, AUDIT, { filter: { to: '0000-01-01T00:00:00Z' } })],
    ['time travel to the year 500', () => graphql(viewer, AS_OF, { id: incidentId, asOf: '0500-01-01T00:00:00Z' })],
  ])('refuses %s with BAD_USER_INPUT', async (_name, send) => {
    const error = await refused(send);
    expect(error?.message).toMatch(/1970.*2999/);
  });

  it.each([
    ['an impact start in the year 26', () => graphql(server.admin, DECLARE, { input: { title: 'Old', severity: 'SEV3', impactStartedAt: '0026-03-01T00:00:00Z' } })],
    ['a detection in 1969', () => graphql(server.admin, DECLARE, { input: { title: 'Old', severity: 'SEV3', detectedAt: '1969-07-20T20:17:00Z' } })],
    ['an action item due in 9999', () => graphql(server.admin, ADD_ACTION_ITEM, { input: { incidentId, title: 'Fix it', owner: 'ana', type: 'PREVENT', dueAt: '9999-01-01T00:00:00Z' } })],
    ['a correction to the year 0', () => graphql(server.admin, CORRECT_TIMESTAMP, { input: { incidentId, field: 'DETECTED', to: '0000-01-01T00:00:00Z', reason: 'typo' } })],
  ])('refuses %s with BAD_USER_INPUT and writes nothing', async (_name, send) => {
    await refused(send);
  });

  it('refuses an empty or reversed range with BAD_USER_INPUT on every range', async () => {
    const [from, to] = ['2026-03-02T00:00:00Z', '2026-03-01T00:00:00Z'];
    await refused(() => graphql(viewer, LIST, { filter: { declaredFrom: from, declaredTo: to } }));
    await refused(() => graphql(server.admin, AUDIT, { filter: { from, to } }));
    await refused(() => graphql(viewer, METRICS, { filter: { from, to } }));
    await refused(() => graphql(viewer, REVIEW, { from, to }));
  });

  it('accepts the edges of the supported years', async () => {
    const { incidents } = await mustQuery(viewer, LIST, { filter: { declaredFrom: '1970-01-01T00:00:00Z', declaredTo: '2999-12-31T23:59:59.999Z' } });
    expect(incidents.totalCount).toBe(1);
    const { reviewReport } = await mustQuery(viewer, REVIEW, { from: '2999-01-01T00:00:00Z', to: '2999-12-31T23:59:59.999Z' });
    expect(reviewReport.weeklyBySeverity.at(-1).weekStart).toBe('2999-12-30');
  });

  it('answers an unknown path with 404 JSON carrying NOT_FOUND', async () => {
    const response = await fetch(`${base}/reports/unknown`, { headers: bearer(viewer.key as string) });
    expect(response.status).toBe(404);
    expect(((await response.json()) as GraphQLResponse['body']).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});
