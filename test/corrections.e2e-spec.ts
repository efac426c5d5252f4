import { graphql, GraphQLResponse, mustQuery } from './support/graphql-client';
import { CLOSE, CORRECT_TIMESTAMP, DECLARE, INCIDENT, RESOLVE } from './support/operations';
import { removeDataDir, RunningServer, startServer } from './support/server';

/**
 * Timestamp corrections: a review finds the real impact start or end, sets it
 * right with a reason, on a closed incident too; the incident shows the
 * corrected time and the timeline keeps the correction.
 */
describe('timestamp corrections', () => {
  let server: RunningServer;

  const headPosition = async (): Promise<number> =>
    ((await (await server.health()).json()) as { store: { headPosition: number } }).store.headPosition;
  const codeOf = (response: GraphQLResponse) => response.body.errors?.[0]?.extensions?.code;

  beforeAll(async () => {
    server = await startServer();
  });

  afterAll(async () => {
    await server.stop();
    removeDataDir(server.dataDir);
  });

  it('corrects the impact start and the resolution of a closed incident, and the timeline tells it', async () => {
    const responder = await server.as('carol');
    const { declareIncident } = await mustQuery(responder, DECLARE, {
      input: { title: 'Payments time out', severity: 'SEV2', impactStartedAt: '2026-01-10T09:00:00.000Z', detectedAt: '2026-01-10T09:05:00.000Z' },
    });
    const id = declareIncident.id;
    await mustQuery(responder, RESOLVE, { input: { incidentId: id } });
    const { closeIncident } = await mustQuery(responder, CLOSE, { input: { incidentId: id } });

    await mustQuery(responder, CORRECT_TIMESTAMP, {
      input: { incidentId: id, field: 'IMPACT_STARTED', to: '2026-01-10T08:40:00.000Z', reason: 'Error rates rose from 08:40' },
    });
    // Resolved with no MONITORING step, it was mitigated when resolved: mitigation moves first, then the resolution.
    const resolvedAt = closeIncident.resolvedAt as string;
    const mitigated = new Date(Date.parse(resolvedAt) - 10 * 60_000).toISOString();
    const earlierResolution = new Date(Date.parse(resolvedAt) - 5 * 60_000).toISOString();
    await mustQuery(responder, CORRECT_TIMESTAMP, {
      input: { incidentId: id, field: 'MITIGATED', to: mitigated, reason: 'Traffic was failed over at once' },
    });
    const { correctIncidentTimestamp } = await mustQuery(responder, CORRECT_TIMESTAMP, {
      input: { incidentId: id, field: 'RESOLVED', to: earlierResolution, reason: 'Errors stopped before the all-clear', expectedVersion: closeIncident.version + 2 },
    });
    expect(correctIncidentTimestamp).toMatchObject({
      impactStartedAt: '2026-01-10T08:40:00.000Z',
      mitigatedAt: mitigated,
      resolvedAt: earlierResolution,
      status: 'CLOSED',
      version: closeIncident.version + 3,
    });

    const { incident } = await mustQuery(server.admin, INCIDENT, { id });
    expect(incident).toMatchObject({ impactStartedAt: '2026-01-10T08:40:00.000Z', resolvedAt: earlierResolution, detectedAt: '2026-01-10T09:05:00.000Z' });
    const corrections = incident.timeline.filter((entry: { type: string }) => entry.type === 'IncidentTimestampCorrected');
    expect(corrections).toEqual([
      expect.objectContaining({
        actor: 'carol',
        correctedTimestamp: 'IMPACT_STARTED',
        correctedFrom: '2026-01-10T09:00:00.000Z',
        correctedTo: '2026-01-10T08:40:00.000Z',
        text: 'Error rates rose from 08:40',
        summary: 'carol corrected the impact start time from 2026-01-10T09:00:00.000Z to 2026-01-10T08:40:00.000Z: Error rates rose from 08:40',
      }),
      expect.objectContaining({ correctedTimestamp: 'MITIGATED', correctedFrom: resolvedAt, correctedTo: mitigated }),
      expect.objectContaining({ correctedTimestamp: 'RESOLVED', correctedFrom: resolvedAt, correctedTo: earlierResolution }),
    ]);
  });

  it('warns, in the answer and in every later read, of a moment long before the declaration, until a correction sets it right', async () => {
    const responder = await server.as('dana');
    const ago = (ms: number) => new Date(Date.now() - ms).toISOString();
    const day = 86_400_000;
    const WARNINGS = 'id warnings { code timestamp message }';
    const declare = async (input: Record<string, unknown>) =>
      (await mustQuery(responder, `mutation($input: DeclareIncidentInput!) { declareIncident(input: $input) { ${WARNINGS} } }`, { input })).declareIncident;

    const plausible = await declare({ title: 'Cart is slow', severity: 'SEV3', impactStartedAt: ago(2 * 3_600_000) });
    expect(plausible.warnings).toEqual([]);

    const typo = await declare({ title: 'Checkout returns 502s', severity: 'SEV2', impactStartedAt: ago(30 * day) });
    const warning = {
      code: 'LONG_BEFORE_DECLARATION',
      timestamp: 'IMPACT_STARTED',
      message: expect.stringMatching(/^The impact start \(.+\) lies 30 days before the declaration \(.+\): check its date/),
    };
    expect(typo.warnings).toEqual([warning]);
    // Accepted all the same: a review may find a cause latent for weeks.
    const { incident } = await mustQuery(responder, `query($id: ID!) { incident(id: $id) { ${WARNINGS} impactStartedAt } }`, { id: typo.id });
    expect(incident.warnings).toEqual([warning]);
    const { activeIncidents } = await mustQuery(responder, `{ activeIncidents { ${WARNINGS} } }`);
    expect(activeIncidents.find((line: { id: string }) => line.id === typo.id).warnings).toEqual([warning]);

    const { correctIncidentTimestamp } = await mustQuery(
      responder,
      `mutation($input: CorrectIncidentTimestampInput!) { correctIncidentTimestamp(input: $input) { ${WARNINGS} } }`,
      { input: { incidentId: typo.id, field: 'IMPACT_STARTED', to: ago(3_600_000), reason: 'The month was a typo' } },
    );
    expect(correctIncidentTimestamp.warnings).toEqual([]);

    const lateDeclaration = await declare({ title: 'Backups were skipped', severity: 'SEV4', detectedAt: ago(10 * day) });
    expect(lateDeclaration.warnings).toEqual([expect.objectContaining({ code: 'LONG_BEFORE_DECLARATION', timestamp: 'DETECTED' })]);
  });

  it('refuses a time in the future, out of order, or for a moment not reached, and writes nothing', async () => {
    const { declareIncident } = await mustQuery(server.admin, DECLARE, { input: { title: 'Search is slow', severity: 'SEV4', detectedAt: '2026-01-05T00:00:00.000Z' } });
    const id = declareIncident.id;
    // A key's first use is noted in the log in the background: let that land before counting writes.
    for (let last = -1, now = await headPosition(); now !== last; last = now, now = await headPosition()) await new Promise((resolve) => setTimeout(resolve, 200));
    const attempt = async (field: string, to: string, reason = 'because') => {
      const before = await headPosition();
      const response = await graphql(server.admin, CORRECT_TIMESTAMP, { input: { incidentId: id, field, to, reason } });
      expect(await headPosition()).toBe(before);
      return response;
    };
    expect(codeOf(await attempt('DETECTED', new Date(Date.now() + 3_600_000).toISOString()))).toBe('BAD_USER_INPUT');
    // Impact cannot start after detection.
    expect(codeOf(await attempt('IMPACT_STARTED', '2026-01-06T00:00:00.000Z'))).toBe('BAD_USER_INPUT');
    const unreached = await attempt('ACKNOWLEDGED', '2026-01-01T00:00:00.000Z');
    expect(codeOf(unreached)).toBe('CONFLICT');
    expect(unreached.body.errors?.[0]?.extensions?.reason).toBe('MILESTONE_NOT_REACHED');
    expect(codeOf(await attempt('DETECTED', '2026-01-01T00:00:00.000Z', ''))).toBe('BAD_USER_INPUT');
    expect(codeOf(await attempt('WHENEVER', '2026-01-01T00:00:00.000Z'))).toBe('BAD_USER_INPUT');
  });

  it('is refused to a viewer', async () => {
    const { declareIncident } = await mustQuery(server.admin, DECLARE, { input: { title: 'Login fails', severity: 'SEV3' } });
    const viewer = await server.as('vic', 'VIEWER');
    const response = await graphql(viewer, CORRECT_TIMESTAMP, {
      input: { incidentId: declareIncident.id, field: 'DETECTED', to: '2026-01-01T00:00:00.000Z', reason: 'r' },
    });
    expect(codeOf(response)).toBe('FORBIDDEN');
  });
});
