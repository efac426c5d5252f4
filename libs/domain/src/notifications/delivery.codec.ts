import { eventCodec, field, Shape } from '../shared/event-codec';
import { ATTEMPT_OUTCOMES, DeliveryEvent } from './delivery.events';
import { checkpointCodec } from '../shared/process-checkpoint';
import { MessageIncident, NotificationMessage } from './notification-message';

const incident: Shape<MessageIncident> = {
  id: field.string,
  title: field.string,
  severity: field.string,
  status: field.string,
  services: field.strings,
  drill: field.boolean,
  commander: field.nullableString,
};

const message: Shape<NotificationMessage> = {
  type: field.string,
  kind: field.string,
  occurredAt: field.string,
  incident: field.nullable(field.object(incident)),
  summary: field.string,
  detail: field.nullableString,
  actor: field.nullableString,
  link: field.nullableString,
};

/** Deliveries (streams `delivery-<id>`), as stored. */
export const deliveryEventCodec = eventCodec<DeliveryEvent>({
  DeliveryScheduled: {
    shape: {
      deliveryId: field.string,
      channelId: field.string,
      subscriptionId: field.nullableString,
      sourceEventId: field.nullableString,
      incidentId: field.nullableString,
      message: field.object(message),
      dueAt: field.string,
      at: field.string,
    },
  },
  DeliveryAttemptFailed: {
    shape: {
      deliveryId: field.string,
      attempt: field.integer,
      outcome: field.oneOf(ATTEMPT_OUTCOMES),
      status: field.nullable(field.integer),
      error: field.string,
      durationMs: field.integer,
      retryAt: field.nullableString,
      at: field.string,
    },
  },
  DeliverySucceeded: { shape: { deliveryId: field.string, attempt: field.integer, status: field.integer, durationMs: field.integer, at: field.string } },
  DeliveryRedriven: { shape: { deliveryId: field.string, at: field.string, by: field.string } },
});

/** The delivery process's checkpoint (stream `notification-outbox`), as stored. */
export const outboxEventCodec = checkpointCodec('OutboxCheckpointed');
