import { connected, mustQuery, SubscriptionRecorder, wsClient } from './support/graphql-client';
import { newApiKey } from './support/keys';
import { ACTIVE, ADD_NOTE, DECLARE, INCIDENT, TIMELINE_FEED } from './support/operations';
import { removeDataDir, startServer, tempDataDir } from './support/server';

/**
 * Two server processes on one SQLite file, as behind a load balancer on one
 * machine: each serves complete reads, and what is written through one
 * reaches the other's queries and live feeds (within its 200 ms poll).
 */
describe('two server processes on one store', () => {
  it('share writes, reads and live feeds', async () => {
    const dataDir = tempDataDir();
    const adminKey = newApiKey();
    const a = await startServer({ dataDir, adminKey });
    const b = await startServer({ dataDir, adminKey });
    try {
      const { declareIncident } = await mustQuery(a.admin, DECLARE, { input: { title: 'Seen from both', severity: 'SEV2' } });
      const id = declareIncident.id;

      // B learns of A's write within its poll interval; then the incident can be watched there.
      for (let attempt = 0; attempt < 50 && !(await mustQuery(b.admin, INCIDENT, { id })).incident; attempt++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const client = wsClient(b.wsUrl, adminKey);
      const ready = connected(client);
      const feed = new SubscriptionRecorder<{ version: number; text: string | null }>(client, TIMELINE_FEED, { incidentId: id }, (d) => d.incidentTimeline);
      await ready;
      await new Promise((resolve) => setTimeout(resolve, 100));

      await mustQuery(a.admin, ADD_NOTE, { input: { incidentId: id, text: 'written through A' } });
      await mustQuery(b.admin, ADD_NOTE, { input: { incidentId: id, text: 'written through B' } });
      await mustQuery(a.admin, ADD_NOTE, { input: { incidentId: id, text: 'A again' } });
      const entries = await feed.waitFor(3);
      expect(entries.map((entry) => [entry.version, entry.text])).toEqual([
        [2, 'written through A'],
        [3, 'written through B'],
        [4, 'A again'],
      ]);

      // Both answer the same board and the same incident, once each has caught up.
      const settled = async () => {
        for (let attempt = 0; attempt < 50; attempt++) {
          const [fromA, fromB] = await Promise.all([mustQuery(a.admin, ACTIVE), mustQuery(b.admin, ACTIVE)]);
          const [incidentA, incidentB] = await Promise.all([mustQuery(a.admin, INCIDENT, { id }), mustQuery(b.admin, INCIDENT, { id })]);
          if (JSON.stringify([fromA, incidentA]) === JSON.stringify([fromB, incidentB])) return [fromA, incidentA];
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        throw new Error('the two processes never agreed');
      };
      const [board, incident] = await settled();
      expect(board.activeIncidents.map((i: { id: string }) => i.id)).toContain(id);
      expect(incident.incident.version).toBe(4);
      await client.dispose();
    } finally {
      await a.stop();
      await b.stop();
      removeDataDir(dataDir);
    }
  });

  it('run once-only work in exactly one of them, handing it over when that one stops', async () => {
    const dataDir = tempDataDir();
    const adminKey = newApiKey();
    const env = { LEASE_TTL_MS: '900' };
    const a = await startServer({ dataDir, adminKey, env });
    const b = await startServer({ dataDir, adminKey, env });
    const held = async (url: string) => ((await (await fetch(url)).json()) as { onceOnlyWork: { held: boolean } }).onceOnlyWork.held;
    try {
      await new Promise((resolve) => setTimeout(resolve, 400));
      const [heldByA, heldByB] = [await held(a.healthUrl), await held(b.healthUrl)];
      expect([heldByA, heldByB].filter(Boolean)).toHaveLength(1);

      const [holder, other] = heldByA ? [a, b] : [b, a];
      await holder.kill();
      let taken = false;
      for (let attempt = 0; attempt < 40 && !taken; attempt++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        taken = await held(other.healthUrl);
      }
      expect(taken).toBe(true);
    } finally {
      await a.stop();
      await b.stop();
      removeDataDir(dataDir);
    }
  });
});
