import { eventCodec, field, Shape } from '../shared/event-codec';
import { NotificationsEvent } from './notifications.events';
import { CHANNEL_KINDS, SealedSecret, SUBSCRIPTION_PRESETS, SubscriptionFields, SubscriptionFilter } from './notifications.types';

const recorded = { at: field.string, by: field.string };

const secret: Shape<SealedSecret> = { sealed: field.string, masked: field.string };

const filter: Shape<SubscriptionFilter> = {
  severities: field.strings,
  services: field.strings,
  ownerTeams: field.strings,
  audiences: field.strings,
  includeDrills: field.boolean,
};

const subscription: Shape<SubscriptionFields> = {
  channelId: field.string,
  preset: field.oneOf(SUBSCRIPTION_PRESETS),
  kinds: field.strings,
  incidentId: field.nullableString,
  filter: field.object(filter),
};

/** Notification channels and subscriptions (stream `notifications`), as stored. */
export const notificationsEventCodec = eventCodec<NotificationsEvent>({
  NotificationChannelCreated: {
    shape: {
      channelId: field.string,
      name: field.string,
      kind: field.oneOf(CHANNEL_KINDS),
      url: field.nullable(field.object(secret)),
      recipients: field.strings,
      signingSecret: field.nullable(field.object(secret)),
      ...recorded,
    },
  },
  NotificationChannelSecretRotated: { shape: { channelId: field.string, signingSecret: field.object(secret), previousValidUntil: field.string, ...recorded } },
  ChannelSecretsResealed: {
    shape: {
      channelId: field.string,
      keyId: field.string,
      url: field.nullable(field.object(secret)),
      signingSecret: field.nullable(field.object(secret)),
      previousSigningSecret: field.nullable(field.object({ secret: field.object(secret), validUntil: field.string })),
      ...recorded,
    },
  },
  NotificationChannelDisabled: { shape: { channelId: field.string, reason: field.string, ...recorded } },
  NotificationChannelEnabled: { shape: { channelId: field.string, ...recorded } },
  NotificationChannelDeleted: { shape: { channelId: field.string, ...recorded } },
  ChannelSubscribed: { shape: { subscriptionId: field.string, ...subscription, ...recorded } },
  ChannelUnsubscribed: { shape: { subscriptionId: field.string, channelId: field.string, ...recorded } },
});
