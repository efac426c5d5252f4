export * from './incident-reminders';
export * from './reminder-policy';
export * from './reminders.context';
