import { AlertIncidents, AlertingService, AppConfig, IssuedKey, LinkedIncident, RoutedGroup } from '@incident-ledger/application';
import { AlertBatch, DomainError, parseAlertmanagerPayload, parseGrafanaPayload, parsePagerDutyEvent, requiresFullResponse, RoutingRule } from '@incident-ledger/domain';
import { AlertGroupView, AlertView, IncidentReadModel, IntegrationView, Projector } from '@incident-ledger/read-models';
import { Inject } from '@nestjs/common';
import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { QueryBus } from '@nestjs/cqrs';
import { Requires } from '../../platform/auth/requires.decorator';
import { MaxLengthPipe } from '../../platform/graphql/max-length.pipe';
import { PageSizeArg } from '../../platform/graphql/page-size-arg.decorator';
import { RequestContext } from '../../platform/graphql/request-context';
import { IncidentObject } from '../../incidents/graphql/incident.object';
import { GetIncidentQuery } from '../../incidents/queries/incident.queries';
import { AlertGroupFilterInput, AttachAlertGroupInput, ChangeIntegrationInput, CreateIntegrationInput, DeclareIncidentFromAlertGroupInput, RoutingRuleInput } from './alerting.inputs';
import {
  AlertGroupConnectionObject,
  AlertGroupObject,
  AlertObject,
  AlertSourceEnum,
  IntegrationObject,
  IntegrationWithKeyObject,
  RoutedAlertGroupObject,
  RoutedAlertObject,
  RoutingRuleObject,
} from './alerting.objects';

const ID_LENGTH = 200;
const MAX_PAGE_SIZE = 100;
/** A pasted payload for the dry run: as large as a real one may be. */
const PAYLOAD_MAX_LENGTH = 4 * 1024 * 1024;

@Resolver(() => IntegrationObject)
export class IntegrationResolver {
  constructor(private readonly alerting: AlertingService) {}

  @Query(() => [IntegrationObject], { description: 'Every integration, by id. Their keys are never shown again.' })
  @Requires('read')
  integrations(): IntegrationView[] {
    return this.alerting.alerting.integrations();
  }

  @Query(() => IntegrationObject, { nullable: true })
  @Requires('read')
  integration(@Args('id', { type: () => ID }, new MaxLengthPipe('id', ID_LENGTH)) id: string): IntegrationView | undefined {
    return this.alerting.alerting.integration(id.trim());
  }

  @Mutation(() => IntegrationWithKeyObject, { description: 'A new integration of a catalogue service, with its key (shown once). Admins and the service’s owning team.' })
  @Requires('respond')
  createIntegration(@Args('input') input: CreateIntegrationInput, @Context() context: RequestContext): Promise<IssuedKey> {
    const { id, name, service, autoResolve } = input;
    return this.alerting.createIntegration({ integrationId: id.trim(), name, service, autoResolve: autoResolve ?? false }, commandContext(context));
  }

  @Mutation(() => IntegrationWithKeyObject, { description: 'A new key for an integration (shown once); the old one is refused from now on.' })
  @Requires('respond')
  rotateIntegrationKey(@Args('id', { type: () => ID }, new MaxLengthPipe('id', ID_LENGTH)) id: string, @Context() context: RequestContext): Promise<IssuedKey> {
    return this.alerting.rotateKey(id.trim(), commandContext(context));
  }

  @Mutation(() => IntegrationObject, { description: 'Renames an integration, moves it to another service, or turns auto-resolution on or off.' })
  @Requires('respond')
  changeIntegration(@Args('input') input: ChangeIntegrationInput, @Context() context: RequestContext): Promise<IntegrationView> {
    const { id, name, service, autoResolve } = input;
    return this.alerting.changeIntegration(
      { type: 'ChangeIntegration', integrationId: id.trim(), actor: context.principal.name, name: name ?? undefined, service: service ?? undefined, autoResolve: autoResolve ?? undefined },
      commandContext(context),
    );
  }

  @Mutation(() => IntegrationObject, { description: 'Replaces an integration’s routing rules (evaluated in order; the first whose matchers all hold decides). Try them first with previewAlertRouting.' })
  @Requires('respond')
  setIntegrationRoutingRules(
    @Args('id', { type: () => ID }, new MaxLengthPipe('id', ID_LENGTH)) id: string,
    @Args('rules', { type: () => [RoutingRuleInput] }) rules: RoutingRuleInput[],
    @Context() context: RequestContext,
  ): Promise<IntegrationView> {
    return this.alerting.changeIntegration({ type: 'SetIntegrationRoutingRules', integrationId: id.trim(), actor: context.principal.name, rules: rules.map(routingRule) }, commandContext(context));
  }

