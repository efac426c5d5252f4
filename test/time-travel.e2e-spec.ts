import { graphql, mustQuery } from './support/graphql-client';
import { ACKNOWLEDGE, ADD_NOTE, CLOSE, CORRECT_TIMESTAMP, DECLARE, INCIDENT_FIELDS, RESOLVE, TIMELINE_FIELDS } from './support/operations';
import { removeDataDir, RunningServer, startServer } from './support/server';

const BOARD = `query Board($asOf: DateTime) { activeIncidents(asOf: $asOf) { ${INCIDENT_FIELDS} } }`;
const ONE = `query One($id: ID!, $asOf: DateTime) { incident(id: $id, asOf: $asOf) { ${INCIDENT_FIELDS} timeline { ${TIMELINE_FIELDS} } } }`;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Time travel: the status board and an incident as they were at a past
 * instant, rebuilt from the events, compared with what the server answered
 * at that instant.
 */
describe('time travel', () => {
  let server: RunningServer;

  beforeAll(async () => {
    server = await startServer();
  });

  afterAll(async () => {
    await server.stop();
    removeDataDir(server.dataDir);
  });

  /** What the board and one incident look like now, and the instant they are true at. */
  const look = async (id: string) => {
    const board = await mustQuery(server.admin, BOARD);
    const incident = await mustQuery(server.admin, ONE, { id });
    const at = new Date().toISOString();
    await pause(5); // later writes happen strictly after `at`
    return { board, incident, at };
  };

  it('answers the status board and an incident at three past instants as they were', async () => {
    const declare = async (title: string, severity: string) =>
      (await mustQuery(server.admin, DECLARE, { input: { title, severity, services: ['checkout'] } })).declareIncident.id as string;

    const a = await declare('Checkout errors', 'SEV2');
    const first = await look(a);

    const b = await declare('Database failover', 'SEV1');
    await mustQuery(server.admin, ACKNOWLEDGE, { input: { incidentId: b } });
    await mustQuery(server.admin, ADD_NOTE, { input: { incidentId: a, text: 'Rolled back the deploy' } });
    const second = await look(a);

    await mustQuery(server.admin, RESOLVE, { input: { incidentId: a, summary: 'Rollback done' } });
    const c = await declare('Slow search', 'SEV4');
    const third = await look(a);

    // Later history: none of it may show in the answers about the past.
    await mustQuery(server.admin, CLOSE, { input: { incidentId: b } });
    await mustQuery(server.admin, CORRECT_TIMESTAMP, {
      input: { incidentId: a, field: 'IMPACT_STARTED', to: '2026-01-01T00:00:00.000Z', reason: 'Found in the logs' },
    });
    await mustQuery(server.admin, ADD_NOTE, { input: { incidentId: c, text: 'Index rebuilt' } });

    for (const past of [first, second, third]) {
      expect(await mustQuery(server.admin, BOARD, { asOf: past.at })).toEqual(past.board);
      expect(await mustQuery(server.admin, ONE, { id: a, asOf: past.at })).toEqual(past.incident);
    }
    // The three boards differ, so the comparison says something.
    expect(first.board.activeIncidents.map((i: { id: string }) => i.id)).toEqual([a]);
    expect(second.board.activeIncidents.map((i: { id: string }) => i.id)).toEqual([b, a]);
    expect(third.board.activeIncidents.map((i: { id: string }) => i.id)).toEqual([b, c]);
    expect((await mustQuery(server.admin, ONE, { id: c, asOf: first.at })).incident).toBeNull();
    expect((await mustQuery(server.admin, BOARD)).activeIncidents.map((i: { id: string }) => i.id)).toEqual([c]);
  });

  it('refuses an instant in the future', async () => {
    const response = await graphql(server.admin, BOARD, { asOf: new Date(Date.now() + 60_000).toISOString() });
    expect(response.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('keeps the past of a private incident to those who may see it now and could then', async () => {
    const carol = await server.as('carol');
    const dave = await server.as('dave');
    const { declareIncident } = await mustQuery(carol, DECLARE, { input: { title: 'Leaked token', severity: 'SEV1', private: true } });
    await pause(5);
    const at = new Date().toISOString();
    expect((await mustQuery(carol, ONE, { id: declareIncident.id, asOf: at })).incident).toMatchObject({ title: 'Leaked token' });
    expect((await mustQuery(dave, ONE, { id: declareIncident.id, asOf: at })).incident).toBeNull();
    expect((await mustQuery(dave, BOARD, { asOf: at })).activeIncidents.map((i: { id: string }) => i.id)).not.toContain(declareIncident.id);
  });
});
