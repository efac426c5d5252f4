import { StatusPageCommands } from '@incident-ledger/application';
import { Clock, MaintenanceCommand, PublicIncidentCommand, StatusComponentCommand } from '@incident-ledger/domain';
import { EVENT_STORE, EventStore } from '@incident-ledger/event-store';
import { PublicComponent, PublicImpact, PublicIncident, PublicMaintenance, PublicStatusPage, PublicUpdate, statusPageAsOf } from '@incident-ledger/read-models';
import { Inject } from '@nestjs/common';
import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { GraphQLError } from 'graphql';
import { Requires } from '../../platform/auth/requires.decorator';
import { CLOCK } from '../../platform/core/ledger-core.module';
import { DateTimeScalar } from '../../platform/graphql/date-time.scalar';
import { MaxLengthPipe } from '../../platform/graphql/max-length.pipe';
import { PageSizeArg } from '../../platform/graphql/page-size-arg.decorator';
import { RequestContext } from '../../platform/graphql/request-context';
import {
  CancelMaintenanceInput,
  ChangePublicIncidentInput,
  ChangeStatusComponentInput,
  PublishIncidentInput,
  RescheduleMaintenanceInput,
  ScheduleMaintenanceInput,
  SetComponentStatusInput,
  StatusComponentGroupInput,
  StatusComponentInput,
  UpdateMaintenanceInput,
  WithdrawPublicIncidentInput,
} from './statuspage.inputs';
import { MaintenanceObject, PublicImpactEnum, PublicIncidentObject, PublicUpdateObject, StatusComponentObject, StatusPageObject } from './statuspage.objects';

const ID_LENGTH = 200;
const LIST_PAGE = { default: 20, max: 100 };

function commandContext(context: RequestContext, input: { commandId?: string | null }) {
  return { actor: context.principal.name, correlationId: context.correlationId, principal: context.principal, commandId: input.commandId };
}

