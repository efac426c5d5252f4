// Durable timers: what other contexts schedule, and how a timer is stored and decided.
export * from './timer.events';
export * from './timer.commands';
export * from './timer.decider';
export * from './timers.codec';
export * from './timers.errors';
