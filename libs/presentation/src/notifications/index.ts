// What a notification looks like in each channel: pure functions from a NotificationMessage to a channel's format.
export * from './webhook-payload';
export * from './slack-message';
export * from './teams-message';
export * from './email-message';
