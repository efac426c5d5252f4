import { spawnSync } from 'node:child_process';
import { readFileSync, existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { request as httpRequest } from 'node:http';
import WebSocket from 'ws';
import { connected, graphql, GraphQLResponse, mustQuery, SubscriptionRecorder, wsClient } from './support/graphql-client';
import { bearer, newApiKey } from './support/keys';
import { ADD_NOTE, DECLARE, INCIDENT, TIMELINE_FEED } from './support/operations';
import { removeDataDir, RunningServer, StartOptions, startServer, storeEnv } from './support/server';

/** The admin command line, on the store the servers of `dataDir` use. */
const cliIn = (dataDir: string, ...args: string[]) =>
  spawnSync(process.execPath, [join(__dirname, '../dist/apps/cli/main.js'), ...args], {
    env: { ...process.env, DATA_DIR: dataDir, ...storeEnv(dataDir) },
    encoding: 'utf8',
  });

type Role = 'VIEWER' | 'RESPONDER' | 'ADMIN' | 'INGEST';

/** The start-up warning that there is no admin key, and how to get one. */
const saysNoAdminKey = (line: string) => line.includes('No active admin API key');

/** Runs the key maker the hint gives, pasted into a shell as a user would. */
function keyFromHint(hint: string): string {
  const assignment = /export (BOOTSTRAP_ADMIN_KEY=\$\(.*\)) &&/.exec(hint)?.[1];
  return spawnSync('bash', ['-c', `${assignment}; echo "$BOOTSTRAP_ADMIN_KEY"`], { encoding: 'utf8' }).stdout.trim();
}

const codeOf = (response: GraphQLResponse) => response.body.errors?.[0]?.extensions?.code;

describe('who may do what', () => {
  let server: RunningServer;
  let incidentId: string;

  beforeAll(async () => {
    server = await startServer();
    const { declareIncident } = await mustQuery(server.admin, DECLARE, { input: { title: 'Disk filling up', severity: 'SEV4' } });
    incidentId = declareIncident.id;
  });

  afterAll(async () => {
    await server.stop();
    removeDataDir(server.dataDir);
  });

  describe('without a credential', () => {
    it('answers 401 UNAUTHENTICATED to queries, mutations and even introspection', async () => {
      for (const query of ['{ activeIncidents { id } }', 'mutation { declareIncident(input: { title: "x", severity: SEV1 }) { id } }', '{ __schema { types { name } } }']) {
        const response = await graphql({ url: server.url }, query);
        expect(response.status).toBe(401);
        expect(codeOf(response)).toBe('UNAUTHENTICATED');
      }
    });

    it('answers 401 however the path is written, and to a stray Upgrade header that is no upgrade', async () => {
      // node:http, not fetch: fetch refuses to send an Upgrade header at all.
      const statusOf = (path: string, method: string, headers: Record<string, string>, body?: string) =>
        new Promise<number>((resolve, reject) => {
          const request = httpRequest(new URL(path, server.url), { method, headers }, (response) => {
            response.resume();
            resolve(response.statusCode ?? 0);
          });
          request.on('error', reject);
          request.end(body);
        });
      const introspection = JSON.stringify({ query: '{ __schema { types { name } } }' });
      const json = { 'content-type': 'application/json' };
      const attempts: Array<[string, string, Record<string, string>, string?]> = [
        ['/%67raphql', 'POST', json, introspection],
        ['/graphql', 'POST', { ...json, upgrade: 'websocket' }, introspection],
        [`/graphql?query=${encodeURIComponent('{ __typename }')}`, 'GET', { upgrade: 'websocket' }],
        ['/reports/%72eview', 'GET', {}],
      ];
      for (const [path, method, headers, body] of attempts) {
        expect({ path, status: await statusOf(path, method, headers, body) }).toEqual({ path, status: 401 });
      }
    });

    it('refuses an unknown, a malformed and a forged key', async () => {
      const real = await server.as('mallory', 'ADMIN');
      const forged = `${real.key?.slice(0, -4)}AAAA`;
      for (const key of [newApiKey(), 'not-a-key', forged]) {
        const response = await graphql({ url: server.url, key }, '{ activeIncidents { id } }');
        expect(response.status).toBe(401);
        expect(codeOf(response)).toBe('UNAUTHENTICATED');
      }
    });

    it('refuses a graphql-ws connection', async () => {
      const client = wsClient(server.wsUrl);
      const outcome = await new Promise<unknown>((resolve) =>
        client.subscribe(
          { query: TIMELINE_FEED, variables: { incidentId } },
          { next: () => resolve('data'), error: (error) => resolve(error), complete: () => resolve('complete') },
        ),
      );
      await client.dispose();
      expect(outcome).not.toBe('data');
    });

    it('serves /health with its status only: nothing that names the host or the process', async () => {
      const response = await fetch(server.healthUrl);
      expect(response.status).toBe(200);
      const text = await response.text();
      expect(JSON.parse(text)).toEqual({ status: 'ok' });
      expect(text).not.toContain(hostname());
      expect(text).not.toContain(String(server.process.pid));
    });
  });

  describe('/health with a credential', () => {
    for (const role of ['VIEWER', 'INGEST'] as const) {
      it(`shows the details to ${role === 'VIEWER' ? 'a viewer (Bearer)' : 'an ingest key (X-Api-Key)'}`, async () => {
        const { key } = await server.as(`${role.toLowerCase()}-health`, role);
        const headers = role === 'VIEWER' ? bearer(key as string) : { 'x-api-key': key as string };
        const response = await fetch(server.healthUrl, { headers });
        expect(response.status).toBe(200);
        const report = (await response.json()) as { onceOnlyWork: { holder: string } };
        expect(report).toMatchObject({ status: 'ok', store: { reachable: true }, projections: { running: true } });
        expect(report.onceOnlyWork.holder).toContain(`${hostname()}:${server.process.pid}:`);
      });
    }

    it('refuses an unknown key with 401 UNAUTHENTICATED rather than answering as to anyone', async () => {
      const response = await fetch(server.healthUrl, { headers: bearer(newApiKey()) });
      expect(response.status).toBe(401);
      expect(codeOf({ status: response.status, body: await response.json() } as GraphQLResponse)).toBe('UNAUTHENTICATED');
    });
  });

  describe('each role against each kind of operation', () => {
    const operations: Array<{ name: string; run: (key: string) => Promise<GraphQLResponse> }> = [
      { name: 'query', run: (key) => graphql({ url: server.url, key }, INCIDENT, { id: incidentId }) },
      { name: 'mutation', run: (key) => graphql({ url: server.url, key }, ADD_NOTE, { input: { incidentId, text: 'checked' } }) },
      { name: 'admin query', run: (key) => graphql({ url: server.url, key }, '{ apiKeys { id name role } }') },
      {
        name: 'admin mutation',
        run: (key) =>
          graphql({ url: server.url, key }, 'mutation { createApiKey(input: { name: "made-by-test", role: VIEWER }) { key } }'),
      },
    ];
    const allowed: Record<Role, string[]> = {
      VIEWER: ['query'],
      RESPONDER: ['query', 'mutation'],
      ADMIN: ['query', 'mutation', 'admin query', 'admin mutation'],
      INGEST: [],
    };

    for (const role of Object.keys(allowed) as Role[]) {
      for (const operation of operations) {
        const may = allowed[role].includes(operation.name);
        it(`${role} ${may ? 'may' : 'may not'} run a ${operation.name}`, async () => {
          const { key } = await server.as(`${role.toLowerCase()}-user`, role);
          const response = await operation.run(key as string);
          expect(response.status).toBe(200);
          if (may) expect(response.body.errors).toBeUndefined();
          else expect(codeOf(response)).toBe('FORBIDDEN');
        });
      }

      const mayRead = role !== 'INGEST';
      it(`${role} ${mayRead ? 'may' : 'may not'} subscribe`, async () => {
        const { key } = await server.as(`${role.toLowerCase()}-user`, role);
        const client = wsClient(server.wsUrl, key);
        const feed = new SubscriptionRecorder(client, TIMELINE_FEED, { incidentId, afterVersion: 0 }, (d) => d.incidentTimeline);
        await feed.waitFor(1);
        if (mayRead) expect(feed.items.length).toBeGreaterThan(0);
        else expect(JSON.stringify(feed.errors)).toContain('FORBIDDEN');
        feed.stop();
        await client.dispose();
      });
    }
  });

  it('records the authenticated principal as the actor, and lets admins audit by actor', async () => {
    const ruth = await server.as('ruth');
    await mustQuery(ruth, ADD_NOTE, { input: { incidentId, text: 'from ruth' } });
    const { incident } = await mustQuery(ruth, INCIDENT, { id: incidentId });
    expect(incident.timeline.at(-1)).toMatchObject({ actor: 'ruth', text: 'from ruth' });
    const { auditLog } = await mustQuery(server.admin, '{ auditLog(filter: { actor: "ruth" }) { entries { type actor streamId } } }');
    expect(auditLog.entries).toEqual([{ type: 'TimelineNoteAdded', actor: 'ruth', streamId: `incident-${incidentId}` }]);
  });

  it('refuses a revoked key from the next request on, and ends its live feeds', async () => {
    const { createApiKey } = await mustQuery(server.admin, 'mutation { createApiKey(input: { name: "temp", role: RESPONDER }) { key apiKey { id } } }');
    const temp = { url: server.url, key: createApiKey.key as string };
    await mustQuery(temp, '{ me { name } }');
    const client = wsClient(server.wsUrl, temp.key);
    const feed = new SubscriptionRecorder(client, TIMELINE_FEED, { incidentId }, (d) => d.incidentTimeline);
    await connected(client);

    const { revokeApiKey } = await mustQuery(server.admin, 'mutation($id: ID!) { revokeApiKey(input: { keyId: $id, reason: "left" }) { revokedAt revokedBy } }', {
      id: createApiKey.apiKey.id,
    });
    expect(revokeApiKey.revokedAt).not.toBeNull();
    const refused = await graphql(temp, '{ me { name } }');
    expect(refused.status).toBe(401);
    await feed.waitFor(1, 5000).catch(() => undefined);
    expect(feed.completed || feed.errors.length > 0).toBe(true);
    await client.dispose();
  });

  it('stores no key in a form that can be read back', async () => {
    const { createApiKey } = await mustQuery(server.admin, 'mutation { createApiKey(input: { name: "secret-keeper", role: VIEWER }) { key } }');
    // ilk_<12-character prefix>_<secret>; the secret itself may contain '_'.
    const secretOf = (key: string) => key.slice('ilk_'.length + 12 + 1);
    const secret = secretOf(createApiKey.key as string);
    expect(secret.length).toBeGreaterThanOrEqual(43);
    // The SQLite file and its WAL byte for byte; on EventStoreDB, every event as the export gives it.
    const files = ['events.sqlite', 'events.sqlite-wal'].map((file) => join(server.dataDir, file)).filter(existsSync);
    const raw =
      storeEnv(server.dataDir).EVENT_STORE === 'sqlite'
        ? Buffer.concat(files.map((file) => readFileSync(file)))
        : Buffer.from(cliIn(server.dataDir, 'export').stdout);
    expect(raw.includes(Buffer.from(secret))).toBe(false);
    expect(raw.includes(Buffer.from(secretOf(server.adminKey)))).toBe(false);
    // What is stored instead: salted scrypt hashes.
    expect(raw.includes(Buffer.from('scrypt$16384$8$1$'))).toBe(true);
  });

  it('closes a graphql-ws connection that sends no credential in connection_init', async () => {
    const socket = new WebSocket(server.wsUrl, 'graphql-transport-ws');
    const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
    socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: {} })));
    expect(await closed).toBeGreaterThanOrEqual(1000);
  });
});

