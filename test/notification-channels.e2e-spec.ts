import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Caller, graphql, GraphQLResponse, mustQuery } from './support/graphql-client';
import { DECLARE } from './support/operations';
import { removeDataDir, RunningServer, startServer } from './support/server';

/**
 * Notification channels and subscriptions over GraphQL, as an admin sets
 * them up: channel URLs and signing secrets are secrets (sealed in the log,
 * masked by the API, the signing secret answered in full once), URLs that
 * point inside the network are refused, and responders follow the incidents
 * they may see.
 */

const CHANNEL_FIELDS = 'id name kind url recipients signingSecret previousSecretValidUntil disabled disabledReason createdBy';
const CREATE = `mutation($input: CreateNotificationChannelInput!) { createNotificationChannel(input: $input) { signingSecret channel { ${CHANNEL_FIELDS} } } }`;
const ROTATE = `mutation($id: ID!) { rotateNotificationChannelSecret(channelId: $id) { signingSecret channel { ${CHANNEL_FIELDS} } } }`;
const CHANNELS = `{ notificationChannels { ${CHANNEL_FIELDS} } }`;
const DISABLE = `mutation($id: ID!) { disableNotificationChannel(channelId: $id, reason: "Receiver is being replaced") { disabled disabledReason } }`;
const SUBSCRIPTION_FIELDS = 'id channelId preset kinds incidentId severities includeDrills createdBy';
const SUBSCRIBE = `mutation($input: SubscribeNotificationChannelInput!) { subscribeNotificationChannel(input: $input) { ${SUBSCRIPTION_FIELDS} } }`;
const FOLLOW = `mutation($incidentId: ID!, $channelId: ID!) { followIncident(incidentId: $incidentId, channelId: $channelId) { ${SUBSCRIPTION_FIELDS} } }`;
const UNSUBSCRIBE = `mutation($id: ID!) { unsubscribeNotificationChannel(subscriptionId: $id) }`;
const SUBSCRIPTIONS = `query($channelId: ID) { notificationSubscriptions(channelId: $channelId) { ${SUBSCRIPTION_FIELDS} } }`;

const extensionsOf = (response: GraphQLResponse) => response.body.errors?.[0]?.extensions;
const SECRET_KEY = randomBytes(32).toString('base64');
/** A path no other test writes: finding it in the raw store would mean the URL is stored in clear. */
const SLACK_TOKEN = `T0000000/B0000000/${randomBytes(12).toString('hex')}`;
const SLACK_URL = `https://hooks.slack.com/services/${SLACK_TOKEN}`;

