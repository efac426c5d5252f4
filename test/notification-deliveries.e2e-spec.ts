import { randomBytes } from 'node:crypto';
import { Caller, graphql, mustQuery } from './support/graphql-client';
import { DECLARE } from './support/operations';
import { HttpReceiver, ChatRequest, startSlackReceiver, startTeamsReceiver, startWebhookReceiver, WebhookReceiver } from './support/receivers';
import { removeDataDir, RunningServer, startServer, tempDataDir } from './support/server';

/**
 * Deliveries to real receivers: a Standard Webhooks endpoint that verifies
 * every signature with the specification's reference package, and Slack- and
 * Teams-shaped endpoints that refuse what those services refuse. The retry
 * schedule is shortened so that retries happen within the test.
 */

const CREATE = `mutation($input: CreateNotificationChannelInput!) { createNotificationChannel(input: $input) { signingSecret channel { id } } }`;
const SUBSCRIBE = `mutation($input: SubscribeNotificationChannelInput!) { subscribeNotificationChannel(input: $input) { id } }`;
const FOLLOW = `mutation($incidentId: ID!, $channelId: ID!) { followIncident(incidentId: $incidentId, channelId: $channelId) { id } }`;
const DELIVERIES = `query($filter: DeliveryFilterInput) { notificationDeliveries(filter: $filter) { id type summary status incidentId attempts { attempt outcome status error } nextAttemptAt } }`;
const CHANNEL = `query($id: ID!) { notificationChannel(id: $id) { disabled disabledReason failingSince lastDeliveredAt } }`;
const REDELIVER = `mutation($id: ID!) { redeliverNotification(deliveryId: $id) { status } }`;
const TEST = `mutation($id: ID!) { testNotificationChannel(channelId: $id) { delivered outcome status durationMs } }`;
const POST_UPDATE = `mutation($input: PostStatusUpdateInput!) { postStatusUpdate(input: $input) { id } }`;

interface Delivery {
  id: string;
  type: string;
  status: string;
  incidentId: string | null;
  attempts: { attempt: number; outcome: string; status: number | null; error: string | null }[];
}

