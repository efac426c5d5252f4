import { randomBytes } from 'node:crypto';
import { ledgerEnv } from './http-load';
import { BenchServer, graphql } from './server-process';
import type { WebhookReceiver } from './webhook-receiver';

const CREATE = 'mutation($input: CreateNotificationChannelInput!) { createNotificationChannel(input: $input) { signingSecret channel { id } } }';
const SUBSCRIBE = 'mutation($input: SubscribeNotificationChannelInput!) { subscribeNotificationChannel(input: $input) { id } }';

/** The server environment with notifications on: a secret key, and receivers on this machine over plain http allowed. */
export function notifyingEnv(dataDir: string): Record<string, string> {
  return { ...ledgerEnv(dataDir), LEDGER_SECRET_KEY: randomBytes(32).toString('base64'), NOTIFY_ALLOW_PRIVATE_NETWORKS: 'true', NOTIFY_ALLOW_HTTP: 'true' };
}

/** What a channel hears: a preset, or CUSTOM and its kinds. */
export type ChannelSubscription = { preset: 'ANNOUNCEMENTS' } | { preset: 'CUSTOM'; kinds: string[] };

/** A WEBHOOK channel at the receiver's endpoint `n`, whose signatures the receiver checks, subscribed as asked; its id. */
export async function webhookChannel(server: BenchServer, key: string, receiver: WebhookReceiver, n: number, subscription: ChannelSubscription): Promise<string> {
  const created = await graphql<{ createNotificationChannel: { signingSecret: string; channel: { id: string } } }>(server.url, key, CREATE, {
    input: { name: `Bench webhook ${n}`, kind: 'WEBHOOK', url: receiver.urlOf(n) },
  });
  receiver.setSecret(n, created.createNotificationChannel.signingSecret);
  const channelId = created.createNotificationChannel.channel.id;
  await graphql(server.url, key, SUBSCRIBE, { input: { channelId, ...subscription } });
  return channelId;
}
