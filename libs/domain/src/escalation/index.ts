// Escalation: policies (levels of targets, delays, repeats) attached to services; the incidents context runs each escalation.
export * from './escalation.types';
export * from './escalation.limits';
export * from './escalation-policy';
export * from './escalations.checkpoint';
export * from './escalation.errors';
