export * from './alerting.read-model';
