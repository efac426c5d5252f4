export * from './shared/clock';
export * from './shared/calendar';
export * from './shared/decider';
export * from './shared/domain-error';
export * from './incidents/severity';
export * from './incidents/incident-status';
export * from './incidents/incident-timestamp';
export * from './incidents/incident-kind';
export * from './incidents/incident-report';
export * from './incidents/action-item';
export * from './incidents/responder-role';
export * from './incidents/incident.events';
export * from './incidents/incident.commands';
export * from './incidents/incident.limits';
export * from './incidents/incident.decider';
export * from './incidents/incident.warnings';

export * from './access/access-role';
export * from './access/api-key.events';
export * from './access/api-key.decider';
export * from './access/incident-access';
export * from './access/review-link.events';
export * from './access/review-link.decider';

export * from './catalogue';
