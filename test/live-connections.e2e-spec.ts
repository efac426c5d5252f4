import WebSocket from 'ws';
import { connected, graphql, mustQuery, SubscriptionRecorder, wsClient } from './support/graphql-client';
import { newApiKey } from './support/keys';
import { ASSIGN_ROLE, DECLARE, TIMELINE_FEED, UNASSIGN_ROLE } from './support/operations';
import { removeDataDir, RunningServer, startServer } from './support/server';
import { hs256Token } from './support/tokens';

const JWT_SECRET = 'a-shared-secret-of-at-least-32-characters';
const PROXY_ENV = { JWT_SECRET, JWT_ISSUER: 'https://idp.test', JWT_AUDIENCE: 'ledger', TRUST_PROXY: '127.0.0.1' };

interface Closed {
  code: number;
  reason: string;
}

/** A raw graphql-ws connection: sends connection_init, records every message and the close. */
class RawConnection {
  readonly messages: Array<{ type: string; id?: string; payload?: unknown }> = [];
  readonly closed: Promise<Closed>;
  readonly acknowledged: Promise<boolean>;
  private readonly socket: WebSocket;

  constructor(url: string, credential: string | undefined, headers: Record<string, string> = {}) {
    this.socket = new WebSocket(url, 'graphql-transport-ws', { headers });
    this.closed = new Promise((resolve) => this.socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
    this.acknowledged = new Promise((resolve) => {
      this.socket.on('message', (data) => {
        const message = JSON.parse(data.toString());
        this.messages.push(message);
        if (message.type === 'connection_ack') resolve(true);
      });
      void this.closed.then(() => resolve(false));
    });
    this.socket.once('open', () =>
      this.socket.send(JSON.stringify({ type: 'connection_init', payload: credential ? { authorization: `Bearer ${credential}` } : {} })),
    );
  }

  subscribe(id: string, query: string, variables: Record<string, unknown>): void {
    this.socket.send(JSON.stringify({ id, type: 'subscribe', payload: { query, variables } }));
  }

  /** Sends connection_init again, as a client trying to swap its credential would. */
  reinitialise(credential: string): void {
    this.socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${credential}` } }));
  }

  complete(id: string): void {
    this.socket.send(JSON.stringify({ id, type: 'complete' }));
  }

  /** Resolves with the first message of `type` for operation `id`. */
  async next(id: string, type: string, timeoutMs = 5000): Promise<{ type: string; payload?: unknown }> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const found = this.messages.find((message) => message.id === id && message.type === type);
      if (found) return found;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`no ${type} for ${id}; got ${JSON.stringify(this.messages)}`);
  }

  close(): void {
    this.socket.close();
  }
}

const createKey = async (server: RunningServer, name: string) => {
  const { createApiKey } = await mustQuery(server.admin, 'mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { key apiKey { id } } }', {
    input: { name, role: 'RESPONDER' },
  });
  return { key: createApiKey.key as string, id: createApiKey.apiKey.id as string };
};

const revoke = (server: RunningServer, id: string) =>
  mustQuery(server.admin, 'mutation($id: ID!) { revokeApiKey(input: { keyId: $id, reason: "test" }) { revokedAt } }', { id });

/** A wrong secret for an existing key: the slow check runs, and fails. */
const wrongSecretFor = (key: string) => `${key.slice(0, 'ilk_'.length + 12 + 1)}${'W'.repeat(43)}`;

describe('live connections', () => {
  let server: RunningServer;
  let incidentId: string;

  beforeAll(async () => {
    server = await startServer({ env: { ...PROXY_ENV, MAX_CONNECTIONS_PER_CREDENTIAL: '3', AUTH_FAILURES_PER_MINUTE: '5' } });
    ({ declareIncident: { id: incidentId } } = await mustQuery(server.admin, DECLARE, { input: { title: 'Queue backlog', severity: 'SEV3' } }));
  });

  afterAll(async () => {
    await server.stop();
    removeDataDir(server.dataDir);
  });

  it('closes every connection of a revoked key: idle, with finished feeds, and with live ones', async () => {
    const { key, id } = await createKey(server, 'revoked-soon');
    const idle = new RawConnection(server.wsUrl, key);
    const finished = new RawConnection(server.wsUrl, key);
    const live = new RawConnection(server.wsUrl, key);
    expect(await Promise.all([idle.acknowledged, finished.acknowledged, live.acknowledged])).toEqual([true, true, true]);
    finished.subscribe('1', TIMELINE_FEED, { incidentId, afterVersion: 0 });
    await finished.next('1', 'next');
    finished.complete('1');
    live.subscribe('1', TIMELINE_FEED, { incidentId });
    await new Promise((resolve) => setTimeout(resolve, 100));

    await revoke(server, id);
    for (const connection of [idle, finished, live]) expect(await connection.closed).toEqual({ code: 4403, reason: 'API key revoked' });
    // Nothing written after the revocation reached any of them.
    await mustQuery(server.admin, 'mutation($input: AddTimelineNoteInput!) { addTimelineNote(input: $input) { version } }', {
      input: { incidentId, text: 'after the revocation' },
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(JSON.stringify([idle.messages, finished.messages, live.messages])).not.toContain('after the revocation');
  });

  it('refuses a bad key with 4403 Forbidden, which the graphql-ws client reports as a clean close', async () => {
    const client = wsClient(server.wsUrl, newApiKey());
    const feed = new SubscriptionRecorder(client, TIMELINE_FEED, { incidentId }, (d) => d.incidentTimeline);
    await feed.waitFor(1);
    expect(feed.errors).toHaveLength(1);
    expect(feed.errors[0]).toMatchObject({ code: 4403, reason: 'Unknown or revoked API key' });
    await client.dispose();
  });

  it('caps the connections of one credential', async () => {
    const { key } = await createKey(server, 'many-tabs');
    const open = [0, 1, 2].map(() => new RawConnection(server.wsUrl, key));
    expect(await Promise.all(open.map((connection) => connection.acknowledged))).toEqual([true, true, true]);
    const fourth = new RawConnection(server.wsUrl, key);
    expect(await fourth.closed).toEqual({ code: 4429, reason: 'A credential may hold at most 3 live connections; close one before opening another' });
    // Another credential is not affected, and closing one makes room again.
    const other = new RawConnection(server.wsUrl, server.adminKey);
    expect(await other.acknowledged).toBe(true);
    open[0].close();
    await open[0].closed;
    await new Promise((resolve) => setTimeout(resolve, 100));
    const again = new RawConnection(server.wsUrl, key);
    expect(await again.acknowledged).toBe(true);
    [...open, other, again].forEach((connection) => connection.close());
  });

  it('closes a connection that sends connection_init twice, and frees its place', async () => {
    const { key } = await createKey(server, 'init-twice');
    const connection = new RawConnection(server.wsUrl, key);
    expect(await connection.acknowledged).toBe(true);
    connection.reinitialise(server.adminKey);
    expect(await connection.closed).toEqual({ code: 4429, reason: 'Too many initialisation requests' });
    const again = [0, 1, 2].map(() => new RawConnection(server.wsUrl, key));
    expect(await Promise.all(again.map((each) => each.acknowledged))).toEqual([true, true, true]);
    again.forEach((each) => each.close());
  });

  it('counts wrong secrets in connection_init toward the failure limit, per key and per address', async () => {
    const victim = await createKey(server, 'victim');
    const from = (address: string) => ({ 'x-forwarded-for': address });
    for (let attempt = 0; attempt < 5; attempt++) {
      const guess = new RawConnection(server.wsUrl, wrongSecretFor(victim.key), from('10.0.0.1'));
      expect((await guess.closed).code).toBe(4403);
    }
    const refused = new RawConnection(server.wsUrl, wrongSecretFor(victim.key), from('10.0.0.1'));
    expect(await refused.closed).toEqual({ code: 4429, reason: expect.stringMatching(/^Too many failed authentications/) });
    // The key is guarded from every address now, over HTTP too...
    const viaHttp = await graphql({ url: server.url, key: wrongSecretFor(victim.key) }, '{ me { name } }', {}, from('10.0.0.2'));
    expect(viaHttp.status).toBe(429);
    expect(viaHttp.body.errors?.[0].extensions?.code).toBe('RATE_LIMITED');
    // ...while a key this server has already recognised still works from the failing address.
    const admin = new RawConnection(server.wsUrl, server.adminKey, from('10.0.0.1'));
    expect(await admin.acknowledged).toBe(true);
    admin.close();
  });

  it('does not refuse a valid key because others failed from the same address', async () => {
    const fresh = await createKey(server, 'behind-the-nat');
    const nat = { 'x-forwarded-for': '10.0.0.9' };
    // Keyless requests and unknown keys from the same address cost nothing and count toward nothing.
    for (let attempt = 0; attempt < 40; attempt++) {
      expect((await graphql({ url: server.url }, '{ me { name } }', {}, nat)).status).toBe(401);
      expect((await graphql({ url: server.url, key: newApiKey() }, '{ me { name } }', {}, nat)).status).toBe(401);
    }
    const answer = await graphql({ url: server.url, key: fresh.key }, '{ me { name } }', {}, nat);
    expect(answer.status).toBe(200);
    expect(answer.body.data).toEqual({ me: { name: 'behind-the-nat' } });
  });

  it('answers a query or mutation sent over graphql-ws with a coded error', async () => {
    const connection = new RawConnection(server.wsUrl, server.adminKey);
    expect(await connection.acknowledged).toBe(true);
    connection.subscribe('q', '{ me { name } }', {});
    const errors = (await connection.next('q', 'error')).payload as Array<{ message: string; extensions: { code: string } }>;
    expect(errors[0]).toMatchObject({
      message: 'Queries and mutations are served over HTTP (POST /graphql); graphql-ws carries subscriptions only',
      extensions: { code: 'BAD_REQUEST' },
    });
    connection.close();
  });

  it('ends a feed whose subscriber lost access with a NOT_FOUND error', async () => {
    const ivy = await server.as('ivy');
    const { declareIncident } = await mustQuery(ivy, DECLARE, { input: { title: 'Leaked token', severity: 'SEV2', private: true } });
    await mustQuery(ivy, ASSIGN_ROLE, { input: { incidentId: declareIncident.id, role: 'SCRIBE', responder: 'dan' } });
    const dan = await server.as('dan');
    const client = wsClient(server.wsUrl, dan.key);
    const feed = new SubscriptionRecorder(client, TIMELINE_FEED, { incidentId: declareIncident.id }, (d) => d.incidentTimeline);
    await connected(client);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await mustQuery(ivy, UNASSIGN_ROLE, { input: { incidentId: declareIncident.id, role: 'SCRIBE', responder: 'dan' } });
    await feed.waitFor(1);
    expect(feed.errors).toEqual([[expect.objectContaining({ extensions: expect.objectContaining({ code: 'NOT_FOUND' }) })]]);
    await client.dispose();
  });

  it("closes a token's connections when the token expires", async () => {
    const now = Math.floor(Date.now() / 1000);
    // 30 s of clock skew are allowed: this token is accepted for about 2 s more.
    const token = hs256Token(JWT_SECRET, { iss: 'https://idp.test', aud: 'ledger', sub: 'u-7', role: 'VIEWER', exp: now - 28 });
    const connection = new RawConnection(server.wsUrl, token);
    expect(await connection.acknowledged).toBe(true);
    expect(await connection.closed).toEqual({ code: 4403, reason: 'Token expired' });
  });
});

describe('client addresses without a trusted proxy', () => {
  let server: RunningServer;

  beforeAll(async () => {
    server = await startServer({ env: { AUTH_FAILURES_PER_MINUTE: '3' } });
  });

  afterAll(async () => {
    await server.stop();
    removeDataDir(server.dataDir);
  });

  it('ignores X-Forwarded-For, so a client cannot name a fresh address to keep guessing', async () => {
    const { createApiKey: first } = await mustQuery(server.admin, 'mutation { createApiKey(input: { name: "one", role: VIEWER }) { key } }');
    const { createApiKey: second } = await mustQuery(server.admin, 'mutation { createApiKey(input: { name: "two", role: VIEWER }) { key } }');
    for (let attempt = 0; attempt < 3; attempt++) {
      const answer = await graphql({ url: server.url, key: wrongSecretFor(first.key) }, '{ me { name } }', {}, { 'x-forwarded-for': `10.1.0.${attempt}` });
      expect(answer.status).toBe(401);
    }
    const next = await graphql({ url: server.url, key: wrongSecretFor(second.key) }, '{ me { name } }', {}, { 'x-forwarded-for': '10.1.0.99' });
    expect(next.status).toBe(429);
  });
});
