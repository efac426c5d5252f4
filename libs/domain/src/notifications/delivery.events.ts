import { Checkpointed } from '../shared/process-checkpoint';
import { NotificationMessage } from './notification-message';

/** How one attempt ended, as the outbound client reports it. */
export const ATTEMPT_OUTCOMES = ['RESPONSE', 'TIMEOUT', 'NETWORK', 'REFUSED'] as const;
export type AttemptOutcome = (typeof ATTEMPT_OUTCOMES)[number];

export interface DeliveryScheduled {
  type: 'DeliveryScheduled';
  data: {
    deliveryId: string;
    channelId: string;
    /** The subscription that heard it; null for a test message. */
    subscriptionId: string | null;
    /** The event it tells of; null for a test message. */
    sourceEventId: string | null;
    incidentId: string | null;
    message: NotificationMessage;
    /** When the first attempt is due. */
    dueAt: string;
    at: string;
  };
}

/** An attempt that did not deliver: tried again at `retryAt`, or never (a dead letter) when it is null. */
export interface DeliveryAttemptFailed {
  type: 'DeliveryAttemptFailed';
  data: { deliveryId: string; attempt: number; outcome: AttemptOutcome; status: number | null; error: string; durationMs: number; retryAt: string | null; at: string };
}

export interface DeliverySucceeded {
  type: 'DeliverySucceeded';
  data: { deliveryId: string; attempt: number; status: number; durationMs: number; at: string };
}

/** Someone asked for another try (`redeliver`): due at once, with the retry schedule started over. */
export interface DeliveryRedriven {
  type: 'DeliveryRedriven';
  data: { deliveryId: string; at: string; by: string };
}

export type DeliveryEvent = DeliveryScheduled | DeliveryAttemptFailed | DeliverySucceeded | DeliveryRedriven;

/**
 * One stream per delivery (an event told to a channel): its attempts are
 * appended with an exact expected revision, so two processes can never
 * record the same attempt twice.
 */
export const DELIVERY_STREAM_PREFIX = 'delivery-';
export const deliveryStreamId = (deliveryId: string) => `${DELIVERY_STREAM_PREFIX}${deliveryId}`;

/** Where the delivery process has read the log to: written under the lease, read at its start. */
export type OutboxCheckpointed = Checkpointed<'OutboxCheckpointed'>;

export const OUTBOX_STREAM = 'notification-outbox';
