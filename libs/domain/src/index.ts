export * from './shared/clock';
export * from './shared/decider';
export * from './shared/domain-error';
export * from './incident/severity';
export * from './incident/incident-status';
export * from './incident/incident-timestamp';
export * from './incident/incident-kind';
export * from './incident/responder-role';
export * from './incident/incident.events';
export * from './incident/incident.commands';
export * from './incident/incident.limits';
export * from './incident/incident.decider';

export * from './access/access-role';
export * from './access/api-key.events';
export * from './access/api-key.decider';
export * from './access/incident-access';
