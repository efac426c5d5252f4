import { NOTIFICATIONS_ERRORS, NOTIFICATIONS_STREAM, notificationsDecider, notificationsEventCodec } from '@incident-ledger/domain';
import { NotificationsReadModel } from '@incident-ledger/read-models';
import { ContextRegistration } from '../contexts/context-registration';

/** Notifications: channels (webhook, Slack, Teams, email) and what they are subscribed to, in one stream (see NOTIFICATIONS_STREAM). */
export const NOTIFICATIONS_CONTEXT: ContextRegistration = {
  name: 'notifications',
  streams: [{ prefix: NOTIFICATIONS_STREAM, decider: notificationsDecider, codec: notificationsEventCodec }],
  readModels: [{ name: 'notifications', version: 1, type: NotificationsReadModel }],
  processManagers: [],
  errors: NOTIFICATIONS_ERRORS,
};
