import { ESCALATION_ERRORS, ESCALATION_POLICY_STREAM_PREFIX, escalationPolicyDecider, escalationPolicyEventCodec, ESCALATIONS_STREAM, escalationsCheckpointCodec, escalationsCheckpointDecider } from '@incident-ledger/domain';
import { EscalationReadModel } from '@incident-ledger/read-models';
import { ContextRegistration } from '../contexts/context-registration';

/** Escalation policies (`escalation-policy-<slug>`) and the process that starts and times escalations; each escalation runs on its incident's stream. */
export const ESCALATION_CONTEXT: ContextRegistration = {
  name: 'escalation',
  streams: [
    { prefix: ESCALATION_POLICY_STREAM_PREFIX, decider: escalationPolicyDecider, codec: escalationPolicyEventCodec },
    { prefix: ESCALATIONS_STREAM, decider: escalationsCheckpointDecider, codec: escalationsCheckpointCodec },
  ],
  readModels: [{ name: 'escalation', version: 1, type: EscalationReadModel }],
  processManagers: [{ name: 'escalations' }],
  errors: ESCALATION_ERRORS,
};
