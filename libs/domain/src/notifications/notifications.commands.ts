import { StatusUpdateAudience } from '../incidents/incident.events';
import { Severity } from '../incidents/severity';
import { ChannelKind, NotificationKind, SealedSecret, SealedValues, SubscriptionPreset } from './notifications.types';

/**
 * Creates a channel. The application seals the URL and the signing secret
 * before the decider sees them (the decider checks that a kind has what it
 * needs); `channelId` comes from the application too, derived from the
 * command id when one is given.
 */
export interface CreateNotificationChannel {
  type: 'CreateNotificationChannel';
  channelId: string;
  name: string;
  kind: ChannelKind;
  /** WEBHOOK, SLACK, TEAMS. */
  url?: SealedSecret | null;
  /** EMAIL. */
  recipients?: string[];
  /** WEBHOOK: the Standard Webhooks signing secret (`whsec_…`), sealed. */
  signingSecret?: SealedSecret | null;
}

/** A new signing secret; the old one keeps signing beside it until `previousValidUntil`. */
export interface RotateChannelSecret {
  type: 'RotateChannelSecret';
  channelId: string;
  signingSecret: SealedSecret;
  previousValidUntil: string;
}

/**
 * A channel's sealed values sealed again under the server's current key
 * (`keyId`), so that the key before it can be retired. The application opens
 * and seals again; it names the sealed values it opened (`replacing`), so that
 * a rotation written meanwhile is never overwritten with the secret it
 * replaced. Only the sealed strings change: masks and validity stay the channel's.
 */
export interface ResealChannelSecrets {
  type: 'ResealChannelSecrets';
  channelId: string;
  keyId: string;
  resealed: SealedValues;
  replacing: SealedValues;
}

export interface DisableNotificationChannel {
  type: 'DisableNotificationChannel';
  channelId: string;
  reason: string;
}

export interface EnableNotificationChannel {
  type: 'EnableNotificationChannel';
  channelId: string;
}

/** Deleting a channel ends its subscriptions with it. */
export interface DeleteNotificationChannel {
  type: 'DeleteNotificationChannel';
  channelId: string;
}

export interface SubscribeChannel {
  type: 'SubscribeChannel';
  subscriptionId: string;
  channelId: string;
  preset: SubscriptionPreset;
  /** CUSTOM: the kinds heard (at least one). The presets fix their own. */
  kinds?: NotificationKind[];
  /** FOLLOW: the incident followed. */
  incidentId?: string | null;
  severities?: Severity[];
  services?: string[];
  ownerTeams?: string[];
  audiences?: StatusUpdateAudience[];
  /** True when not given. */
  includeDrills?: boolean;
}

export interface Unsubscribe {
  type: 'Unsubscribe';
  subscriptionId: string;
}

/** Every command names who gives it: a subscription's author decides what it may hear of private incidents. */
export type NotificationsCommand = (
  | CreateNotificationChannel
  | RotateChannelSecret
  | ResealChannelSecrets
  | DisableNotificationChannel
  | EnableNotificationChannel
  | DeleteNotificationChannel
  | SubscribeChannel
  | Unsubscribe
) & { actor: string };
