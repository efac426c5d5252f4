import { ContextErrors } from '../shared/domain-error';
import { DELIVERY_STREAM_PREFIX, OUTBOX_STREAM } from './delivery.events';
import { NOTIFICATIONS_STREAM } from './notifications.events';

/** Why notifications refuse a command, and how each refusal is classified (as the catalogue's are). */
export const NOTIFICATIONS_ERRORS = {
  streams: { [NOTIFICATIONS_STREAM]: 'notification channels', [DELIVERY_STREAM_PREFIX]: 'notification delivery', [OUTBOX_STREAM]: 'notification outbox' },
  reasons: {
    CHANNEL_NOT_FOUND: 'not-found',
    CHANNEL_EXISTS: 'conflict',
    CHANNEL_DISABLED: 'conflict',
    // A channel's secrets changed (a rotation) while a re-seal under a new key read them: it re-seals what the channel holds now.
    CHANNEL_SECRETS_CHANGED: 'conflict',
    SUBSCRIPTION_NOT_FOUND: 'not-found',
    SUBSCRIPTION_EXISTS: 'conflict',
    DELIVERY_NOT_FOUND: 'not-found',
    // Another process recorded this attempt first, or the delivery ended meanwhile.
    DELIVERY_ATTEMPT_STALE: 'conflict',
    // The server has no LEDGER_SECRET_KEY: it cannot keep a channel's secrets, so it keeps no channel.
    SECRETS_NOT_CONFIGURED: 'conflict',
    // The server has no SMTP_URL: it cannot send email, so it keeps no EMAIL channel.
    SMTP_NOT_CONFIGURED: 'conflict',
  },
} as const satisfies ContextErrors;

type NotificationsReasonKinds = (typeof NOTIFICATIONS_ERRORS)['reasons'];

declare module '../shared/domain-error' {
  interface DomainErrorReasons extends NotificationsReasonKinds {}
}
