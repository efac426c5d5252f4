import { connected, mustQuery, SubscriptionRecorder, wsClient } from './graphql-client';
import { ACTIVE, ADD_NOTE, DECLARE, INCIDENT, TIMELINE_FEED } from './operations';
import { RunningServer } from './server';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Two servers on one store, as behind a load balancer: an incident declared
 * through A can be watched on B; notes written through either reach B's live
 * feed in order; and once caught up both answer the same status board and
 * incident.
 */
export async function expectOneLedgerThroughBoth(a: RunningServer, b: RunningServer): Promise<void> {
  const { declareIncident } = await mustQuery(a.admin, DECLARE, { input: { title: 'Seen from both', severity: 'SEV2' } });
  const id = declareIncident.id;
  // B learns of A's write once its subscription delivers it; then the incident can be watched there.
  for (let attempt = 0; attempt < 50 && !(await mustQuery(b.admin, INCIDENT, { id })).incident; attempt++) await pause(50);
  const client = wsClient(b.wsUrl, b.adminKey);
  try {
    const ready = connected(client);
    const feed = new SubscriptionRecorder<{ version: number; text: string | null }>(client, TIMELINE_FEED, { incidentId: id }, (d) => d.incidentTimeline);
    await ready;
    await pause(100);

    await mustQuery(a.admin, ADD_NOTE, { input: { incidentId: id, text: 'written through A' } });
    await mustQuery(b.admin, ADD_NOTE, { input: { incidentId: id, text: 'written through B' } });
    await mustQuery(a.admin, ADD_NOTE, { input: { incidentId: id, text: 'A again' } });
    expect((await feed.waitFor(3)).map((entry) => [entry.version, entry.text])).toEqual([
      [2, 'written through A'],
      [3, 'written through B'],
      [4, 'A again'],
    ]);

    const answersOf = async (server: RunningServer) => JSON.stringify([await mustQuery(server.admin, ACTIVE), await mustQuery(server.admin, INCIDENT, { id })]);
    for (let attempt = 0; ; attempt++) {
      const [fromA, fromB] = await Promise.all([answersOf(a), answersOf(b)]);
      if (fromA === fromB) break;
      if (attempt >= 50) throw new Error(`the two processes never agreed:\n${fromA}\n${fromB}`);
      await pause(50);
    }
    const { activeIncidents } = await mustQuery(b.admin, ACTIVE);
    expect(activeIncidents.map((incident: { id: string }) => incident.id)).toContain(id);
    expect((await mustQuery(b.admin, INCIDENT, { id })).incident.version).toBe(4);
  } finally {
    await client.dispose();
  }
}