  @Mutation(() => IntegrationObject, { description: 'Refuses the integration’s key (401) until it is enabled again; its alert groups stay.' })
  @Requires('respond')
  disableIntegration(
    @Args('id', { type: () => ID }, new MaxLengthPipe('id', ID_LENGTH)) id: string,
    @Args('reason', { type: () => String, nullable: true }, new MaxLengthPipe('reason', 1_000)) reason: string | null,
    @Context() context: RequestContext,
  ): Promise<IntegrationView> {
    return this.alerting.changeIntegration({ type: 'DisableIntegration', integrationId: id.trim(), actor: context.principal.name, reason }, commandContext(context));
  }

  @Mutation(() => IntegrationObject)
  @Requires('respond')
  enableIntegration(@Args('id', { type: () => ID }, new MaxLengthPipe('id', ID_LENGTH)) id: string, @Context() context: RequestContext): Promise<IntegrationView> {
    return this.alerting.changeIntegration({ type: 'EnableIntegration', integrationId: id.trim(), actor: context.principal.name }, commandContext(context));
  }

  @Query(() => [RoutedAlertGroupObject], {
    description: 'A dry run: what a payload would become under an integration’s rules, or under the rules given (to try them before setting them). Nothing is written.',
  })
  @Requires('read')
  previewAlertRouting(
    @Args('integrationId', { type: () => ID }, new MaxLengthPipe('integrationId', ID_LENGTH)) integrationId: string,
    @Args('format', { type: () => AlertSourceEnum }) format: keyof typeof AlertSourceEnum,
    @Args('payload', { description: 'The payload as the sender posts it (JSON text).' }, new MaxLengthPipe('payload', PAYLOAD_MAX_LENGTH)) payload: string,
    @Args('rules', { type: () => [RoutingRuleInput], nullable: true }) rules: RoutingRuleInput[] | null,
  ): RoutedAlertGroupObject[] {
    const integration = this.alerting.alerting.integration(integrationId.trim());
    if (!integration) throw new DomainError('INTEGRATION_NOT_FOUND', `No integration ${integrationId}`);
    const routed = this.alerting.preview(integration, parsePayload(format, payload), rules ? rules.map(routingRule) : integration.rules);
    return routed.map(routedGroupObject);
  }

  @ResolveField('routingRules', () => [RoutingRuleObject])
  routingRules(@Parent() integration: IntegrationView): readonly RoutingRule[] {
    return integration.rules;
  }

  @ResolveField('id', () => ID)
  id(@Parent() integration: IntegrationView): string {
    return integration.integrationId;
  }
}

/**
 * The routes of a dry run's alerts, a page at a time: a payload holds up to
 * 10,000, and a list that large, under the list of groups, costs more than
 * any query may, so without a page the dry run could not show them at all.
 */
@Resolver(() => RoutedAlertGroupObject)
export class RoutedAlertGroupResolver {
  @ResolveField('alerts', () => [RoutedAlertObject], { description: 'What each alert becomes, in the payload’s order.' })
  alerts(@Parent() group: RoutedAlertGroupObject, @PageSizeArg({ default: 50, max: 1_000 }) first: number): RoutedAlertObject[] {
    return group.alerts.slice(0, first);
  }
}

