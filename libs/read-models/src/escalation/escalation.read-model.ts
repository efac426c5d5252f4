import { ESCALATION_POLICY_STREAM_PREFIX, EscalationPolicyDefinition, escalationPolicyEventCodec, INCIDENT_STREAM_PREFIX } from '@incident-ledger/domain';
import { RecordedEvent } from '@incident-ledger/event-store';
import { CheckpointedReadModel } from '../checkpointed-read-model';

export interface EscalationPolicyView extends EscalationPolicyDefinition {
  policyId: string;
  createdAt: string;
  updatedAt: string;
  updatedBy: string;
  /** How many escalations started with it: where a ROUND_ROBIN team target starts next. */
  escalationsStarted: number;
}

interface EscalationState {
  policies: Map<string, EscalationPolicyView>;
}

/** Escalation policies, by id and by the services they are attached to. */
export class EscalationReadModel extends CheckpointedReadModel<void, EscalationState> {
  private policiesById = new Map<string, EscalationPolicyView>();
  private policyIdByService = new Map<string, string>();

  get size(): number {
    return this.policiesById.size;
  }

  protected snapshotState(): EscalationState {
    return { policies: this.policiesById };
  }

  protected restoreState(state: EscalationState): void {
    this.policiesById = state.policies;
    this.policyIdByService = new Map([...state.policies.values()].flatMap((policy) => policy.services.map((service) => [service, policy.policyId] as const)));
  }

  protected applyNew(event: RecordedEvent): void {
    if (event.streamId.startsWith(ESCALATION_POLICY_STREAM_PREFIX) && escalationPolicyEventCodec.knows(event.type)) this.define(event);
    else if (event.streamId.startsWith(INCIDENT_STREAM_PREFIX) && event.type === 'EscalationStarted') this.started(event);
  }

  private define(recorded: RecordedEvent): void {
    const { data } = escalationPolicyEventCodec.decodeRecorded(recorded);
    const { policyId, created: _created, at, by, ...definition } = data;
    const before = this.policiesById.get(policyId);
    for (const service of before?.services ?? []) this.policyIdByService.delete(service);
    for (const service of definition.services) this.policyIdByService.set(service, policyId);
    this.policiesById.set(policyId, { ...definition, policyId, createdAt: before?.createdAt ?? at, updatedAt: at, updatedBy: by, escalationsStarted: before?.escalationsStarted ?? 0 });
  }

  /** Counted from the incident's own event, so that a replay counts as the first run did. */
  private started(recorded: RecordedEvent): void {
    const policyId = (recorded.data as { policyId?: unknown }).policyId;
    const policy = typeof policyId === 'string' ? this.policiesById.get(policyId) : undefined;
    if (policy) this.policiesById.set(policy.policyId, { ...policy, escalationsStarted: policy.escalationsStarted + 1 });
  }

  policy(policyId: string): EscalationPolicyView | undefined {
    return this.policiesById.get(policyId);
  }

  policies(): EscalationPolicyView[] {
    return [...this.policiesById.values()].sort((a, b) => a.policyId.localeCompare(b.policyId));
  }

  /** The policy a service is attached to. */
  policyOfService(service: string): EscalationPolicyView | undefined {
    const id = this.policyIdByService.get(service);
    return id === undefined ? undefined : this.policiesById.get(id);
  }
}
