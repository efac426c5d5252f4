import { newApiKey } from './support/keys';
import { removeDataDir, RunningServer, startServer, tempDataDir } from './support/server';
import { expectOneLedgerThroughBoth } from './support/shared-store';

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
      await expectOneLedgerThroughBoth(a, b);
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
    const held = async (server: RunningServer) => ((await (await server.health()).json()) as { onceOnlyWork: { held: boolean } }).onceOnlyWork.held;
    try {
      await new Promise((resolve) => setTimeout(resolve, 400));
      const [heldByA, heldByB] = [await held(a), await held(b)];
      expect([heldByA, heldByB].filter(Boolean)).toHaveLength(1);

      const [holder, other] = heldByA ? [a, b] : [b, a];
      await holder.kill();
      let taken = false;
      for (let attempt = 0; attempt < 40 && !taken; attempt++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        taken = await held(other);
      }
      expect(taken).toBe(true);
    } finally {
      await a.stop();
      await b.stop();
      removeDataDir(dataDir);
    }
  });
});
