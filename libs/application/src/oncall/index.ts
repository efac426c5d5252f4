export * from './oncall.context';
export * from './schedule-command.executor';
export * from './oncall.service';
export * from './calendar-feeds';
export * from './oncall-notices';
