import { ChannelKind, ChannelSecrets, ChannelTarget, SealedSecret, SubscriptionFields } from './notifications.types';

interface Recorded {
  at: string;
  by: string;
}

export interface NotificationChannelCreated {
  type: 'NotificationChannelCreated';
  data: { channelId: string; name: string; kind: ChannelKind; signingSecret: SealedSecret | null } & ChannelTarget & Recorded;
}

export interface NotificationChannelSecretRotated {
  type: 'NotificationChannelSecretRotated';
  data: { channelId: string; signingSecret: SealedSecret; previousValidUntil: string } & Recorded;
}

/** The channel's sealed values, sealed again under the key `keyId`: the same secrets, so the same masks. */
export interface ChannelSecretsResealed {
  type: 'ChannelSecretsResealed';
  data: { channelId: string; keyId: string } & ChannelSecrets & Recorded;
}

export interface NotificationChannelDisabled {
  type: 'NotificationChannelDisabled';
  data: { channelId: string; reason: string } & Recorded;
}

export interface NotificationChannelEnabled {
  type: 'NotificationChannelEnabled';
  data: { channelId: string } & Recorded;
}

export interface NotificationChannelDeleted {
  type: 'NotificationChannelDeleted';
  data: { channelId: string } & Recorded;
}

export interface ChannelSubscribed {
  type: 'ChannelSubscribed';
  data: { subscriptionId: string } & SubscriptionFields & Recorded;
}

export interface ChannelUnsubscribed {
  type: 'ChannelUnsubscribed';
  data: { subscriptionId: string; channelId: string } & Recorded;
}

export type NotificationsEvent =
  | NotificationChannelCreated
  | NotificationChannelSecretRotated
  | ChannelSecretsResealed
  | NotificationChannelDisabled
  | NotificationChannelEnabled
  | NotificationChannelDeleted
  | ChannelSubscribed
  | ChannelUnsubscribed;

/**
 * Channels and subscriptions share one stream, as the catalogue does: names
 * are unique and a subscription needs a live channel, so one append with an
 * exact expected revision keeps both true across processes. Deliveries are
 * not here: they have streams of their own.
 */
export const NOTIFICATIONS_STREAM = 'notifications';