/** The status page over GraphQL: the page as customers saw it at any instant, and the commands that change it. */
@Resolver(() => StatusPageObject)
export class StatusPageResolver {
  constructor(
    private readonly commands: StatusPageCommands,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Query(() => StatusPageObject, {
    description: 'The public status page as customers saw it at `asOf` (now by default): its components, incidents and maintenance, replayed from the log — “what did the page say at 14:05?”.',
  })
  @Requires('read')
  async statusPage(@Args('asOf', { type: () => DateTimeScalar, nullable: true }) asOf?: Date | null): Promise<PublicStatusPage> {
    const now = this.clock.now();
    if (!asOf) return this.commands.page.page(now);
    if (asOf.getTime() > now.getTime()) throw new GraphQLError('asOf is in the future: the page cannot be told yet', { extensions: { code: 'BAD_USER_INPUT', field: 'asOf' } });
    return statusPageAsOf(this.store, asOf);
  }

  @ResolveField('indicator', () => PublicImpactEnum)
  indicator(@Parent() page: PublicStatusPage): PublicImpact {
    return page.status.indicator;
  }

  @ResolveField('description', () => String)
  description(@Parent() page: PublicStatusPage): string {
    return page.status.description;
  }

  @ResolveField('incidents', () => [PublicIncidentObject], { description: 'Published incidents of the last 90 days and any older one unresolved, newest first.' })
  incidents(@Parent() page: PublicStatusPage, @PageSizeArg(LIST_PAGE) first: number): PublicIncident[] {
    return page.incidents.slice(0, first);
  }

  @ResolveField('maintenances', () => [MaintenanceObject], { description: 'Upcoming, running and recently completed maintenance, latest window first.' })
  maintenances(@Parent() page: PublicStatusPage, @PageSizeArg(LIST_PAGE) first: number): PublicMaintenance[] {
    return page.maintenances.slice(0, first);
  }

  @Mutation(() => StatusComponentObject, { description: 'A component on the status page (admins).' })
  @Requires('administer')
  async createStatusComponent(@Args('input') input: StatusComponentInput, @Context() context: RequestContext): Promise<PublicComponent> {
    const groupId = input.groupId?.trim() || null;
    return this.component({ type: 'CreateStatusComponent', componentId: input.id, actor: context.principal.name, isGroup: false, name: input.name, description: input.description ?? null, groupId, service: input.service?.trim() || null, position: input.position ?? this.nextPosition(groupId), onlyShowIfDegraded: input.onlyShowIfDegraded ?? false }, input, context);
  }

  @Mutation(() => StatusComponentObject, { description: 'A group of components on the status page (admins); its state is its components’ worst.' })
  @Requires('administer')
  async createStatusComponentGroup(@Args('input') input: StatusComponentGroupInput, @Context() context: RequestContext): Promise<PublicComponent> {
    return this.component({ type: 'CreateStatusComponent', componentId: input.id, actor: context.principal.name, isGroup: true, name: input.name, description: input.description ?? null, groupId: null, service: null, position: input.position ?? this.nextPosition(null), onlyShowIfDegraded: false }, input, context);
  }

  @Mutation(() => StatusComponentObject, { description: 'Changes a component or group (admins).' })
  @Requires('administer')
  async changeStatusComponent(@Args('input') input: ChangeStatusComponentInput, @Context() context: RequestContext): Promise<PublicComponent> {
    const emptyIsNone = (value: string | null | undefined) => (value === undefined || value === null ? undefined : value.trim() || null);
    return this.component(
      {
        type: 'ChangeStatusComponent',
        componentId: input.id,
        actor: context.principal.name,
        name: input.name ?? undefined,
        description: emptyIsNone(input.description),
        groupId: emptyIsNone(input.groupId),
        service: emptyIsNone(input.service),
        position: input.position ?? undefined,
        onlyShowIfDegraded: input.onlyShowIfDegraded ?? undefined,
      },
      input,
      context,
    );
  }

  @Mutation(() => ID, { description: 'Takes a component or group off the page (admins); its history stays in the log. Answers its id.' })
  @Requires('administer')
  async removeStatusComponent(@Args('id', { type: () => ID }, new MaxLengthPipe('id', ID_LENGTH)) id: string, @Context() context: RequestContext): Promise<string> {
    await this.commands.component({ type: 'RemoveStatusComponent', componentId: id, actor: context.principal.name }, commandContext(context, {}));
    return id.trim();
  }

  @Mutation(() => StatusComponentObject, { description: 'Sets a component’s state by hand; it holds until an incident or maintenance next moves the component.' })
  @Requires('respond')
  async setStatusComponentStatus(@Args('input') input: SetComponentStatusInput, @Context() context: RequestContext): Promise<PublicComponent> {
    return this.component({ type: 'SetComponentStatus', componentId: input.id, actor: context.principal.name, status: input.status }, input, context);
  }

  @Mutation(() => PublicIncidentObject, {
    description: 'Puts an incident on the public status page with a public title, an impact, the components it affects and a first message; its EXTERNAL status updates follow. Private incidents and drills are refused (INCIDENT_NOT_PUBLISHABLE).',
  })
  @Requires('respond')
  async publishIncidentToStatusPage(@Args('input') input: PublishIncidentInput, @Context() context: RequestContext): Promise<PublicIncident> {
    const incidentId = input.incidentId.trim();
    await this.commands.publish(incidentId, { name: input.name, impact: input.impact, components: input.components, message: input.message }, commandContext(context, input));
    return this.publicIncident(incidentId);
  }

  @Mutation(() => PublicIncidentObject, { description: 'Changes a published incident’s public title, impact or components.' })
  @Requires('respond')
  async changePublicIncident(@Args('input') input: ChangePublicIncidentInput, @Context() context: RequestContext): Promise<PublicIncident> {
    const incidentId = input.incidentId.trim();
    const command: PublicIncidentCommand = { type: 'ChangePublicIncident', incidentId, actor: context.principal.name, name: input.name ?? undefined, impact: input.impact ?? undefined, components: input.components ?? undefined };
    await this.commands.publication(command, commandContext(context, input));
    return this.publicIncident(incidentId);
  }

  @Mutation(() => ID, { description: 'Takes an incident off the public status page; it may be published again (with the same public id). Answers the incident’s id.' })
  @Requires('respond')
  async withdrawIncidentFromStatusPage(@Args('input') input: WithdrawPublicIncidentInput, @Context() context: RequestContext): Promise<string> {
    const incidentId = input.incidentId.trim();
    await this.commands.publication({ type: 'WithdrawPublicIncident', incidentId, actor: context.principal.name, reason: input.reason }, commandContext(context, input));
    return incidentId;
  }

  @Mutation(() => MaintenanceObject, { description: 'Announces maintenance; by default the ledger starts it at scheduledFor and completes it at scheduledUntil.' })
  @Requires('respond')
  async scheduleMaintenance(@Args('input') input: ScheduleMaintenanceInput, @Context() context: RequestContext): Promise<PublicMaintenance> {
    return this.maintenance(
      {
        type: 'ScheduleMaintenance',
        maintenanceId: input.id,
        actor: context.principal.name,
        name: input.name,
        message: input.message,
        impact: input.impact ?? 'minor',
        components: input.components,
        scheduledFor: input.scheduledFor.toISOString(),
        scheduledUntil: input.scheduledUntil.toISOString(),
        autoStart: input.autoStart ?? true,
        autoComplete: input.autoComplete ?? true,
      },
      input,
      context,
    );
  }

  @Mutation(() => MaintenanceObject, { description: 'A public update of a maintenance: a move forward (IN_PROGRESS, VERIFYING, COMPLETED — ending it by hand) or, in the same status, a note.' })
  @Requires('respond')
  async updateMaintenance(@Args('input') input: UpdateMaintenanceInput, @Context() context: RequestContext): Promise<PublicMaintenance> {
    return this.maintenance({ type: 'UpdateMaintenance', maintenanceId: input.id, actor: context.principal.name, status: input.status, message: input.message }, input, context);
  }

  @Mutation(() => MaintenanceObject, { description: 'Moves a maintenance’s window; once it has started, only its end.' })
  @Requires('respond')
  async rescheduleMaintenance(@Args('input') input: RescheduleMaintenanceInput, @Context() context: RequestContext): Promise<PublicMaintenance> {
    return this.maintenance({ type: 'RescheduleMaintenance', maintenanceId: input.id, actor: context.principal.name, scheduledFor: input.scheduledFor.toISOString(), scheduledUntil: input.scheduledUntil.toISOString() }, input, context);
  }

  @Mutation(() => ID, { description: 'Calls off a maintenance that has not started; it leaves the page. Answers its id.' })
  @Requires('respond')
  async cancelMaintenance(@Args('input') input: CancelMaintenanceInput, @Context() context: RequestContext): Promise<string> {
    await this.commands.maintenance({ type: 'CancelMaintenance', maintenanceId: input.id, actor: context.principal.name, reason: input.reason }, commandContext(context, input));
    return input.id.trim();
  }

  private nextPosition(groupId: string | null): number {
    return this.commands.page.page(this.clock.now()).components.filter((component) => component.groupId === groupId).length + 1;
  }

  private async component(command: StatusComponentCommand, input: { commandId?: string | null }, context: RequestContext): Promise<PublicComponent> {
    await this.commands.component(command, commandContext(context, input));
    const componentId = command.componentId.trim();
    const component = this.commands.page.page(this.clock.now()).components.find((candidate) => candidate.id === componentId);
    if (!component) throw new Error(`Component ${componentId} is missing from the status page after its write`);
    return component;
  }

  private async maintenance(command: MaintenanceCommand, input: { commandId?: string | null }, context: RequestContext): Promise<PublicMaintenance> {
    await this.commands.maintenance(command, commandContext(context, input));
    const maintenanceId = command.maintenanceId.trim();
    const maintenance = this.commands.page.page(this.clock.now()).maintenances.find((candidate) => candidate.id === maintenanceId);
    if (!maintenance) throw new Error(`Maintenance ${maintenanceId} is missing from the status page after its write`);
    return maintenance;
  }

  /** A private or withdrawn incident is not on the page: the answer is the publication as the public would see it, so there is always one right after a publish. */
  private publicIncident(incidentId: string): PublicIncident {
    const publicId = this.commands.page.publicIdOf(incidentId);
    const incident = this.commands.page.page(this.clock.now()).incidents.find((candidate) => candidate.id === publicId);
    if (!incident) throw new GraphQLError(`Incident ${incidentId} is not on the status page`, { extensions: { code: 'CONFLICT', reason: 'INCIDENT_NOT_PUBLISHED' } });
    return incident;
  }
}

@Resolver(() => PublicIncidentObject)
export class PublicIncidentResolver {
  @ResolveField('updates', () => [PublicUpdateObject], { description: 'Newest first.' })
  updates(@Parent() incident: PublicIncident, @PageSizeArg(LIST_PAGE) first: number): PublicUpdate[] {
    return incident.updates.slice(0, first);
  }
}

@Resolver(() => MaintenanceObject)
export class MaintenanceResolver {
  @ResolveField('updates', () => [PublicUpdateObject], { description: 'Newest first.' })
  updates(@Parent() maintenance: PublicMaintenance, @PageSizeArg(LIST_PAGE) first: number): PublicUpdate[] {
    return maintenance.updates.slice(0, first);
  }
}

