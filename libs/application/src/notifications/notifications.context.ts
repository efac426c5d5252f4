import {
  DELIVERY_STREAM_PREFIX,
  deliveryDecider,
  deliveryEventCodec,
  NOTIFICATIONS_ERRORS,
  NOTIFICATIONS_STREAM,
  notificationsDecider,
  notificationsEventCodec,
  OUTBOX_STREAM,
  outboxDecider,
  outboxEventCodec,
} from '@incident-ledger/domain';
import { DeliveriesReadModel, NotificationsReadModel } from '@incident-ledger/read-models';
import { ContextRegistration } from '../contexts/context-registration';

/**
 * Notifications: channels (webhook, Slack, Teams, email) and what they are
 * subscribed to, in one stream (see NOTIFICATIONS_STREAM); a stream per
 * delivery; and the delivery process's checkpoint.
 */
export const NOTIFICATIONS_CONTEXT: ContextRegistration = {
  name: 'notifications',
  streams: [
    { prefix: NOTIFICATIONS_STREAM, decider: notificationsDecider, codec: notificationsEventCodec },
    { prefix: DELIVERY_STREAM_PREFIX, decider: deliveryDecider, codec: deliveryEventCodec },
    { prefix: OUTBOX_STREAM, decider: outboxDecider, codec: outboxEventCodec },
  ],
  readModels: [
    // Version 3 applies ChannelSecretsResealed: a snapshot from a server that skipped it would hold secrets sealed under a retired key.
    { name: 'notifications', version: 3, type: NotificationsReadModel },
    { name: 'deliveries', version: 1, type: DeliveriesReadModel },
  ],
  processManagers: [],
  errors: NOTIFICATIONS_ERRORS,
};
