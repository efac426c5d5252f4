import { randomBytes } from 'node:crypto';
import { FixedClock, NOTIFICATIONS_STREAM, sealedKeyId } from '@incident-ledger/domain';
import { EventStore, InMemoryEventStore } from '@incident-ledger/event-store';
import { NotificationsReadModel, Projector } from '@incident-ledger/read-models';
import { NetworkPolicy } from './network-policy';
import { NotificationChannels, sealedFor } from './notification-channels.service';
import { NotificationsCommandExecutor } from './notifications-command.executor';
import { SecretBox } from './secret-box';

const context = { actor: 'admin', correlationId: 'c' };
const rotation = { actor: 'secret-key-rotation', correlationId: 'r' };
const newKey = () => randomBytes(32).toString('base64');
const boxOf = (key: string, previous?: string) => SecretBox.fromSettings({ LEDGER_SECRET_KEY: key, LEDGER_SECRET_KEY_PREVIOUS: previous }) as SecretBox;
const WEBHOOK_URL = 'https://hooks.example.com/ledger/9f86d081884c7d659a2f';
const SLACK_URL = 'https://hooks.slack.com/services/T0000000/B0000000/abcdefghijklmnopqrstuvwx';

const projectors: Projector[] = [];
afterEach(async () => {
  await Promise.all(projectors.splice(0).map((projector) => projector.stop()));
});

/** A server's channels service on `store`, with the keys it was started with. */
async function serverWith(store: EventStore, box: SecretBox): Promise<NotificationChannels> {
  const notifications = new NotificationsReadModel();
  const projector = new Projector(store, [{ name: 'notifications', model: notifications }]);
  projectors.push(projector);
  await projector.start();
  const clock = new FixedClock(new Date('2026-12-02T10:00:00.000Z'));
  return new NotificationChannels(new NotificationsCommandExecutor(store, clock), notifications, projector, clock, box, new NetworkPolicy({ allowPrivateNetworks: false, allowHttp: false }), 2_000, false);
}

const eventsIn = async (store: EventStore) => {
  const types: string[] = [];
  for await (const event of store.readStream(NOTIFICATIONS_STREAM)) types.push(event.type);
  return types;
};

describe('re-sealing channel secrets under the current key', () => {
  const keyA = newKey();
  const keyB = newKey();

  it('seals every secret of every channel again under the new key: they open without the old one, as they were', async () => {
    const store = new InMemoryEventStore();
    const before = await serverWith(store, boxOf(keyA));
    const webhook = await before.create({ name: 'Ops', kind: 'WEBHOOK', url: WEBHOOK_URL }, context);
    const slack = await before.create({ name: '#incidents', kind: 'SLACK', url: SLACK_URL }, context);
    const rotated = await before.rotateSecret(webhook.channel.id, 24, context);

    const during = await serverWith(store, boxOf(keyB, keyA));
    expect(await during.resealUnderCurrentKey(rotation)).toEqual({ resealed: 2, notResealable: [] });

    const onlyB = boxOf(keyB);
    const after = await serverWith(store, onlyB);
    const channel = after.channelOf(webhook.channel.id);
    for (const sealed of [channel.url, channel.signingSecret, channel.previousSigningSecret?.secret]) expect(sealedKeyId(sealed?.sealed ?? '')).toBe(onlyB.keyId);
    expect(onlyB.open(channel.url?.sealed ?? '', sealedFor(channel.id, 'url'))).toBe(WEBHOOK_URL);
    expect(onlyB.open(channel.signingSecret?.sealed ?? '', sealedFor(channel.id, 'signing-secret'))).toBe(rotated.signingSecret);
    expect(onlyB.open(channel.previousSigningSecret?.secret.sealed ?? '', sealedFor(channel.id, 'signing-secret'))).toBe(webhook.signingSecret);
    expect(onlyB.open(after.channelOf(slack.channel.id).url?.sealed ?? '', sealedFor(slack.channel.id, 'url'))).toBe(SLACK_URL);
    // What the API shows of them is unchanged.
    expect(after.channelOf(webhook.channel.id)).toMatchObject({ url: { masked: webhook.channel.url?.masked }, signingSecret: { masked: rotated.channel.signingSecret?.masked } });
  });

  it('writes nothing when run again, here or on another server', async () => {
    const store = new InMemoryEventStore();
    await (await serverWith(store, boxOf(keyA))).create({ name: 'Ops', kind: 'WEBHOOK', url: WEBHOOK_URL }, context);
    const first = await serverWith(store, boxOf(keyB, keyA));
    expect((await first.resealUnderCurrentKey(rotation)).resealed).toBe(1);
    const written = await eventsIn(store);

    expect(await first.resealUnderCurrentKey(rotation)).toEqual({ resealed: 0, notResealable: [] });
    expect(await (await serverWith(store, boxOf(keyB, keyA))).resealUnderCurrentKey(rotation)).toEqual({ resealed: 0, notResealable: [] });
    expect(await eventsIn(store)).toEqual(written);
  });

  it('leaves a channel sealed under a key the server lacks as it was, and re-seals the others', async () => {
    const store = new InMemoryEventStore();
    const lost = await (await serverWith(store, boxOf(newKey()))).create({ name: 'Lost', kind: 'SLACK', url: SLACK_URL }, context);
    await (await serverWith(store, boxOf(keyA))).create({ name: 'Ops', kind: 'WEBHOOK', url: WEBHOOK_URL }, context);

    const during = await serverWith(store, boxOf(keyB, keyA));
    expect(await during.resealUnderCurrentKey(rotation)).toEqual({ resealed: 1, notResealable: [lost.channel.id] });
    expect(during.channelOf(lost.channel.id).url).toEqual(lost.channel.url);
  });
});
