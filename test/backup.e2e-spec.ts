import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { graphql, mustQuery } from './support/graphql-client';
import { ADD_NOTE, ASSIGN_ROLE, DECLARE, INCIDENT, LIST, RESOLVE } from './support/operations';
import { everythingReadable } from './support/answers';
import { removeDataDir, RunningServer, startServer, tempDataDir } from './support/server';

const CLI = join(__dirname, '../dist/apps/cli/main.js');
/** Backups here are of the embedded store (an EventStoreDB is backed up with the database's own tools). */
const EMBEDDED = { EVENT_STORE: 'sqlite' };
const cli = (dataDir: string, ...args: string[]) =>
  spawnSync(process.execPath, [CLI, ...args], { env: { ...process.env, DATA_DIR: dataDir }, encoding: 'utf8' });

describe('backup and restore', () => {
  let source: RunningServer;
  const dirs: string[] = [];

  beforeAll(async () => {
    source = await startServer({ env: { RATE_LIMIT_PER_SECOND: '0', ...EMBEDDED } });
    const alice = await source.as('alice');
    for (let i = 0; i < 6; i++) {
      const { declareIncident } = await mustQuery(alice, DECLARE, {
        input: { title: `Incident ${i}`, severity: `SEV${(i % 5) + 1}`, private: i === 2, commander: i % 2 ? 'bob' : null },
      });
      await mustQuery(alice, ADD_NOTE, { input: { incidentId: declareIncident.id, text: `note ${i}` } });
      if (i % 3 === 0) await mustQuery(alice, RESOLVE, { input: { incidentId: declareIncident.id } });
      if (i === 4) await mustQuery(alice, ASSIGN_ROLE, { input: { incidentId: declareIncident.id, role: 'SCRIBE', responder: 'carol' } });
    }
  });

  afterAll(async () => {
    await source.stop();
    for (const dir of [source.dataDir, ...dirs]) removeDataDir(dir);
  });

  it('exports the log as NDJSON and imports it into an empty store with identical streams, positions and read models', async () => {
    const exportFile = join(tempDataDir(), 'log.ndjson');
    dirs.push(join(exportFile, '..'));
    const exported = cli(source.dataDir, 'export', '--out', exportFile);
    expect(exported.status).toBe(0);
    const lines = readFileSync(exportFile, 'utf8').trim().split('\n');
    expect(lines.length).toBeGreaterThan(15);
    expect(JSON.parse(lines[0])).toMatchObject({ position: 1, revision: 0 });

    const restoredDir = tempDataDir();
    dirs.push(restoredDir);
    const imported = cli(restoredDir, 'import', exportFile);
    expect(imported.stderr).toContain(`imported ${lines.length} events`);
    expect(imported.status).toBe(0);

    const again = cli(restoredDir, 'export');
    expect(again.stdout).toBe(readFileSync(exportFile, 'utf8'));

    const restored = await startServer({ dataDir: restoredDir, adminKey: source.adminKey, env: EMBEDDED });
    try {
      expect(await everythingReadable(restored.admin)).toEqual(await everythingReadable(source.admin));
      // The restored store takes new writes after the imported positions.
      const { incidents } = await mustQuery(restored.admin, LIST, { first: 1 });
      const { addTimelineNote } = await mustQuery(restored.admin, ADD_NOTE, { input: { incidentId: incidents.edges[0].node.id, text: 'after restore' } });
      expect(addTimelineNote.version).toBeGreaterThan(1);
    } finally {
      await restored.stop();
    }

    const refused = cli(restoredDir, 'import', exportFile);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/not empty.*nothing was imported/);
  });

  it('refuses a damaged export and imports nothing', async () => {
    const dir = tempDataDir();
    dirs.push(dir);
    const file = join(dir, 'broken.ndjson');
    const lines = cli(source.dataDir, 'export').stdout.trim().split('\n');
    writeFileSync(file, [...lines.slice(0, 3), lines[5], '{not json'].join('\n'));
    const target = tempDataDir();
    dirs.push(target);
    const result = cli(target, 'import', file);
    expect(result.status).toBe(1);
    expect(cli(target, 'export').stdout).toBe('');
  });

  it('takes a consistent online backup while the server is writing', async () => {
    const alice = await source.as('alice');
    const { declareIncident } = await mustQuery(alice, DECLARE, { input: { title: 'Under load', severity: 'SEV3' } });
    let writing = true;
    const writers = Array.from({ length: 8 }, async (_, worker) => {
      let n = 0;
      while (writing) await graphql(alice, ADD_NOTE, { input: { incidentId: declareIncident.id, text: `w${worker}-${n++}` } });
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const backupDir = tempDataDir();
    dirs.push(backupDir);
    const backup = cli(source.dataDir, 'backup', join(backupDir, 'events.sqlite'));
    writing = false;
    await Promise.all(writers);
    expect(backup.status).toBe(0);

    const raw = new Database(join(backupDir, 'events.sqlite'), { readonly: true });
    const streams = raw.prepare('SELECT stream_id, COUNT(*) AS n, MAX(revision) AS last FROM events GROUP BY stream_id').all() as Array<{ n: number; last: number }>;
    const head = (raw.prepare('SELECT COUNT(*) AS n, MAX(position) AS head FROM events').get() as { n: number; head: number });
    raw.close();
    for (const stream of streams) expect(stream.last).toBe(stream.n - 1);
    expect(head.n).toBe(head.head);

    const fromBackup = await startServer({ dataDir: backupDir, adminKey: source.adminKey, env: EMBEDDED });
    try {
      const { incident } = await mustQuery(fromBackup.admin, INCIDENT, { id: declareIncident.id });
      expect(incident.timeline.map((entry: { version: number }) => entry.version)).toEqual(
        Array.from({ length: incident.version }, (_, i) => i + 1),
      );
      const { incident: live } = await mustQuery(source.admin, INCIDENT, { id: declareIncident.id });
      expect(live.timeline.slice(0, incident.version)).toEqual(incident.timeline);
    } finally {
      await fromBackup.stop();
    }
  });
});
