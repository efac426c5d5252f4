import { EscalationPolicies, Escalations } from '@incident-ledger/application';
import { EscalationPolicyCommand, ServiceRecord } from '@incident-ledger/domain';
import { EscalationPolicyView, IncidentView } from '@incident-ledger/read-models';
import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Requires } from '../../platform/auth/requires.decorator';
import { MaxLengthPipe } from '../../platform/graphql/max-length.pipe';
import { RequestContext } from '../../platform/graphql/request-context';
import { ServiceObject } from '../../catalogue/graphql/catalogue.objects';
import { IncidentCommandRunner } from '../../incidents/graphql/incident-command-runner';
import { IncidentObject } from '../../incidents/graphql/incident.object';
import { EscalateIncidentInput, EscalationPolicyInput, ReassignIncidentInput } from './escalation.inputs';
import { EscalationPolicyObject } from './escalation.objects';

const ID_LENGTH = 200;

@Resolver(() => EscalationPolicyObject)
export class EscalationPolicyResolver {
  constructor(private readonly policies: EscalationPolicies) {}

  @Query(() => [EscalationPolicyObject], { description: 'Every escalation policy, by id.' })
  @Requires('read')
  escalationPolicies(): EscalationPolicyView[] {
    return this.policies.policies.policies();
  }

  @Query(() => EscalationPolicyObject, { nullable: true })
  @Requires('read')
  escalationPolicy(@Args('id', { type: () => ID }, new MaxLengthPipe('id', ID_LENGTH)) id: string): EscalationPolicyView | undefined {
    return this.policies.policies.policy(id.trim());
  }

  @Mutation(() => EscalationPolicyObject, { description: 'A new escalation policy, attached to the services it names. Admins and the owning team’s members.' })
  @Requires('respond')
  createEscalationPolicy(@Args('input') input: EscalationPolicyInput, @Context() context: RequestContext): Promise<EscalationPolicyView> {
    return this.define('CreateEscalationPolicy', input, context);
  }

  @Mutation(() => EscalationPolicyObject, { description: 'Replaces a policy’s definition. Escalations already running follow the policy as it was when they started.' })
  @Requires('respond')
  changeEscalationPolicy(@Args('input') input: EscalationPolicyInput, @Context() context: RequestContext): Promise<EscalationPolicyView> {
    return this.define('ChangeEscalationPolicy', input, context);
  }

  @ResolveField('id', () => ID)
  id(@Parent() policy: EscalationPolicyView): string {
    return policy.policyId;
  }

  private define(type: EscalationPolicyCommand['type'], input: EscalationPolicyInput, context: RequestContext): Promise<EscalationPolicyView> {
    const command: EscalationPolicyCommand = {
      type,
      policyId: input.id,
      actor: context.principal.name,
      name: input.name,
      ownerTeam: input.ownerTeam,
      levels: input.levels.map((level) => ({ delayMinutes: level.delayMinutes, targets: level.targets.map(({ kind, id, mode }) => ({ kind, id, mode: mode ?? null })) })),
      repeat: input.repeat ?? 0,
      services: input.services ?? [],
    };
    return this.policies.define(command, { actor: context.principal.name, correlationId: context.correlationId, principal: context.principal, commandId: input.commandId });
  }
}

@Resolver(() => IncidentObject)
export class IncidentPagingResolver {
  constructor(
    private readonly escalations: Escalations,
    private readonly runner: IncidentCommandRunner,
  ) {}

  @Mutation(() => IncidentObject, { description: 'Pages the next level of the incident’s escalation now (starting it with its service’s policy if none runs).' })
  @Requires('respond')
  async escalateIncident(@Args('input') input: EscalateIncidentInput, @Context() context: RequestContext): Promise<IncidentView> {
    return this.runner.run(await this.escalations.nextStepCommand(input.incidentId, context.principal.name), input, context);
  }

  @Mutation(() => IncidentObject, { description: 'Pages a person chosen by hand; the escalation, if any, goes on.' })
  @Requires('respond')
  reassignIncident(@Args('input') input: ReassignIncidentInput, @Context() context: RequestContext): Promise<IncidentView> {
    const command = this.escalations.reassignCommand(input.incidentId, input.person.trim(), context.principal.name, input.commandId ?? context.correlationId);
    return this.runner.run(command, input, context);
  }
}

@Resolver(() => ServiceObject)
export class ServiceEscalationResolver {
  constructor(private readonly policies: EscalationPolicies) {}

  @ResolveField(() => EscalationPolicyObject, { nullable: true, description: 'The escalation policy that pages for its incidents.' })
  escalationPolicy(@Parent() service: ServiceRecord): EscalationPolicyView | undefined {
    return this.policies.policies.policyOfService(service.slug);
  }
}
