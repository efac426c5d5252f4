export * from './alerting.context';
export * from './alerting-executors';
export * from './alerting.service';
export * from './alert-incidents';