describe('the keys command line', () => {
  const cli = (dataDir: string, ...args: string[]) => cliIn(dataDir, 'keys', ...args);

  it('creates, lists and revokes keys on the store a running server uses', async () => {
    const server = await startServer();
    const created = cli(server.dataDir, 'create', '--name', 'ops-bot', '--role', 'RESPONDER');
    expect(created.status).toBe(0);
    const { key, id } = JSON.parse(created.stdout);
    expect(created.stderr).toContain('not shown again');

    // At once: a key the server does not know yet makes it look at the store before refusing.
    const caller = { url: server.url, key };
    const me = await graphql(caller, '{ me { name role } }');
    expect(me.body.data).toEqual({ me: { name: 'ops-bot', role: 'RESPONDER' } });

    const listed = cli(server.dataDir, 'list');
    expect(listed.stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line).name)).toEqual(
      expect.arrayContaining(['ops-bot', 'bootstrap-admin']),
    );

    expect(cli(server.dataDir, 'revoke', id, '--reason', 'rotated').status).toBe(0);
    let after: GraphQLResponse | undefined;
    for (let attempt = 0; attempt < 50; attempt++) {
      after = await graphql(caller, '{ me { name } }');
      if (after.status === 401) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(after?.status).toBe(401);
    expect(cli(server.dataDir, 'create', '--name', 'x', '--role', 'ROOT').status).toBe(2);
    await server.stop();
    removeDataDir(server.dataDir);
  });
});

