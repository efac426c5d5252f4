import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mustQuery } from './support/graphql-client';
import { newApiKey } from './support/keys';
import { ADD_NOTE, DECLARE } from './support/operations';
import { everythingReadable } from './support/answers';
import { removeDataDir, RunningServer, startServer, storeEnv, tempDataDir } from './support/server';

interface CaughtUp {
  position: number;
  snapshot: string;
  restoredFrom: number;
  replayed: number;
}

function caughtUp(server: RunningServer): CaughtUp {
  const line = server.logs.find((entry) => entry.includes('"Read models caught up"'));
  if (!line) throw new Error(`no catch-up line in:\n${server.logs.join('\n')}`);
  return JSON.parse(line) as CaughtUp;
}

/**
 * Durable read models: a restart loads the snapshot and replays only what came
 * after it; without the snapshot, or with a broken one, the full replay gives
 * the same state.
 */
describe('read model snapshots across restarts', () => {
  const dataDir = tempDataDir();
  const adminKey = newApiKey();
  const snapshotFile = join(dataDir, 'read-models.snapshot');
  // A short lease: the crashes below leave theirs behind, and the command line's rebuild waits for it to lapse.
  const start = () => startServer({ dataDir, adminKey, env: { SNAPSHOT_INTERVAL_MS: '3600000', LEASE_TTL_MS: '1000' } });
  afterAll(() => removeDataDir(dataDir));

  it('restarts from the snapshot, replaying only newer events, and a full replay agrees', async () => {
    let server = await start();
    expect(caughtUp(server)).toMatchObject({ snapshot: 'none', replayed: 0 });
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) {
      const { declareIncident } = await mustQuery(server.admin, DECLARE, { input: { title: `Incident ${i}`, severity: 'SEV3', commander: 'bob' } });
      ids.push(declareIncident.id);
      await mustQuery(server.admin, ADD_NOTE, { input: { incidentId: declareIncident.id, text: `note ${i}` } });
    }
    expect(await server.stop()).toBe(0);
    expect(server.logs.join('\n')).toContain('Read models snapshotted');

    server = await start();
    const clean = caughtUp(server);
    expect(clean).toMatchObject({ snapshot: 'restored', replayed: 0 });
    expect(clean.restoredFrom).toBeGreaterThan(30);

    // More writes, then a crash: no snapshot at shutdown this time.
    for (let i = 0; i < 15; i++) await mustQuery(server.admin, ADD_NOTE, { input: { incidentId: ids[i % 10], text: `later ${i}` } });
    await server.kill();

    server = await start();
    const afterCrash = caughtUp(server);
    expect(afterCrash).toMatchObject({ snapshot: 'restored', restoredFrom: clean.restoredFrom });
    expect(afterCrash.replayed).toBeGreaterThanOrEqual(15);
    expect(afterCrash.replayed).toBeLessThan(afterCrash.position / 2);
    const expected = await everythingReadable(server.admin);
    expect(expected.details.flatMap((incident) => incident.timeline).filter((entry: { text: string | null }) => entry.text?.startsWith('later'))).toHaveLength(15);
    await server.kill();

    // Without the snapshot: the whole log, the same state.
    rmSync(snapshotFile);
    server = await start();
    expect(caughtUp(server)).toMatchObject({ snapshot: 'none', restoredFrom: 0 });
    expect(await everythingReadable(server.admin)).toEqual(expected);
    expect(await server.stop()).toBe(0);

    // A damaged snapshot is ignored with a warning.
    const content = readFileSync(snapshotFile);
    content[content.length - 10] ^= 0xff;
    writeFileSync(snapshotFile, content);
    server = await start();
    expect(caughtUp(server)).toMatchObject({ snapshot: 'corrupt', restoredFrom: 0 });
    expect(server.logs.join('\n')).toMatch(/snapshot not used.*checksum mismatch/);
    expect(await everythingReadable(server.admin)).toEqual(expected);
    // Stopped, not killed: a killed server's lease keeps the rebuild away until it lapses.
    expect(await server.stop()).toBe(0);

    // The command line rebuilds from scratch and leaves a snapshot that needs no replay.
    rmSync(snapshotFile);
    const rebuilt = spawnSync(process.execPath, [join(__dirname, '../dist/apps/cli/main.js'), 'rebuild-read-models'], {
      env: { ...process.env, DATA_DIR: dataDir, ...storeEnv(dataDir) },
      encoding: 'utf8',
    });
    expect(rebuilt.status).toBe(0);
    expect(rebuilt.stderr).toMatch(/rebuilt the read models from \d+ events in [\d.]+ s \(\d+ events\/s\): 10 incidents/);
    server = await start();
    expect(caughtUp(server)).toMatchObject({ snapshot: 'restored', replayed: 0 });
    expect(await everythingReadable(server.admin)).toEqual(expected);
    await server.stop();
  });
});