describe('notification deliveries', () => {
  let server: RunningServer;
  let admin: Caller;
  let responder: Caller;
  const receivers: { close(): Promise<void> }[] = [];

  async function webhookChannel(name: string, receiver: WebhookReceiver): Promise<string> {
    const { createNotificationChannel } = await mustQuery(admin, CREATE, { input: { name, kind: 'WEBHOOK', url: receiver.url } });
    receiver.setSecrets(createNotificationChannel.signingSecret);
    return createNotificationChannel.channel.id;
  }

  async function announce(channelId: string): Promise<void> {
    await mustQuery(admin, SUBSCRIBE, { input: { channelId, preset: 'ANNOUNCEMENTS' } });
  }

  async function deliveriesOf(channelId: string): Promise<Delivery[]> {
    return (await mustQuery(admin, DELIVERIES, { filter: { channelId } })).notificationDeliveries;
  }

  /** Polls the deliveries of a channel until `done` holds (the delivery process runs apart from commands). */
  async function deliveriesUntil(channelId: string, done: (deliveries: Delivery[]) => boolean, timeoutMs = 15_000): Promise<Delivery[]> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const deliveries = await deliveriesOf(channelId);
      if (done(deliveries)) return deliveries;
      if (Date.now() > until) throw new Error(`deliveries of ${channelId} never got there: ${JSON.stringify(deliveries)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  beforeAll(async () => {
    server = await startServer({
      env: {
        EVENT_STORE: 'sqlite',
        LEDGER_SECRET_KEY: randomBytes(32).toString('base64'),
        NOTIFY_ALLOW_PRIVATE_NETWORKS: 'true',
        NOTIFY_ALLOW_HTTP: 'true',
        NOTIFY_RETRY_SCHEDULE: '0,200ms,200ms',
        NOTIFY_TIMEOUT_MS: '2000',
      },
    });
    admin = server.admin;
    responder = await server.as('ana');
  });

  afterAll(async () => {
    await server.stop();
    removeDataDir(server.dataDir);
    await Promise.all(receivers.map((receiver) => receiver.close()));
  });

  it('signs each announcement as Standard Webhooks says, verified by the reference package, and tells only SEV1–SEV3', async () => {
    const receiver = await startWebhookReceiver();
    receivers.push(receiver);
    const channelId = await webhookChannel('Announcements', receiver);
    await announce(channelId);

    const { declareIncident: minor } = await mustQuery(responder, DECLARE, { input: { title: 'One node down', severity: 'SEV4' } });
    const { declareIncident: major } = await mustQuery(responder, DECLARE, { input: { title: 'Checkout <b>errors</b>', severity: 'SEV2', services: ['checkout'] } });
    const [request] = await receiver.waitFor((received) => received.rawBody.includes(major.id));
    expect(request).toMatchObject({ verified: true, status: expect.any(Number) });
    expect(request.json).toMatchObject({ type: 'incident.declared', data: { incident: { id: major.id, title: 'Checkout <b>errors</b>', severity: 'SEV2' } } });

    const [delivery] = await deliveriesUntil(channelId, (deliveries) => deliveries.some((d) => d.status === 'DELIVERED'));
    expect(delivery).toMatchObject({ id: request.webhookId, type: 'incident.declared', status: 'DELIVERED', incidentId: major.id, attempts: [{ attempt: 1, outcome: 'DELIVERED', status: 200 }] });
    // Events are heard in order: the SEV4 declaration came first and was told to nobody.
    expect(receiver.received.filter((received) => received.rawBody.includes(minor.id))).toEqual([]);
    expect(receiver.received.every((received) => received.verified)).toBe(true);
  });

  it('tries again after 500 twice and delivers once, every attempt with the same webhook-id', async () => {
    const receiver = await startWebhookReceiver({ answers: [500, 500] });
    receivers.push(receiver);
    const channelId = await webhookChannel('Flaky receiver', receiver);
    await announce(channelId);
    const { declareIncident } = await mustQuery(responder, DECLARE, { input: { title: 'Payments slow', severity: 'SEV3' } });

    const [delivery] = await deliveriesUntil(channelId, (deliveries) => deliveries[0]?.status === 'DELIVERED');
    expect(delivery.attempts.map(({ status, outcome }) => [status, outcome])).toEqual([
      [500, 'RESPONSE'],
      [500, 'RESPONSE'],
      [200, 'DELIVERED'],
    ]);
    const requests = receiver.received.filter((received) => received.rawBody.includes(declareIncident.id));
    expect(requests.map((received) => received.status)).toEqual([500, 500, 200]);
    expect(new Set(requests.map((received) => received.webhookId))).toEqual(new Set([delivery.id]));
    expect(requests.every((received) => received.verified)).toBe(true);
  });

  it('makes a dead letter after the last attempt, shows when the channel started failing, and redelivers on request', async () => {
    const receiver = await startWebhookReceiver({ defaultAnswer: 503 });
    receivers.push(receiver);
    const channelId = await webhookChannel('Down receiver', receiver);
    await announce(channelId);
    await mustQuery(responder, DECLARE, { input: { title: 'Search down', severity: 'SEV1' } });

    const [dead] = await deliveriesUntil(channelId, (deliveries) => deliveries[0]?.status === 'FAILED');
    expect(dead.attempts.map((attempt) => attempt.status)).toEqual([503, 503, 503]);
    expect(dead.attempts[2].error).toContain('HTTP 503');
    expect((await mustQuery(admin, CHANNEL, { id: channelId })).notificationChannel).toMatchObject({ failingSince: expect.any(String), lastDeliveredAt: null });

    receiver.script([], 200);
    expect((await mustQuery(admin, REDELIVER, { id: dead.id })).redeliverNotification.status).toBe('PENDING');
    const [redelivered] = await deliveriesUntil(channelId, (deliveries) => deliveries[0]?.status === 'DELIVERED');
    expect(redelivered.attempts.map((attempt) => attempt.attempt)).toEqual([1, 2, 3, 4]);
    expect((await mustQuery(admin, CHANNEL, { id: channelId })).notificationChannel).toMatchObject({ failingSince: null, lastDeliveredAt: expect.any(String) });
    expect(extensionsCode(await graphql(responder, REDELIVER, { id: dead.id }))).toBe('FORBIDDEN');
  });

  it('disables a channel whose receiver answers 410 Gone', async () => {
    const receiver = await startWebhookReceiver({ defaultAnswer: 410 });
    receivers.push(receiver);
    const channelId = await webhookChannel('Gone receiver', receiver);
    await announce(channelId);
    await mustQuery(responder, DECLARE, { input: { title: 'Login errors', severity: 'SEV2' } });
    const [delivery] = await deliveriesUntil(channelId, (deliveries) => deliveries[0]?.status === 'FAILED');
    expect(delivery.attempts).toHaveLength(1);
    const { notificationChannel } = await mustQuery(admin, CHANNEL, { id: channelId });
    expect(notificationChannel).toMatchObject({ disabled: true, disabledReason: expect.stringContaining('410 Gone') });
  });

  it.each([
    ['SLACK', startSlackReceiver],
    ['TEAMS', startTeamsReceiver],
  ])('posts to a %s webhook what the service accepts, and a test message answers the receiver', async (kind, start) => {
    const receiver: HttpReceiver<ChatRequest> = await start();
    receivers.push(receiver);
    const { createNotificationChannel } = await mustQuery(admin, CREATE, { input: { name: `${kind} incidents`, kind, url: receiver.url } });
    const channelId = createNotificationChannel.channel.id;
    await announce(channelId);
    const { declareIncident } = await mustQuery(responder, DECLARE, { input: { title: `Queue backlog for ${kind}`, severity: 'SEV2', kind: 'DRILL' } });
    const [request] = await receiver.waitFor((received) => received.rawBody.includes(`Queue backlog for ${kind}`));
    expect(request.refusal).toBeUndefined();
    expect(request.rawBody).toContain('DRILL');
    await deliveriesUntil(channelId, (deliveries) => deliveries.some((d) => d.incidentId === declareIncident.id && d.status === 'DELIVERED'));

    const { testNotificationChannel } = await mustQuery(admin, TEST, { id: channelId });
    expect(testNotificationChannel).toMatchObject({ delivered: true, outcome: 'RESPONSE', status: request.status });
  });

  it('tells a follower every timeline entry of the incident, and nothing of a private incident to announcements', async () => {
    const receiver = await startWebhookReceiver();
    receivers.push(receiver);
    const channelId = await webhookChannel('Follow channel', receiver);
    await announce(channelId);
    const { declareIncident: open } = await mustQuery(responder, DECLARE, { input: { title: 'Cache misses', severity: 'SEV4' } });
    await mustQuery(responder, FOLLOW, { incidentId: open.id, channelId });
    await mustQuery(responder, POST_UPDATE, { input: { incidentId: open.id, audience: 'INTERNAL', message: 'Warming the cache' } });
    const [update] = await receiver.waitFor((received) => received.rawBody.includes('Warming the cache'));
    expect(update.json).toMatchObject({ type: 'incident.status_update_posted', data: { incident: { id: open.id } } });

    const { declareIncident: secret } = await mustQuery(admin, DECLARE, { input: { title: 'Leaked token', severity: 'SEV1', private: true } });
    const { declareIncident: after } = await mustQuery(responder, DECLARE, { input: { title: 'After the private one', severity: 'SEV1' } });
    await receiver.waitFor((received) => received.rawBody.includes(after.id));
    expect(receiver.received.filter((received) => received.rawBody.includes(secret.id) || received.rawBody.includes('Leaked token'))).toEqual([]);
  });
});

function extensionsCode(response: { body: { errors?: { extensions?: { code?: string } }[] } }): string | undefined {
  return response.body.errors?.[0]?.extensions?.code;
}

describe('notification deliveries across processes', () => {
  const env = {
    EVENT_STORE: 'sqlite',
    LEDGER_SECRET_KEY: randomBytes(32).toString('base64'),
    NOTIFY_ALLOW_PRIVATE_NETWORKS: 'true',
    NOTIFY_ALLOW_HTTP: 'true',
    NOTIFY_RETRY_SCHEDULE: '0,200ms,200ms,200ms,200ms',
    LEASE_TTL_MS: '900',
  };

  async function announcedReceiver(server: RunningServer, receiver: WebhookReceiver): Promise<void> {
    const { createNotificationChannel } = await mustQuery(server.admin, CREATE, { input: { name: 'Announcements', kind: 'WEBHOOK', url: receiver.url } });
    receiver.setSecrets(createNotificationChannel.signingSecret);
    await mustQuery(server.admin, SUBSCRIBE, { input: { channelId: createNotificationChannel.channel.id, preset: 'ANNOUNCEMENTS' } });
  }

  /** Each incident's declaration arrived (verified), and every repeat of one carried the same webhook-id. */
  function expectEachDeliveredAtLeastOnce(receiver: WebhookReceiver, incidentIds: string[]): { repeats: number } {
    const byIncident = new Map(incidentIds.map((id) => [id, receiver.received.filter((received) => received.verified && received.rawBody.includes(id))]));
    for (const [id, requests] of byIncident) {
      expect({ id, delivered: requests.some((received) => received.status === 200) }).toEqual({ id, delivered: true });
      expect(new Set(requests.map((received) => received.webhookId)).size).toBe(1);
    }
    return { repeats: [...byIncident.values()].reduce((sum, requests) => sum + requests.length - 1, 0) };
  }

  it('two servers on one store deliver each message once', async () => {
    const receiver = await startWebhookReceiver();
    const dataDir = tempDataDir();
    const a = await startServer({ dataDir, env });
    const b = await startServer({ dataDir, adminKey: a.adminKey, env });
    try {
      await announcedReceiver(a, receiver);
      const ids: string[] = [];
      for (let i = 0; i < 10; i++) {
        const through = i % 2 === 0 ? a : b;
        ids.push((await mustQuery(through.admin, DECLARE, { input: { title: `Through both ${i}`, severity: 'SEV2' } })).declareIncident.id);
      }
      await receiver.waitFor((received) => ids.some((id) => received.rawBody.includes(id)), 15_000, 10);
      // A moment for any second delivery to show itself.
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect(expectEachDeliveredAtLeastOnce(receiver, ids)).toEqual({ repeats: 0 });
    } finally {
      await Promise.all([a.stop(), b.stop()]);
      removeDataDir(dataDir);
      await receiver.close();
    }
  });

  it('loses no delivery when the server is killed during a burst: each arrives at least once, repeats with the same webhook-id', async () => {
    // Slow answers keep deliveries in flight when the kill comes.
    const receiver = await startWebhookReceiver({ defaultAnswer: { status: 200, delayMs: 30 } });
    let server = await startServer({ env });
    const { dataDir, adminKey } = server;
    try {
      await announcedReceiver(server, receiver);
      const ids: string[] = [];
      for (let i = 0; i < 20; i++) ids.push((await mustQuery(server.admin, DECLARE, { input: { title: `Burst ${i}`, severity: 'SEV1' } })).declareIncident.id);
      await receiver.waitFor(() => true, 10_000, 3);
      await server.kill();
      server = await startServer({ dataDir, adminKey, env });
      const deliveredAll = () => ids.every((id) => receiver.received.some((received) => received.verified && received.status === 200 && received.rawBody.includes(id)));
      // Generous: on a loaded machine the restart and the lease's expiry take a while.
      for (const until = Date.now() + 45_000; !deliveredAll() && Date.now() < until; ) await new Promise((resolve) => setTimeout(resolve, 100));
      if (!deliveredAll()) {
        const { notificationDeliveries } = await mustQuery(server.admin, `{ notificationDeliveries(first: 200) { id incidentId status attemptCount attempts { outcome status error } } }`);
        throw new Error(`not every incident was delivered; the ledger's deliveries: ${JSON.stringify(notificationDeliveries)}`);
      }
      const { repeats } = expectEachDeliveredAtLeastOnce(receiver, ids);
      console.log(`notification deliveries: kill -9 during a burst of 20: all delivered, ${repeats} repeated`);
    } finally {
      await server.stop();
      removeDataDir(dataDir);
      await receiver.close();
    }
  });

  it('makes a dead letter, saying why, of a delivery whose channel secrets another key sealed, instead of failing every round', async () => {
    const receiver = await startWebhookReceiver();
    let server = await startServer({ env });
    const { dataDir, adminKey } = server;
    try {
      await announcedReceiver(server, receiver);
      await server.stop();
      server = await startServer({ dataDir, adminKey, env: { ...env, LEDGER_SECRET_KEY: randomBytes(32).toString('base64') } });
      const { declareIncident } = await mustQuery(server.admin, DECLARE, { input: { title: 'After a key change', severity: 'SEV1' } });
      const query = `query($id: ID) { notificationDeliveries(filter: { incidentId: $id }) { status attempts { outcome error } } }`;
      let deliveries: Delivery[] = [];
      for (const until = Date.now() + 15_000; deliveries[0]?.status !== 'FAILED' && Date.now() < until; ) {
        deliveries = (await mustQuery(server.admin, query, { id: declareIncident.id })).notificationDeliveries;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(deliveries).toEqual([{ status: 'FAILED', attempts: [{ outcome: 'REFUSED', error: expect.stringContaining('sealed with another key') }] }]);
      expect(receiver.received).toEqual([]);
    } finally {
      await server.stop();
      removeDataDir(dataDir);
      await receiver.close();
    }
  });
});
