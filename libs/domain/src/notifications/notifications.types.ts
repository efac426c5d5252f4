import { StatusUpdateAudience } from '../incidents/incident.events';
import { Severity } from '../incidents/severity';

/** Where a channel sends: a signed JSON webhook, a Slack or Teams incoming webhook, or email. */
export const CHANNEL_KINDS = ['WEBHOOK', 'SLACK', 'TEAMS', 'EMAIL'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

/** The kinds that post to a URL: it is a credential (whoever holds it may post), so it is stored sealed. */
export const URL_CHANNEL_KINDS: readonly ChannelKind[] = ['WEBHOOK', 'SLACK', 'TEAMS'];

/** What a subscription may ask to hear about. */
export const NOTIFICATION_KINDS = [
  'DECLARED',
  'SEVERITY_CHANGED',
  'STATUS_CHANGED',
  'STATUS_UPDATE_POSTED',
  'ROLE_ASSIGNED',
  'RESOLVED',
  'CLOSED',
  'REPORT_PUBLISHED',
  'REMINDER',
  'ACTION_ITEM_OVERDUE',
  'SHIFT_REMINDER',
  'ONCALL_GAP',
  'PAGE',
  'UNACKNOWLEDGED',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/**
 * What the ANNOUNCEMENTS preset hears, whenever it was made: "announcements"
 * means the same everywhere, so a kind added here reaches the channels that
 * subscribed before it was.
 */
export const ANNOUNCEMENT_KINDS: readonly NotificationKind[] = ['DECLARED', 'SEVERITY_CHANGED', 'RESOLVED', 'UNACKNOWLEDGED'];

/**
 * The two internal channels of the response process, and anything else:
 * ANNOUNCEMENTS hears every SEV1–SEV3 declaration, severity change and
 * resolution across the organisation, and the alarm of an escalation nobody
 * acknowledged; FOLLOW hears every timeline entry of
 * one incident; CUSTOM hears the kinds and filters it names.
 */
export const SUBSCRIPTION_PRESETS = ['ANNOUNCEMENTS', 'FOLLOW', 'CUSTOM'] as const;
export type SubscriptionPreset = (typeof SUBSCRIPTION_PRESETS)[number];

/**
 * A secret as the log holds it: sealed (encrypted and authenticated by the
 * application, which alone holds the key) and masked (what the API shows
 * once it was created). The domain never sees the secret itself.
 */
export interface SealedSecret {
  sealed: string;
  masked: string;
}

/**
 * The id of the key a sealed value names in its header (`v1.<key id>.…`), or
 * null when it has none: which key sealed it is not secret, and a re-seal is
 * judged by it.
 */
export function sealedKeyId(sealed: string): string | null {
  const [format, keyId] = sealed.split('.');
  return format === 'v1' && keyId ? keyId : null;
}

/** A signing secret rotated out, still signing beside the new one until `validUntil`. */
export interface PreviousSigningSecret {
  secret: SealedSecret;
  validUntil: string;
}

/** Everything a channel keeps sealed: what a re-seal under a new key replaces. */
export interface ChannelSecrets {
  url: SealedSecret | null;
  signingSecret: SealedSecret | null;
  previousSigningSecret: PreviousSigningSecret | null;
}

/** The sealed strings of a channel's secrets, field by field (null where it has none). */
export interface SealedValues {
  url: string | null;
  signingSecret: string | null;
  previousSigningSecret: string | null;
}

export function sealedValuesOf(secrets: ChannelSecrets): SealedValues {
  return { url: secrets.url?.sealed ?? null, signingSecret: secrets.signingSecret?.sealed ?? null, previousSigningSecret: secrets.previousSigningSecret?.secret.sealed ?? null };
}

/** Whether every secret a channel keeps is sealed under the key `keyId`: then a re-seal under it has nothing to do. */
export function sealedUnder(secrets: ChannelSecrets, keyId: string): boolean {
  return Object.values(sealedValuesOf(secrets)).every((sealed) => sealed === null || sealedKeyId(sealed) === keyId);
}

/** What a channel sends to, by kind: a sealed URL, or email recipients. */
export interface ChannelTarget {
  url: SealedSecret | null;
  recipients: string[];
}

/**
 * Filters of a subscription; an empty list means any. Severity, service and
 * owner team are the incident's; audiences filter status updates only.
 */
export interface SubscriptionFilter {
  severities: Severity[];
  services: string[];
  ownerTeams: string[];
  audiences: StatusUpdateAudience[];
  /** Drills are labelled DRILL in every message; a subscription may leave them out. */
  includeDrills: boolean;
}

export interface SubscriptionFields {
  channelId: string;
  preset: SubscriptionPreset;
  kinds: NotificationKind[];
  /** FOLLOW: the one incident followed; null for the others. */
  incidentId: string | null;
  filter: SubscriptionFilter;
}
