import { ContextErrors } from '../shared/domain-error';
import { ESCALATION_POLICY_STREAM_PREFIX } from './escalation-policy';
import { ESCALATIONS_STREAM } from './escalations.checkpoint';

/** Why an escalation policy refuses a command, and how each refusal is classified. */
export const ESCALATION_ERRORS = {
  streams: { [ESCALATION_POLICY_STREAM_PREFIX]: 'escalation policy', [ESCALATIONS_STREAM]: 'escalations process' },
  reasons: {
    ESCALATION_POLICY_EXISTS: 'conflict',
    ESCALATION_POLICY_NOT_FOUND: 'not-found',
    // A service is attached to one policy at most.
    SERVICE_HAS_POLICY: 'conflict',
  },
} as const satisfies ContextErrors;

type EscalationReasonKinds = (typeof ESCALATION_ERRORS)['reasons'];

declare module '../shared/domain-error' {
  interface DomainErrorReasons extends EscalationReasonKinds {}
}