describe('the bootstrap admin key', () => {
  // Servers are stopped even when a test fails half way, or jest waits for them forever.
  const running: RunningServer[] = [];
  const start = async (options?: StartOptions) => {
    const server = await startServer(options);
    running.push(server);
    return server;
  };
  afterEach(async () => {
    await Promise.all(running.splice(0).map((server) => server.stop()));
  });

  it('is registered once, and ignored once an admin exists', async () => {
    const first = await startServer();
    const dataDir = first.dataDir;
    await first.stop();
    const other = newApiKey();
    const again = await startServer({ dataDir, adminKey: other });
    expect((await graphql({ url: again.url, key: other }, '{ me { name } }')).status).toBe(401);
    expect((await graphql({ url: again.url, key: first.adminKey }, '{ me { name role } }')).body.data).toEqual({
      me: { name: 'bootstrap-admin', role: 'ADMIN' },
    });
    expect(again.logs.join('\n')).toContain('BOOTSTRAP_ADMIN_KEY ignored');
    expect([...first.logs, ...again.logs].filter(saysNoAdminKey)).toEqual([]);
    await again.stop();
    removeDataDir(dataDir);
  });

  it('is missed at a start without one, with the two ways to get one; once made, it is not', async () => {
    const bare = await start({ adminKey: null });
    const warnings = bare.logs.filter(saysNoAdminKey).map((line) => JSON.parse(line));
    expect(warnings).toEqual([expect.objectContaining({ level: 'warn' })]);
    expect(warnings[0].message).toContain('npm run cli -- keys create --name you --role ADMIN');
    expect(warnings[0].message).toContain('BOOTSTRAP_ADMIN_KEY=$(node -p');
    const key = keyFromHint(warnings[0].message);

    // The first way, while the server runs.
    expect(cliIn(bare.dataDir, 'keys', 'create', '--name', 'you', '--role', 'ADMIN').status).toBe(0);
    await bare.stop();
    const again = await start({ dataDir: bare.dataDir, adminKey: null });
    expect(again.logs.filter(saysNoAdminKey)).toEqual([]);
    await again.stop();
    removeDataDir(bare.dataDir);

    // The second way, on a store with no key yet, with the key the hint's command made.
    const bootstrapped = await start({ adminKey: key });
    expect(bootstrapped.logs.filter(saysNoAdminKey)).toEqual([]);
    expect((await graphql(bootstrapped.admin, '{ me { name role } }')).body.data).toEqual({ me: { name: 'bootstrap-admin', role: 'ADMIN' } });
    await bootstrapped.stop();
    removeDataDir(bootstrapped.dataDir);
  });

  it('is missed on the in-memory store with the one way that works there', async () => {
    const memory = await start({ adminKey: null, env: { EVENT_STORE: 'memory' } });
    const [hint] = memory.logs.filter(saysNoAdminKey).map((line) => JSON.parse(line).message as string);
    expect(hint).toContain('BOOTSTRAP_ADMIN_KEY=$(node -p');
    expect(hint).not.toContain('npm run cli');
    await memory.stop();
    removeDataDir(memory.dataDir);
  });

  it('is missed again once revoked, and the revoked key is not taken back', async () => {
    const first = await start();
    const listed = cliIn(first.dataDir, 'keys', 'list').stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line));
    expect(cliIn(first.dataDir, 'keys', 'revoke', listed[0].id).status).toBe(0);
    await first.stop();
    const again = await start({ dataDir: first.dataDir, adminKey: first.adminKey });
    const log = again.logs.join('\n');
    expect(log).not.toContain('an admin key already exists');
    expect(log).toContain('BOOTSTRAP_ADMIN_KEY ignored: the store already has this key');
    expect(again.logs.filter(saysNoAdminKey)).toHaveLength(1);
    expect((await graphql(again.admin, '{ me { name } }')).status).toBe(401);
    await again.stop();
    removeDataDir(first.dataDir);
  });
});
