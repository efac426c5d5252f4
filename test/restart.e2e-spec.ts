import { Caller, graphql, mustQuery } from './support/graphql-client';
import { ACKNOWLEDGE, ACTIVE, ADD_NOTE, ASSIGN_ROLE, CHANGE_STATUS, DECLARE, INCIDENT, LIST, RESOLVE } from './support/operations';
import { newApiKey } from './support/keys';
import { removeDataDir, startServer, tempDataDir } from './support/server';

/** Everything a client can read about the incidents, to compare before and after a restart. */
async function everything(caller: Caller, ids: string[]) {
  const incidents = [];
  for (const id of ids) incidents.push((await mustQuery(caller, INCIDENT, { id })).incident);
  const { activeIncidents } = await mustQuery(caller, ACTIVE);
  const { incidents: list } = await mustQuery(caller, LIST, { first: 100 });
  return { incidents, activeIncidents, list };
}

describe('restart on the same data', () => {
  const dataDir = tempDataDir();
  const adminKey = newApiKey();
  afterAll(() => removeDataDir(dataDir));

  it('keeps every incident and timeline across a clean stop and a crash', async () => {
    let server = await startServer({ dataDir, adminKey });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const { declareIncident } = await mustQuery(server.admin, DECLARE, {
        input: { title: `Incident ${i}`, severity: `SEV${(i % 5) + 1}`, services: [`svc-${i % 2}`] },
      });
      ids.push(declareIncident.id);
    }
    await mustQuery(server.admin, ACKNOWLEDGE, { input: { incidentId: ids[0] } });
    await mustQuery(server.admin, ASSIGN_ROLE, { input: { incidentId: ids[0], role: 'INCIDENT_COMMANDER', responder: 'bob' } });
    await mustQuery(server.admin, CHANGE_STATUS, { input: { incidentId: ids[1], status: 'MONITORING' } });
    await mustQuery(server.admin, RESOLVE, { input: { incidentId: ids[2], summary: 'fixed' } });
    for (let i = 0; i < 10; i++) await mustQuery(server.admin, ADD_NOTE, { input: { incidentId: ids[3], text: `note ${i}` } });
    const before = await everything(server.admin, ids);

    // A clean stop: SIGTERM drains and exits 0.
    expect(await server.stop()).toBe(0);
    server = await startServer({ dataDir, adminKey });
    expect(await everything(server.admin, ids)).toEqual(before);

    // Writes keep going from where they were.
    const { addTimelineNote } = await mustQuery(server.admin, ADD_NOTE, { input: { incidentId: ids[3], text: 'after restart' } });
    expect(addTimelineNote.version).toBe(12);

    // A crash right after a burst of acknowledged writes: none of them is lost.
    const burst = await Promise.all(
      Array.from({ length: 40 }, (_, i) => graphql(server.admin, ADD_NOTE, { input: { incidentId: ids[i % 5], text: `burst ${i}` } })),
    );
    const acknowledged = burst.filter((response) => response.status === 200 && !response.body.errors).length;
    expect(acknowledged).toBe(40);
    await server.kill();

    server = await startServer({ dataDir, adminKey });
    const after = await everything(server.admin, ids);
    const notes = after.incidents.flatMap((incident) =>
      incident.timeline.filter((entry: { text: string | null }) => entry.text?.startsWith('burst ')),
    );
    expect(notes).toHaveLength(40);
    for (const incident of after.incidents) {
      expect(incident.timeline.map((entry: { version: number }) => entry.version)).toEqual(
        Array.from({ length: incident.version }, (_, i) => i + 1),
      );
    }
    expect(await server.stop()).toBe(0);
  });

  it('drains requests in flight when asked to stop', async () => {
    const server = await startServer({ dataDir, adminKey });
    const { declareIncident } = await mustQuery(server.admin, DECLARE, { input: { title: 'Drain', severity: 'SEV4' } });
    const inFlight = Array.from({ length: 30 }, (_, i) =>
      graphql(server.admin, ADD_NOTE, { input: { incidentId: declareIncident.id, text: `in flight ${i}` } }).catch(() => undefined),
    );
    await new Promise((resolve) => setTimeout(resolve, 5));
    const exitCode = await server.stop();
    const answered = (await Promise.all(inFlight)).filter((r) => r && r.status === 200 && !r.body.errors).length;
    expect(exitCode).toBe(0);

    const again = await startServer({ dataDir, adminKey });
    const { incident } = await mustQuery(again.admin, INCIDENT, { id: declareIncident.id });
    const stored = incident.timeline.filter((entry: { text: string | null }) => entry.text?.startsWith('in flight')).length;
    // Every answered write is stored; a request refused while closing wrote nothing half-way.
    expect(stored).toBeGreaterThanOrEqual(answered);
    expect(incident.timeline.map((entry: { version: number }) => entry.version)).toEqual(
      Array.from({ length: incident.version }, (_, i) => i + 1),
    );
    await again.stop();
  });
});

describe('configuration at start', () => {
  it('refuses to start on a bad value, naming the variable', async () => {
    await expect(startServer({ env: { DURABILITY: 'sometimes' } })).rejects.toThrow(/exited with 78[\s\S]*DURABILITY=\\"sometimes\\": DURABILITY must be one of/);
  });
});
