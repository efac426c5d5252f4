export * from './oncall.read-model';
