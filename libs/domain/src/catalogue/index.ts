// The service catalogue, its teams and people: what other contexts may use of it.
export * from './service-tier';
export * from './catalogue.types';
export * from './catalogue.limits';
export * from './catalogue.errors';
export * from './catalogue.events';
export * from './catalogue.commands';
export * from './catalogue.decider';
export * from './catalogue.codec';
