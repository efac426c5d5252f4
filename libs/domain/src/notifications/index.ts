// Notification channels and subscriptions: what other contexts may use of them.
export * from './notifications.types';
export * from './notifications.limits';
export * from './notifications.errors';
export * from './notifications.events';
export * from './notifications.commands';
export * from './notifications.decider';
export * from './notifications.codec';
export * from './notification-message';
export * from './delivery.events';
export * from './delivery.decider';
export * from './delivery.codec';
