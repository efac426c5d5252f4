import { eventCodec, field } from '../shared/event-codec';

/**
 * A subscriber of the status page: told of public incidents and maintenance
 * (all, or those that affect the components they chose). One stream each,
 * `statuspage-subscriber-<id>`, which holds no personal data: the address
 * lives alone in `statuspage-subscriber-contact-<id>` (sealed with the
 * server's key), so that erasing a subscriber erases that stream and nothing
 * else of the log.
 */
export const SUBSCRIBER_STREAM_PREFIX = 'statuspage-subscriber-';
export const subscriberStreamId = (subscriberId: string): string => `${SUBSCRIBER_STREAM_PREFIX}${subscriberId}`;

/** Its own prefix, which the subscriber prefix does not start: a context's prefixes must not overlap. */
export const SUBSCRIBER_CONTACT_STREAM_PREFIX = 'statuspage-contact-';
export const subscriberContactStreamId = (subscriberId: string): string => `${SUBSCRIBER_CONTACT_STREAM_PREFIX}${subscriberId}`;

export type SubscriberMode = 'EMAIL' | 'WEBHOOK';
export const SUBSCRIBER_MODES: readonly SubscriberMode[] = ['EMAIL', 'WEBHOOK'];

/**
 * Signed up: an email address waits for its confirmation (double opt-in) and
 * is told nothing else until then; a webhook, added by an admin, is confirmed
 * at once. `components` empty: everything on the page.
 */
export interface SubscriberSignedUp {
  type: 'SubscriberSignedUp';
  data: { subscriberId: string; mode: SubscriberMode; components: string[]; confirmed: boolean; at: string; by: string };
}

export interface SubscriberConfirmed {
  type: 'SubscriberConfirmed';
  data: { subscriberId: string; at: string; by: string };
}

export interface SubscriberUnsubscribed {
  type: 'SubscriberUnsubscribed';
  data: { subscriberId: string; at: string; by: string };
}

/** An admin erased the subscriber's personal data: its contact stream is gone from the log. */
export interface SubscriberErased {
  type: 'SubscriberErased';
  data: { subscriberId: string; at: string; by: string };
}

export type SubscriberEvent = SubscriberSignedUp | SubscriberConfirmed | SubscriberUnsubscribed | SubscriberErased;

/** The address, sealed: the one event of a contact stream. */
export interface SubscriberContactRecorded {
  type: 'SubscriberContactRecorded';
  data: { subscriberId: string; sealedAddress: string; at: string };
}

const stamp = { subscriberId: field.string, at: field.string, by: field.string };

export const subscriberEventCodec = eventCodec<SubscriberEvent>({
  SubscriberSignedUp: { shape: { ...stamp, mode: field.oneOf(SUBSCRIBER_MODES), components: field.strings, confirmed: field.boolean } },
  SubscriberConfirmed: { shape: stamp },
  SubscriberUnsubscribed: { shape: stamp },
  SubscriberErased: { shape: stamp },
});

export const subscriberContactEventCodec = eventCodec<SubscriberContactRecorded>({
  SubscriberContactRecorded: { shape: { subscriberId: field.string, sealedAddress: field.string, at: field.string } },
});
