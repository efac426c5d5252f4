import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { everythingReadable } from '../support/answers';
import { connected, graphql, mustQuery, SubscriptionRecorder, wsClient } from '../support/graphql-client';
import { newApiKey } from '../support/keys';
import { ADD_NOTE, DECLARE, INCIDENT, RESOLVE, TIMELINE_FEED } from '../support/operations';
import { removeDataDir, RunningServer, startServer, tempDataDir } from '../support/server';
import { expectOneLedgerThroughBoth } from '../support/shared-store';
import { EventStoreStandIn } from './stand-in';

/**
 * The server on EventStoreDB: the real server processes, the real client,
 * real gRPC, against the stand-in (which can also drop subscriptions on
 * purpose).
 */
describe('servers on EventStoreDB (gRPC stand-in)', () => {
  let standIn: EventStoreStandIn;
  const servers: RunningServer[] = [];
  const dirs: string[] = [];

  const start = async (dataDir: string, adminKey: string) => {
    const server = await startServer({
      dataDir,
      adminKey,
      env: { EVENT_STORE: 'eventstoredb', EVENTSTORE_CONNECTION_STRING: standIn.connectionString, EVENTSTORE_STREAM_PREFIX: '' },
    });
    servers.push(server);
    return server;
  };
  const fresh = () => {
    const dir = tempDataDir();
    dirs.push(dir);
    return dir;
  };

  beforeEach(async () => {
    standIn = new EventStoreStandIn();
    await standIn.start();
  });

  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.stop()));
    standIn.stop();
    dirs.splice(0).forEach(removeDataDir);
  });

  it('two processes on one database share writes, reads and live feeds', async () => {
    // Separate data directories: all they share is the database.
    const adminKey = newApiKey();
    const a = await start(fresh(), adminKey);
    const b = await start(fresh(), adminKey);

    await expectOneLedgerThroughBoth(a, b);
  });

  it('resumes after dropped subscriptions: the read models and feeds miss nothing and apply nothing twice', async () => {
    const adminKey = newApiKey();
    const server = await start(fresh(), adminKey);
    const { declareIncident } = await mustQuery(server.admin, DECLARE, { input: { title: 'Flaky network', severity: 'SEV1' } });
    const id = declareIncident.id;
    const client = wsClient(server.wsUrl, adminKey);
    const ready = connected(client);
    const feed = new SubscriptionRecorder<{ version: number; text: string | null }>(client, TIMELINE_FEED, { incidentId: id }, (d) => d.incidentTimeline);
    await ready;

    // A client that retries with the same commandId, as it should when a connection breaks.
    const note = async (text: string) => {
      const commandId = randomUUID();
      for (let attempt = 0; ; attempt++) {
        const answer = await graphql(server.admin, ADD_NOTE, { input: { incidentId: id, text, commandId } });
        if (!answer.body.errors) return;
        if (attempt >= 20) throw new Error(JSON.stringify(answer.body.errors));
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    for (let i = 1; i <= 30; i++) {
      await note(`note ${i}`);
      if (i % 10 === 5) expect(standIn.dropSubscriptions()).toBeGreaterThan(0);
    }

    const texts = Array.from({ length: 30 }, (_, i) => `note ${i + 1}`);
    expect((await feed.waitFor(30)).map((entry) => entry.text)).toEqual(texts);
    const { incident } = await mustQuery(server.admin, INCIDENT, { id });
    expect(incident.version).toBe(31);
    expect(incident.timeline.filter((entry: { type: string }) => entry.type === 'TimelineNoteAdded').map((entry: { text: string }) => entry.text)).toEqual(texts);
    // The database holds exactly what the read model shows: one event per note, none twice.
    expect(standIn.readStreamEvents(`incident-${id}`)).toHaveLength(31);
    expect(server.logs.filter((line) => line.includes('EventStoreDB subscription dropped; resubscribing')).length).toBeGreaterThanOrEqual(3);
    await client.dispose();
  });

  it('takes over a SQLite ledger through export and import, and answers exactly as before', async () => {
    const adminKey = newApiKey();
    const sqliteDir = fresh();
    const embedded = { EVENT_STORE: 'sqlite' };
    const source = await startServer({ dataDir: sqliteDir, adminKey, env: embedded });
    for (let i = 0; i < 4; i++) {
      const { declareIncident } = await mustQuery(source.admin, DECLARE, { input: { title: `Incident ${i}`, severity: `SEV${i + 1}`, private: i === 1 } });
      await mustQuery(source.admin, ADD_NOTE, { input: { incidentId: declareIncident.id, text: `note ${i}` } });
      if (i % 2 === 0) await mustQuery(source.admin, RESOLVE, { input: { incidentId: declareIncident.id } });
    }
    const before = await everythingReadable(source.admin);
    expect(await source.stop()).toBe(0);

    // Not spawnSync: the stand-in answers from this very process.
    const cli = (dataDir: string, env: Record<string, string>, ...args: string[]) =>
      promisify(execFile)(process.execPath, [join(__dirname, '../../dist/apps/cli/main.js'), ...args], { env: { ...process.env, DATA_DIR: dataDir, ...env } }).then(
        ({ stderr }) => ({ status: 0, stderr }),
        (error: { code: number; stderr: string }) => ({ status: error.code, stderr: error.stderr }),
      );
    const file = join(sqliteDir, 'ledger.ndjson');
    expect((await cli(sqliteDir, embedded, 'export', '--out', file)).status).toBe(0);
    const onEventStoreDb = { EVENT_STORE: 'eventstoredb', EVENTSTORE_CONNECTION_STRING: standIn.connectionString };
    const imported = await cli(fresh(), onEventStoreDb, 'import', file);
    expect(imported.stderr).toMatch(/imported \d+ events/);
    expect(imported.status).toBe(0);
    expect(await cli(fresh(), onEventStoreDb, 'import', file)).toMatchObject({ status: 1, stderr: expect.stringMatching(/not empty.*nothing was imported/) });

    // In the same data directory: the snapshot the SQLite server left counts positions of another log.
    const target = await start(sqliteDir, adminKey);
    expect(target.logs.some((line) => line.includes('"outcome":"other-store"'))).toBe(true);
    // The same answers, except the log positions the audit log shows: EventStoreDB gave the events new ones.
    const withoutPositions = (answers: unknown) => JSON.parse(JSON.stringify(answers, (key, value) => (key === 'position' ? undefined : value)));
    const after = await everythingReadable(target.admin);
    expect(JSON.stringify(after)).not.toEqual(JSON.stringify(before));
    expect(withoutPositions(after)).toEqual(withoutPositions(before));
  });
});