@Resolver(() => AlertGroupObject)
export class AlertGroupResolver {
  constructor(
    private readonly alerting: AlertingService,
    private readonly incidents: AlertIncidents,
    private readonly queryBus: QueryBus,
    private readonly projector: Projector,
    private readonly incidentsModel: IncidentReadModel,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  /** The incident once the read models hold both sides of the link (read-your-writes). */
  private async incidentAfter({ incidentId, position }: LinkedIncident, context: RequestContext): Promise<unknown> {
    for (const model of [this.incidentsModel, this.alerting.alerting]) await this.projector.waitFor(position, this.config.READ_YOUR_WRITES_TIMEOUT_MS, model);
    return this.queryBus.execute(new GetIncidentQuery(incidentId, context.principal));
  }

  @Query(() => AlertGroupConnectionObject, { description: 'Alert groups, the latest triggered first; SEV4–SEV5 ones are here without an incident.' })
  @Requires('read')
  alertGroups(
    @Args('filter', { type: () => AlertGroupFilterInput, nullable: true }) filter: AlertGroupFilterInput | null,
    @PageSizeArg({ default: 20, max: MAX_PAGE_SIZE }) first: number,
    @Args('after', { type: () => String, nullable: true, description: 'The `endCursor` of the previous page.' }, new MaxLengthPipe('after', ID_LENGTH)) after: string | null,
  ): AlertGroupConnectionObject {
    const all = this.alerting.alerting.alertGroups({
      status: filter?.status ?? undefined,
      integrationId: filter?.integrationId ?? undefined,
      service: filter?.service ?? undefined,
      incidentId: filter?.incidentId ?? undefined,
    });
    const start = after ? all.findIndex((group) => group.alertGroupId === after) + 1 : 0;
    if (after && start === 0) throw new DomainError('INVALID_INPUT', 'after is not a cursor of this list', { field: 'after' });
    const page = all.slice(start, start + first);
    const edges = page.map((node) => ({ node: node as unknown as AlertGroupObject, cursor: node.alertGroupId }));
    return { edges, pageInfo: { hasNextPage: start + first < all.length, endCursor: edges.at(-1)?.cursor ?? null }, totalCount: all.length };
  }

  @Query(() => AlertGroupObject, { nullable: true })
  @Requires('read')
  alertGroup(@Args('id', { type: () => ID }, new MaxLengthPipe('id', ID_LENGTH)) id: string): AlertGroupView | undefined {
    return this.alerting.alerting.alertGroup(id.trim());
  }

  @Mutation(() => AlertGroupObject, { description: 'Acknowledges an alert group: someone is on it.' })
  @Requires('respond')
  async acknowledgeAlertGroup(@Args('id', { type: () => ID }, new MaxLengthPipe('id', ID_LENGTH)) id: string, @Context() context: RequestContext): Promise<AlertGroupView | undefined> {
    return this.alerting.acknowledge(id.trim(), commandContext(context));
  }

  @Mutation(() => IncidentObject, { description: 'Declares an incident for an alert group that has none (a SEV4–SEV5 group, say): a full response, with the group attached.' })
  @Requires('respond')
  async declareIncidentFromAlertGroup(@Args('input') input: DeclareIncidentFromAlertGroupInput, @Context() context: RequestContext): Promise<unknown> {
    const linked = await this.incidents.declareFor(input.alertGroupId.trim(), input.severity ?? null, { ...commandContext(context), commandId: input.commandId });
    return this.incidentAfter(linked, context);
  }

  @Mutation(() => IncidentObject, { description: 'Attaches an alert group to an open incident: its alerts belong to a response already under way.' })
  @Requires('respond')
  async attachAlertGroup(@Args('input') input: AttachAlertGroupInput, @Context() context: RequestContext): Promise<unknown> {
    const linked = await this.incidents.attachTo(input.alertGroupId.trim(), input.incidentId.trim(), { ...commandContext(context), commandId: input.commandId });
    return this.incidentAfter(linked, context);
  }

  @ResolveField('id', () => ID)
  id(@Parent() group: AlertGroupView): string {
    return group.alertGroupId;
  }

  @ResolveField('integration', () => IntegrationObject, { nullable: true })
  integration(@Parent() group: AlertGroupView): IntegrationView | undefined {
    return this.alerting.alerting.integration(group.integrationId);
  }

  @ResolveField('incident', () => IncidentObject, { nullable: true, description: 'The incident of its current or last episode, when you may see it.' })
  incident(@Parent() group: AlertGroupView, @Context() context: RequestContext): Promise<unknown> {
    return group.incidentId === null ? Promise.resolve(null) : this.queryBus.execute(new GetIncidentQuery(group.incidentId, context.principal));
  }

  @ResolveField('alerts', () => [AlertObject], { description: 'Its alerts, firing first, then the most recently changed.' })
  alerts(@Parent() group: AlertGroupView, @PageSizeArg({ default: 50, max: 1_000 }) first: number): AlertObject[] {
    return this.alerting.alerting.alertsOf(group.alertGroupId).slice(0, first).map(alertObject);
  }
}

function commandContext(context: RequestContext) {
  return { actor: context.principal.name, correlationId: context.correlationId, principal: context.principal };
}

function routingRule(input: RoutingRuleInput): RoutingRule {
  return {
    name: input.name ?? null,
    matchers: (input.matchers ?? []).map(({ field, operator, value }) => ({ field, operator, value })),
    service: input.service ?? null,
    severity: input.severity ?? null,
    title: input.title ?? null,
  };
}

function parsePayload(format: keyof typeof AlertSourceEnum, text: string): AlertBatch {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw new DomainError('INVALID_INPUT', `payload is not JSON: ${(error as Error).message}`, { field: 'payload' });
  }
  if (format === 'ALERTMANAGER') return parseAlertmanagerPayload(body);
  if (format === 'GRAFANA') return parseGrafanaPayload(body);
  return parsePagerDutyEvent(body);
}

function routedGroupObject({ alertGroupId, groupKey, route, alerts }: RoutedGroup): RoutedAlertGroupObject {
  return {
    alertGroupId,
    groupKey,
    ...route,
    startsIncident: requiresFullResponse(route.severity) && alerts.some(({ alert }) => alert.status === 'FIRING'),
    alerts: alerts.map(({ alert, route: each }) => ({ fingerprint: alert.fingerprint, status: alert.status, ...each })),
  };
}

const pairs = (map: Readonly<Record<string, string>>) => Object.entries(map).map(([name, value]) => ({ name, value }));

function alertObject(alert: AlertView): AlertObject {
  return {
    ...alert,
    labels: pairs(alert.labels),
    annotations: pairs(alert.annotations),
    senderSeverity: alert.severityHint,
    startsAt: alert.startsAt === null ? null : new Date(alert.startsAt),
    endsAt: alert.endsAt === null ? null : new Date(alert.endsAt),
    firstSeenAt: new Date(alert.firstSeenAt),
    changedAt: new Date(alert.changedAt),
    links: [...alert.links],
  };
}
