// Notification channels and subscriptions: the read side.
export * from './notifications.read-model';
export * from './deliveries.read-model';
