export * from './escalation.read-model';
