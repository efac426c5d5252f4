import { ContextRegistration } from '../contexts/context-registration';

/** Analytics: metrics and the review report, computed when asked from the incidents context's read model; nothing of its own yet. */
export const ANALYTICS_CONTEXT: ContextRegistration = {
  name: 'analytics',
  streams: [],
  readModels: [],
  processManagers: [],
};
