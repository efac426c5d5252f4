import { SqliteEventStore } from '@incident-ledger/event-store';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { graphql, mustQuery } from './support/graphql-client';
import { newApiKey } from './support/keys';
import { DECLARE } from './support/operations';
import { removeDataDir, RunningServer, startServer, tempDataDir } from './support/server';

const INCIDENT = 'query($id: ID!) { incident(id: $id) { id title } }';
const AUDIT = 'query { auditLog(first: 5) { entries { position type actor } } }';
const ME = 'query { me { name role } }';

function logLines(server: RunningServer, message: string): Array<Record<string, unknown>> {
  return server.logs.flatMap((line) => {
    try {
      const entry = JSON.parse(line) as Record<string, unknown>;
      return entry.message === message ? [entry] : [];
    } catch {
      return [];
    }
  });
}

/**
 * One read model's projection throws on an event in the log (written into
 * the SQLite file while the server is stopped, as a bug or a bad import
 * would leave it): that read model stops alone, named in the log and in
 * /health, and the others keep applying and answering.
 */
describe('a read model whose projection throws', () => {
  const dataDir = tempDataDir();
  const adminKey = newApiKey();
  // The embedded store: the test writes into its file.
  const start = () => startServer({ dataDir, adminKey, env: { EVENT_STORE: 'sqlite', SNAPSHOT_INTERVAL_MS: '3600000' } });
  afterAll(() => removeDataDir(dataDir));

  it('stops alone: /health names it with 503, its mutations say so, the other read models keep serving', async () => {
    let server = await start();
    const { declareIncident: healthy } = await mustQuery(server.admin, DECLARE, { input: { title: 'Checkout returns 502s', severity: 'SEV2', commander: 'bob' } });
    expect(await server.stop()).toBe(0);

    // An IncidentDeclared without its services: the incident projection cannot apply it.
    const store = new SqliteEventStore({ path: join(dataDir, 'events.sqlite') });
    const broken = randomUUID();
    const at = new Date().toISOString();
    const { lastPosition: poisoned } = await store.append(
      `incident-${broken}`,
      [{ id: randomUUID(), type: 'IncidentDeclared', data: { incidentId: broken, at, by: 'importer', title: 'Half an event' }, metadata: { correlationId: 'import', causationId: null, actor: 'importer', occurredAt: at, schemaVersion: 1 } }],
      'no-stream',
    );
    await store.close();

    server = await start();
    const stops = logLines(server, 'Projection stopped');
    expect(stops).toEqual([expect.objectContaining({ readModel: 'incidents', eventType: 'IncidentDeclared', streamId: `incident-${broken}`, position: poisoned })]);

    const anonymous = await fetch(server.healthUrl);
    expect(anonymous.status).toBe(503);
    expect(await anonymous.json()).toEqual({ status: 'failing' });
    const health = await server.health();
    expect(health.status).toBe(503);
    const report = await health.json();
    expect(report).toMatchObject({
      status: 'failing',
      store: { reachable: true },
      projections: {
        running: false,
        lag: 0,
        stopped: [{ readModel: 'incidents', eventType: 'IncidentDeclared', position: poisoned, error: expect.stringContaining('could not apply IncidentDeclared') }],
      },
    });
    // Any role may read the details: the event's stream, which names the incident (a private one, say), is only in the log.
    expect(JSON.stringify(report)).not.toContain(broken);

    // The others keep applying and answering: API keys (with read-your-writes) and the audit log.
    const carol = await server.as('carol');
    expect(await mustQuery(carol, ME)).toEqual({ me: { name: 'carol', role: 'RESPONDER' } });
    // The stopped read model answers what it had before the event it could not apply.
    expect(await mustQuery(carol, INCIDENT, { id: healthy.id })).toEqual({ incident: { id: healthy.id, title: 'Checkout returns 502s' } });

    // A mutation answered from the stopped read model: its write is stored, and the answer says why it cannot show it.
    const declared = await graphql(carol, DECLARE, { input: { title: 'Another one', severity: 'SEV4' } });
    expect(declared.body.errors?.[0]).toMatchObject({
      message: expect.stringContaining('the read model it is answered from (incidents) has stopped'),
      extensions: { code: 'READ_MODEL_LAGGING', reason: 'READ_MODEL_STOPPED', readModel: 'incidents' },
    });
    const { auditLog } = await mustQuery(server.admin, AUDIT);
    expect(auditLog.entries[0]).toMatchObject({ type: 'IncidentDeclared', actor: 'carol' });
    expect(auditLog.entries.map((entry: { position: number }) => entry.position)).toContain(poisoned);
    expect(logLines(server, 'Projection stopped')).toHaveLength(1);
    expect(await server.stop()).toBe(0);

    // The snapshot taken at shutdown leaves the stopped read model out: the next start replays it alone.
    server = await start();
    expect(logLines(server, 'Read model not restored from the snapshot; replaying it from the start')).toEqual([
      expect.objectContaining({ readModel: 'incidents', reason: 'not in the snapshot' }),
    ]);
    expect(logLines(server, 'Read models caught up')).toEqual([expect.objectContaining({ snapshot: 'restored' })]);
    expect(logLines(server, 'Projection stopped')).toEqual([expect.objectContaining({ readModel: 'incidents', position: poisoned })]);
    await server.stop();
  });
});
