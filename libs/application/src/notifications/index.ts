// Notifications: channels, subscriptions, and how messages leave the server (sealed secrets, signatures, a guarded network).
export * from './notifications.context';
export * from './notifications-command.executor';
export * from './notification-channels.service';
export * from './secret-box';
export * from './standard-webhooks';
export * from './network-policy';
export * from './outbound-http';
export * from './delivery-policy';
export * from './notification-outbox';
export * from './delivery-worker';
export * from './smtp-mailer';
export * from './delivery-targets';
export * from './signed-tokens';
