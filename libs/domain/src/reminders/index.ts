export * from './reminder-planner';
