import {
  Clock,
  DomainError,
  EscalationPolicyCommand,
  escalationPolicyDecider,
  EscalationPolicyEvent,
  escalationPolicyEventCodec,
  EscalationPolicyState,
  escalationPolicyStreamId,
  EscalationTarget,
} from '@incident-ledger/domain';
import { EventStore } from '@incident-ledger/event-store';
import { CatalogueReadModel, EscalationPolicyView, EscalationReadModel, OncallReadModel, Projector } from '@incident-ledger/read-models';
import { AccessCheck, CommandContext, CommandExecutor } from '../commands/command-executor';
import { checkTeamMember, TeamMembers } from '../commands/team-member';

/** Admins, and members of the owning team (the team named, for a new owner), change a policy. */
function policyAccess(membersOf: TeamMembers): AccessCheck<EscalationPolicyCommand, EscalationPolicyState> {
  return (command, state, { principal }) => {
    if (!principal) return;
    for (const team of new Set([command.ownerTeam.trim(), ...(state.exists ? [state.definition.ownerTeam] : [])])) checkTeamMember(principal, team, membersOf, 'its escalation policies');
  };
}

export class EscalationPolicyCommandExecutor extends CommandExecutor<EscalationPolicyCommand, EscalationPolicyEvent, EscalationPolicyState> {
  constructor(store: EventStore, clock: Clock, membersOf: TeamMembers) {
    super(store, clock, escalationPolicyDecider, escalationPolicyEventCodec, (command) => escalationPolicyStreamId(command.policyId.trim()), policyAccess(membersOf));
  }
}

/**
 * Escalation policies as people define them: what they name must exist (the
 * owning team, the services, every target), and a service is attached to one
 * policy at most. Answers the policy as the read model holds it after the write.
 */
export class EscalationPolicies {
  constructor(
    private readonly executor: EscalationPolicyCommandExecutor,
    readonly policies: EscalationReadModel,
    private readonly catalogue: CatalogueReadModel,
    private readonly oncall: OncallReadModel,
    private readonly projector: Projector,
    private readonly waitMs: number,
  ) {}

  async define(command: EscalationPolicyCommand, context: CommandContext): Promise<EscalationPolicyView> {
    this.checkNames(command);
    const outcome = await this.executor.execute(command, context);
    await this.projector.waitFor(outcome.position, this.waitMs, this.policies);
    const policy = this.policies.policy(command.policyId.trim());
    if (!policy) throw new Error(`Escalation policy ${command.policyId} is missing from the read model after its write`);
    return policy;
  }

  private checkNames(command: EscalationPolicyCommand): void {
    if (!this.catalogue.team(command.ownerTeam.trim())) throw new DomainError('UNKNOWN_TEAM', `No team ${command.ownerTeam} in the catalogue`, { field: 'ownerTeam' });
    command.services.forEach((service, index) => {
      if (!this.catalogue.service(service.trim())) throw new DomainError('UNKNOWN_SERVICE', `No service ${service} in the catalogue`, { field: `services[${index}]` });
      const holder = this.policies.policyOfService(service.trim());
      if (holder && holder.policyId !== command.policyId.trim()) {
        throw new DomainError('SERVICE_HAS_POLICY', `Service ${service} has escalation policy ${holder.policyId} already: take it off that one first`, { field: `services[${index}]`, policyId: holder.policyId });
      }
    });
    command.levels.forEach((level, index) => level.targets.forEach((target, at) => this.checkTarget(target, `levels[${index}].targets[${at}].id`)));
  }

  private checkTarget(target: EscalationTarget, field: string): void {
    const id = target.id.trim();
    const known = target.kind === 'SCHEDULE' ? this.oncall.schedule(id)?.exists : target.kind === 'TEAM' ? this.catalogue.team(id) : this.catalogue.person(id);
    if (!known) throw new DomainError('INVALID_INPUT', `No ${target.kind.toLowerCase()} ${id}`, { field });
  }
}
