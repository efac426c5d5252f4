import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SecretBox } from '@incident-ledger/application';
import { mustQuery } from './support/graphql-client';
import { DECLARE } from './support/operations';
import { startWebhookReceiver, WebhookReceiver } from './support/receivers';
import { removeDataDir, RunningServer, startServer, tempDataDir } from './support/server';

/**
 * A rotation of LEDGER_SECRET_KEY, as an operator runs it: the server starts
 * with the new key and the old one as LEDGER_SECRET_KEY_PREVIOUS, says when it
 * has sealed every channel's secrets again under the new key, and from then on
 * runs without the old key, its channels delivering as before.
 */

const CREATE = `mutation($input: CreateNotificationChannelInput!) { createNotificationChannel(input: $input) { signingSecret channel { id } } }`;
const SUBSCRIBE = `mutation($input: SubscribeNotificationChannelInput!) { subscribeNotificationChannel(input: $input) { id } }`;
const RESEALED = 'Channel secrets re-sealed under the current key';

const KEY_A = randomBytes(32).toString('base64');
const KEY_B = randomBytes(32).toString('base64');
const keyIdOf = (key: string) => (SecretBox.fromSettings({ LEDGER_SECRET_KEY: key }) as SecretBox).keyId;

/** The raw store, as anyone who copies the data directory reads it. */
const rawStore = (dataDir: string) =>
  readdirSync(dataDir)
    .filter((name) => name.startsWith('events.sqlite'))
    .map((name) => readFileSync(join(dataDir, name)).toString('latin1'))
    .join('');

/** The log entries with this message, waiting until at least one was written. */
async function logged(server: RunningServer, message: string, timeoutMs = 10_000): Promise<Array<Record<string, unknown>>> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const entries = server.logs.flatMap((line) => (line.includes(message) ? [JSON.parse(line) as Record<string, unknown>] : []));
    if (entries.length > 0) return entries;
    if (Date.now() > until) throw new Error(`"${message}" was never logged:\n${server.logs.join('\n')}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('rotating LEDGER_SECRET_KEY', () => {
  const dataDir = tempDataDir();
  let receiver: WebhookReceiver;
  let server: RunningServer | undefined;
  let adminKey: string;
  let signingSecret: string;

  const start = async (keys: { LEDGER_SECRET_KEY: string; LEDGER_SECRET_KEY_PREVIOUS?: string }) => {
    server = await startServer({
      dataDir,
      adminKey,
      env: { EVENT_STORE: 'sqlite', NOTIFY_ALLOW_PRIVATE_NETWORKS: 'true', NOTIFY_ALLOW_HTTP: 'true', LEDGER_SECRET_KEY_PREVIOUS: undefined, ...keys },
    });
    return server;
  };
  const stop = async () => {
    await server?.stop();
    server = undefined;
  };

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
  });

  // Each step runs on its own server: one left running by a failed step would deliver with the keys it was started with.
  afterEach(stop);

  afterAll(async () => {
    await receiver.close();
    removeDataDir(dataDir);
  });

  it('starts with key A: a webhook channel on announcements, its secrets sealed under A', async () => {
    const { admin, adminKey: key } = await start({ LEDGER_SECRET_KEY: KEY_A });
    adminKey = key;
    const { createNotificationChannel } = await mustQuery(admin, CREATE, { input: { name: 'Ops webhook', kind: 'WEBHOOK', url: receiver.url } });
    signingSecret = createNotificationChannel.signingSecret;
    receiver.setSecrets(signingSecret);
    await mustQuery(admin, SUBSCRIBE, { input: { channelId: createNotificationChannel.channel.id, preset: 'ANNOUNCEMENTS' } });
    await stop();
    expect(rawStore(dataDir)).toContain(`v1.${keyIdOf(KEY_A)}.`);
  });

  it('with key B and A as the previous key, says it re-sealed the channel, which the store now holds under B', async () => {
    const running = await start({ LEDGER_SECRET_KEY: KEY_B, LEDGER_SECRET_KEY_PREVIOUS: KEY_A });
    const [entry] = await logged(running, RESEALED);
    expect(entry).toMatchObject({ resealed: 1, notResealable: 0 });
    await stop();
    expect(rawStore(dataDir)).toContain(`v1.${keyIdOf(KEY_B)}.`);
  });

  it('with key B alone, delivers to the channel, signed with its original secret', async () => {
    const running = await start({ LEDGER_SECRET_KEY: KEY_B });
    await mustQuery(running.admin, DECLARE, { input: { title: 'Checkout errors', severity: 'SEV2' } });
    // Before re-sealing existed, this delivery was a dead letter: its URL and secret were sealed with a key the server no longer had.
    const [delivery] = await receiver.waitFor((request) => request.verified, 15_000);
    expect(delivery).toMatchObject({ json: { type: 'incident.declared' }, verifiedWith: [signingSecret] });
    // Nothing was left to re-seal.
    expect(running.logs.filter((line) => line.includes(RESEALED))).toEqual([]);
  });
});