describe('notification channels', () => {
  let server: RunningServer;
  let admin: Caller;
  let responder: Caller;
  let viewer: Caller;
  let webhook: { id: string; secret: string };

  beforeAll(async () => {
    // EMAIL channels need an SMTP server to exist; nothing here is subscribed to one, so nothing connects to it.
    server = await startServer({ env: { EVENT_STORE: 'sqlite', LEDGER_SECRET_KEY: SECRET_KEY, SMTP_URL: 'smtp://127.0.0.1:9', SMTP_FROM: 'ledger@example.com' } });
    admin = server.admin;
    responder = await server.as('ana');
    viewer = await server.as('vic', 'VIEWER');
  });

  afterAll(async () => {
    await server.stop();
    removeDataDir(server.dataDir);
  });

  it('creates a webhook channel and answers its signing secret in full, this once; afterwards only masked', async () => {
    const input = { commandId: 'ops-webhook', name: 'Ops webhook', kind: 'WEBHOOK', url: 'https://hooks.example.com/ledger/9f86d081884c7d659a2f' };
    const { createNotificationChannel } = await mustQuery(admin, CREATE, { input });
    const { channel, signingSecret } = createNotificationChannel;
    expect(signingSecret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(channel).toMatchObject({ name: 'Ops webhook', kind: 'WEBHOOK', url: 'https://hooks.example.com/••••9a2f', recipients: [], disabled: false, createdBy: 'bootstrap-admin' });
    expect(channel.signingSecret).toMatch(/^whsec_••••.{4}$/);
    webhook = { id: channel.id, secret: signingSecret };

    const { notificationChannels } = await mustQuery(viewer, CHANNELS);
    expect(JSON.stringify(notificationChannels)).not.toContain('9f86d081884c7d659a2f');
    expect(JSON.stringify(notificationChannels)).not.toContain(signingSecret.slice(6, 30));

    // A retry of the same command answers the same channel, with the same secret.
    const retried = await mustQuery(admin, CREATE, { input });
    expect(retried.createNotificationChannel).toEqual(createNotificationChannel);
    // The same id for another channel is refused.
    expect(extensionsOf(await graphql(admin, CREATE, { input: { ...input, name: 'Another' } }))).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'COMMAND_ID_REUSED' });
  });

  it('creates Slack, Teams and email channels with what each kind needs, and refuses what it does not', async () => {
    const slack = await mustQuery(admin, CREATE, { input: { name: '#incidents', kind: 'SLACK', url: SLACK_URL } });
    expect(slack.createNotificationChannel).toMatchObject({ signingSecret: null, channel: { kind: 'SLACK', url: expect.stringMatching(/^https:\/\/hooks\.slack\.com\/••••/) } });
    const email = await mustQuery(admin, CREATE, { input: { name: 'Leads', kind: 'EMAIL', recipients: ['b@example.com', 'a@example.com'] } });
    expect(email.createNotificationChannel.channel).toMatchObject({ kind: 'EMAIL', url: null, recipients: ['a@example.com', 'b@example.com'] });

    expect(extensionsOf(await graphql(admin, CREATE, { input: { name: 'No url', kind: 'TEAMS' } }))).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(extensionsOf(await graphql(admin, CREATE, { input: { name: 'Bad mail', kind: 'EMAIL', recipients: ['nobody'] } }))).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(extensionsOf(await graphql(admin, CREATE, { input: { name: 'leads', kind: 'EMAIL', recipients: ['c@example.com'] } }))).toMatchObject({
      code: 'CONFLICT',
      reason: 'CHANNEL_EXISTS',
    });
  });

  it.each([
    ['loopback', 'https://127.0.0.1/hook'],
    ['the cloud metadata address', 'https://169.254.169.254/latest/meta-data'],
    ['a private address written as a number', 'https://167772161/hook'],
    ['IPv6 loopback', 'https://[::1]/hook'],
    ['plain http', 'http://hooks.example.com/hook'],
    ['credentials in the url', 'https://user:pass@hooks.example.com/hook'],
  ])('refuses a url to %s without the allow switches', async (_name, url) => {
    const refused = await graphql(admin, CREATE, { input: { name: `Inside ${url}`, kind: 'WEBHOOK', url } });
    expect(extensionsOf(refused)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'url' });
  });

  it('rotates a signing secret: a new one in full, the old one still signing for a while', async () => {
    const { rotateNotificationChannelSecret } = await mustQuery(admin, ROTATE, { id: webhook.id });
    expect(rotateNotificationChannelSecret.signingSecret).toMatch(/^whsec_/);
    expect(rotateNotificationChannelSecret.signingSecret).not.toBe(webhook.secret);
    expect(Date.parse(rotateNotificationChannelSecret.channel.previousSecretValidUntil)).toBeGreaterThan(Date.now() + 23 * 3_600_000);
  });

  it('lets only admins create, rotate and disable channels; every role reads them', async () => {
    for (const caller of [responder, viewer]) {
      expect(extensionsOf(await graphql(caller, CREATE, { input: { name: 'Mine', kind: 'EMAIL', recipients: ['me@example.com'] } }))).toMatchObject({ code: 'FORBIDDEN' });
      expect(extensionsOf(await graphql(caller, ROTATE, { id: webhook.id }))).toMatchObject({ code: 'FORBIDDEN' });
      expect(extensionsOf(await graphql(caller, DISABLE, { id: webhook.id }))).toMatchObject({ code: 'FORBIDDEN' });
    }
    expect((await mustQuery(viewer, CHANNELS)).notificationChannels.map((channel: { name: string }) => channel.name)).toEqual(['#incidents', 'Leads', 'Ops webhook']);
    expect((await mustQuery(admin, DISABLE, { id: webhook.id })).disableNotificationChannel).toEqual({ disabled: true, disabledReason: 'Receiver is being replaced' });
  });

  it('subscribes a channel to announcements: SEV1–SEV3 declarations, severity changes, resolutions and escalations nobody acknowledged', async () => {
    const { subscribeNotificationChannel } = await mustQuery(admin, SUBSCRIBE, { input: { channelId: webhook.id, preset: 'ANNOUNCEMENTS', includeDrills: false } });
    expect(subscribeNotificationChannel).toMatchObject({
      preset: 'ANNOUNCEMENTS',
      kinds: ['DECLARED', 'SEVERITY_CHANGED', 'RESOLVED', 'UNACKNOWLEDGED'],
      severities: ['SEV1', 'SEV2', 'SEV3'],
      includeDrills: false,
      incidentId: null,
    });
    const again = await graphql(admin, SUBSCRIBE, { input: { channelId: webhook.id, preset: 'ANNOUNCEMENTS', includeDrills: false } });
    expect(extensionsOf(again)).toMatchObject({ code: 'CONFLICT', reason: 'SUBSCRIPTION_EXISTS' });
    expect(extensionsOf(await graphql(admin, SUBSCRIBE, { input: { channelId: 'nope', preset: 'ANNOUNCEMENTS' } }))).toMatchObject({ code: 'NOT_FOUND', reason: 'CHANNEL_NOT_FOUND' });
    expect(extensionsOf(await graphql(responder, SUBSCRIBE, { input: { channelId: webhook.id, preset: 'ANNOUNCEMENTS' } }))).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('lets a responder follow and unfollow an incident they may see, and nothing of a private one they may not', async () => {
    const slack = (await mustQuery(viewer, CHANNELS)).notificationChannels.find((channel: { kind: string }) => channel.kind === 'SLACK');
    const { declareIncident: open } = await mustQuery(responder, DECLARE, { input: { title: 'Checkout errors', severity: 'SEV2' } });
    const { followIncident } = await mustQuery(responder, FOLLOW, { incidentId: open.id, channelId: slack.id });
    expect(followIncident).toMatchObject({ preset: 'FOLLOW', incidentId: open.id, createdBy: 'ana', kinds: expect.arrayContaining(['DECLARED', 'STATUS_UPDATE_POSTED']) });
    // Following twice is the same follow.
    expect((await mustQuery(responder, FOLLOW, { incidentId: open.id, channelId: slack.id })).followIncident.id).toBe(followIncident.id);

    const { declareIncident: secret } = await mustQuery(admin, DECLARE, { input: { title: 'Leaked token', severity: 'SEV2', private: true } });
    expect(extensionsOf(await graphql(responder, FOLLOW, { incidentId: secret.id, channelId: slack.id }))).toMatchObject({ code: 'NOT_FOUND' });
    const adminFollow = (await mustQuery(admin, FOLLOW, { incidentId: secret.id, channelId: slack.id })).followIncident;
    const seenBy = async (caller: Caller) => (await mustQuery(caller, SUBSCRIPTIONS, { channelId: slack.id })).notificationSubscriptions.map((s: { id: string }) => s.id);
    expect(await seenBy(responder)).toEqual([followIncident.id]);
    expect((await seenBy(admin)).sort()).toEqual([followIncident.id, adminFollow.id].sort());

    const announcements = (await mustQuery(admin, SUBSCRIPTIONS, { channelId: webhook.id })).notificationSubscriptions[0];
    expect(extensionsOf(await graphql(responder, UNSUBSCRIBE, { id: announcements.id }))).toMatchObject({ code: 'FORBIDDEN' });
    expect(extensionsOf(await graphql(viewer, UNSUBSCRIBE, { id: followIncident.id }))).toMatchObject({ code: 'FORBIDDEN' });
    expect((await mustQuery(responder, UNSUBSCRIBE, { id: followIncident.id })).unsubscribeNotificationChannel).toBe(followIncident.id);
    expect(await seenBy(responder)).toEqual([]);
  });

  it('stores no channel url or signing secret in clear, and opens them again after a restart', async () => {
    const { stop, dataDir } = server;
    await stop();
    const stored = readdirSync(dataDir)
      .filter((name) => name.startsWith('events.sqlite') || name.includes('snapshot'))
      .map((name) => readFileSync(join(dataDir, name)).toString('latin1'))
      .join('');
    expect(stored).toContain('hooks.slack.com');
    expect(stored).not.toContain(SLACK_TOKEN);
    expect(stored).not.toContain('9f86d081884c7d659a2f');
    expect(stored).not.toContain(webhook.secret.slice(6));

    server = await startServer({ dataDir, adminKey: server.adminKey, env: { EVENT_STORE: 'sqlite', LEDGER_SECRET_KEY: SECRET_KEY } });
    admin = server.admin;
    const input = { commandId: 'ops-webhook', name: 'Ops webhook', kind: 'WEBHOOK', url: 'https://hooks.example.com/ledger/9f86d081884c7d659a2f' };
    // The retry's answer is opened from the sealed secret: it holds the rotated one now.
    const { createNotificationChannel } = await mustQuery(admin, CREATE, { input });
    expect(createNotificationChannel.channel.id).toBe(webhook.id);
    expect(createNotificationChannel.signingSecret).toMatch(/^whsec_/);
    expect(createNotificationChannel.signingSecret).not.toBe(webhook.secret);
  });
});

describe('notification channels on a server without LEDGER_SECRET_KEY', () => {
  it('refuses to create one, saying what to set', async () => {
    const server = await startServer({ env: { EVENT_STORE: 'sqlite', LEDGER_SECRET_KEY: undefined } });
    try {
      const refused = await graphql(server.admin, CREATE, { input: { name: 'Ops', kind: 'EMAIL', recipients: ['ops@example.com'] } });
      expect(extensionsOf(refused)).toMatchObject({ code: 'CONFLICT', reason: 'SECRETS_NOT_CONFIGURED' });
      expect(refused.body.errors?.[0]?.message).toContain('LEDGER_SECRET_KEY');
    } finally {
      await server.stop();
      removeDataDir(server.dataDir);
    }
  });
});
