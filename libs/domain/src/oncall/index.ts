// On-call schedules: their shape, their checks, their rendering into shifts, and their events.
export * from './oncall.types';
export * from './oncall.limits';
export * from './oncall.rules';
export { renderLayer } from './layer.renderer';
export { formatInstant, parseInstant, wallClock } from './local-time';
export * from './schedule-timeline';
export * from './schedule.renderer';
export * from './schedule.events';
export * from './schedule.commands';
export * from './schedule.errors';
export * from './schedule.codec';
export * from './schedule.decider';
export * from './oncall-load';
export * from './calendar-feed';
export * from './shift-reminder-preferences';
