import { ContextErrors } from '../shared/domain-error';
import { NOTIFICATIONS_STREAM } from './notifications.events';

/** Why notifications refuse a command, and how each refusal is classified (as the catalogue's are). */
export const NOTIFICATIONS_ERRORS = {
  streams: { [NOTIFICATIONS_STREAM]: 'notification channels' },
  reasons: {
    CHANNEL_NOT_FOUND: 'not-found',
    CHANNEL_EXISTS: 'conflict',
    CHANNEL_DISABLED: 'conflict',
    SUBSCRIPTION_NOT_FOUND: 'not-found',
    SUBSCRIPTION_EXISTS: 'conflict',
    // The server has no LEDGER_SECRET_KEY: it cannot keep a channel's secrets, so it keeps no channel.
    SECRETS_NOT_CONFIGURED: 'conflict',
  },
} as const satisfies ContextErrors;

type NotificationsReasonKinds = (typeof NOTIFICATIONS_ERRORS)['reasons'];

declare module '../shared/domain-error' {
  interface DomainErrorReasons extends NotificationsReasonKinds {}
}
