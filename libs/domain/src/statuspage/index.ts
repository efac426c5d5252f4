// The public status page: its components, the incidents published on it, and scheduled maintenance.
export * from './statuspage.types';
export * from './statuspage.limits';
export * from './status-component.events';
export * from './status-component.decider';
export * from './public-incident.events';
export * from './public-incident.decider';
export * from './maintenance.events';
export * from './maintenance.decider';
export * from './statuspage.errors';
export * from './subscriber.events';
export * from './subscriber.decider';
export * from './statuspage-notices.checkpoint';
