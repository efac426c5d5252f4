// On-call schedules: their shape, their checks, and their rendering into shifts (pure; no events yet).
export * from './oncall.types';
export * from './oncall.limits';
export * from './oncall.rules';
export { renderLayer } from './layer.renderer';
export * from './schedule.renderer';
