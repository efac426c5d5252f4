export * from './escalation.context';
export * from './escalation-policies';
export * from './escalation-targets';
export * from './escalations';
