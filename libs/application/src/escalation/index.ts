// Escalation: policies, the process that pages their levels, and the signed links people acknowledge a page with.
export * from './escalation.context';
export * from './escalation-policies';
export * from './escalation-targets';
export * from './escalations';
export * from './page-links';
export * from './page-acknowledgements';
