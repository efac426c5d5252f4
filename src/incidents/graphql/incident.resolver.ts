import { Clock, IncidentWarning, isActiveStatus, MAX_INCIDENT_WARNINGS, requiresFullResponse, SEVERITY_DESCRIPTIONS } from '@incident-ledger/domain';
import {
  CatalogueReadModel,
  checkIncidentServices,
  IncidentReadModel,
  IncidentView,
  incidentViewWarnings,
  MAX_PAGE_SIZE,
  seesIncidentId,
  TimelineEntry,
  visibleTo,
} from '@incident-ledger/read-models';
import { Inject } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { Args, Context, Extensions, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { randomUUID } from 'node:crypto';
import { Requires } from '../../platform/auth/requires.decorator';
import { CLOCK } from '../../platform/core/ledger-core.module';
import { RequestContext } from '../../platform/graphql/request-context';
import { InputValidationError } from '../../platform/errors/error-codes';
import { checkTimeRange } from '../../platform/graphql/time-range';
import { CURSOR_MAX_LENGTH, ID_MAX_LENGTH, MaxLengthPipe } from '../../platform/graphql/max-length.pipe';
import { PageSizeArg } from '../../platform/graphql/page-size-arg.decorator';
import { MAX_LIST_SIZE_EXTENSION } from '../../platform/graphql/query-cost';
import { incidentIdForCommand } from '@incident-ledger/application';
import { IncidentCommandRunner } from './incident-command-runner';
import {
  ActiveIncidentsQuery,
  GetIncidentQuery,
  IncidentTimelineQuery,
  ListIncidentsQuery,
} from '../queries/incident.queries';
import { DateTimeScalar } from '../../platform/graphql/date-time.scalar';
import {
  AcknowledgeIncidentInput,
  AddTimelineNoteInput,
  ChangeIncidentSeverityInput,
  ChangeIncidentStatusInput,
  ChangeIncidentVisibilityInput,
  CloseIncidentInput,
  CorrectIncidentTimestampInput,
  DeclareIncidentInput,
  IncidentFilterInput,
  IncidentRoleInput,
  PostStatusUpdateInput,
  SnoozeReminderInput,
  ReopenIncidentInput,
  ResolveIncidentInput,
} from './incident.inputs';
import { IncidentConnectionObject, IncidentObject, IncidentWarningObject, TimelineEntryObject } from './incident.object';

const AS_OF_DESCRIPTION = 'A past instant: the answer as it was then, rebuilt from the events that had happened by then (later corrections not applied).';

/** `asOf` must be in the past: the future has no events yet. */
function pastInstant(asOf: Date | null, now: Date): Date | undefined {
  if (!asOf) return undefined;
  if (asOf.getTime() > now.getTime()) throw new InputValidationError([{ field: 'asOf', messages: ['asOf cannot be in the future'] }]);
  return asOf;
}

@Resolver(() => IncidentObject)
export class IncidentResolver {
  constructor(
    private readonly queryBus: QueryBus,
    private readonly runner: IncidentCommandRunner,
    private readonly readModel: IncidentReadModel,
    private readonly catalogue: CatalogueReadModel,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Query(() => IncidentObject, { nullable: true, description: 'One incident, or null when there is none with this id.' })
  @Requires('read')
  incident(
    @Args('id', { type: () => ID }, new MaxLengthPipe('id', ID_MAX_LENGTH)) id: string,
    @Args('asOf', { type: () => DateTimeScalar, nullable: true, description: AS_OF_DESCRIPTION }) asOf: Date | null,
    @Context() context: RequestContext,
  ): Promise<IncidentView | undefined> {
    return this.queryBus.execute(new GetIncidentQuery(id, context.principal, pastInstant(asOf, this.clock.now())));
  }

  @Query(() => IncidentConnectionObject, { description: 'Incidents, newest declaration first, filtered and paginated.' })
  @Requires('read')
  async incidents(
    @Args('filter', { type: () => IncidentFilterInput, nullable: true }) filter: IncidentFilterInput | null,
    @PageSizeArg({ default: 20, max: MAX_PAGE_SIZE }) first: number,
    @Args('after', { type: () => String, nullable: true, description: 'The `endCursor` of the previous page.' }, new MaxLengthPipe('after', CURSOR_MAX_LENGTH))
    after: string | null,
    @Context() context: RequestContext,
  ): Promise<IncidentConnectionObject> {
    checkTimeRange({ from: filter?.declaredFrom, to: filter?.declaredTo }, { fields: { from: 'filter.declaredFrom', to: 'filter.declaredTo' } });
    const page = await this.queryBus.execute(
      new ListIncidentsQuery(
        {
          statuses: filter?.status ?? undefined,
          severities: filter?.severity ?? undefined,
          service: filter?.service ?? undefined,
          kinds: filter?.kind ?? undefined,
          declaredFrom: filter?.declaredFrom ?? undefined,
          declaredTo: filter?.declaredTo ?? undefined,
        },
        first,
        after ?? undefined,
        context.principal,
      ),
    );
    const edges = page.incidents.map((node, index) => ({ node, cursor: page.cursors[index] }));
    return {
      edges,
      pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null },
      totalCount: page.totalCount,
    };
  }

  @Query(() => [IncidentObject], { description: 'The status board: unresolved incidents, most severe first, then oldest first.' })
  @Requires('read')
  activeIncidents(
    @Args('asOf', { type: () => DateTimeScalar, nullable: true, description: AS_OF_DESCRIPTION }) asOf: Date | null,
    @Context() context: RequestContext,
  ): Promise<IncidentView[]> {
    return this.queryBus.execute(new ActiveIncidentsQuery(context.principal, pastInstant(asOf, this.clock.now())));
  }

  @ResolveField(() => [TimelineEntryObject], { description: 'What happened, oldest first; after a version if given.' })
  timeline(
    @Parent() incident: IncidentView,
    @Args('afterVersion', { type: () => Int, nullable: true, defaultValue: 0 }) afterVersion: number,
    @Context() context: RequestContext,
  ): Promise<TimelineEntry[]> {
    // Through the view's own version: an incident as of a past instant gets its timeline as of then.
    return this.queryBus.execute(new IncidentTimelineQuery(incident.id, afterVersion, incident.version, context.principal));
  }

  @ResolveField(() => ID, {
    nullable: true,
    description: 'The incident this one was merged into as a duplicate: it is then CLOSED and out of the metrics. Null also when you may not see that incident.',
  })
  mergedInto(@Parent() incident: IncidentView, @Context() context: RequestContext): string | null {
    if (incident.mergedInto === null) return null;
    return this.sees(context)(incident.mergedInto) ? incident.mergedInto : null;
  }

  @ResolveField(() => [ID], { description: 'The incidents merged into this one as duplicates (those you may see).' })
  duplicates(@Parent() incident: IncidentView, @Context() context: RequestContext): string[] {
    return incident.duplicates.length === 0 ? incident.duplicates : incident.duplicates.filter(this.sees(context));
  }

  /** Whether the caller may see another incident, named by a field of this one. */
  private sees(context: RequestContext): (incidentId: string) => boolean {
    return seesIncidentId(this.readModel, visibleTo(context.principal));
  }

  @ResolveField(() => Boolean, { description: 'SEV1 to SEV3: a full response with commander, scribe and communications.' })
  fullResponse(@Parent() incident: IncidentView): boolean {
    return requiresFullResponse(incident.severity);
  }

  @ResolveField(() => Boolean, { description: 'True until the incident is RESOLVED: it is on the status board.' })
  active(@Parent() incident: IncidentView): boolean {
    return isActiveStatus(incident.status);
  }

  @ResolveField(() => String, { description: 'What the severity means.' })
  severityDescription(@Parent() incident: IncidentView): string {
    return SEVERITY_DESCRIPTIONS[incident.severity];
  }

  @ResolveField(() => [IncidentWarningObject], {
    description:
      'What looks wrong in the incident as it stands, such as an impact start more than 7 days before the declaration; empty when nothing does. A correction that sets it right ends the warning.',
  })
  @Extensions({ [MAX_LIST_SIZE_EXTENSION]: MAX_INCIDENT_WARNINGS })
  warnings(@Parent() incident: IncidentView): IncidentWarning[] {
    return incidentViewWarnings(incident);
  }

  @Mutation(() => IncidentObject, { description: 'Declare an incident: it starts INVESTIGATING.' })
  @Requires('respond')
  declareIncident(@Args('input') input: DeclareIncidentInput, @Context() context: RequestContext): Promise<IncidentView> {
    const incidentId = input.commandId ? incidentIdForCommand(context.principal.name, input.commandId) : randomUUID();
    // A retry answers its first attempt, whatever the catalogue has become since.
    if (!this.readModel.get(incidentId)) checkIncidentServices(this.catalogue, input.services ?? []);
    return this.runner.run(
      {
        type: 'DeclareIncident',
        incidentId,
        actor: context.principal.name,
        title: input.title,
        severity: input.severity,
        description: input.description ?? null,
        services: input.services ?? [],
        impactStartedAt: input.impactStartedAt ?? null,
        detectedAt: input.detectedAt ?? null,
        commander: input.commander ?? null,
        private: input.private ?? false,
        kind: input.kind ?? undefined,
        tags: input.tags ?? [],
      },
      { commandId: input.commandId },
      context,
    );
  }

  @Mutation(() => IncidentObject, { description: 'Someone is on it: records the acknowledgement time (once).' })
  @Requires('respond')
  acknowledgeIncident(@Args('input') input: AcknowledgeIncidentInput, @Context() context: RequestContext) {
    return this.runner.runOn(input, context, 'AcknowledgeIncident', {});
  }

  @Mutation(() => IncidentObject)
  @Requires('respond')
  changeIncidentSeverity(@Args('input') input: ChangeIncidentSeverityInput, @Context() context: RequestContext) {
    return this.runner.runOn(input, context, 'ChangeIncidentSeverity', { severity: input.severity, reason: input.reason ?? null });
  }

  @Mutation(() => IncidentObject, {
    description: 'Move the incident to another status. RESOLVED resolves, CLOSED closes (resolving first if needed), INVESTIGATING from RESOLVED reopens.',
  })
  @Requires('respond')
  changeIncidentStatus(@Args('input') input: ChangeIncidentStatusInput, @Context() context: RequestContext) {
    return this.runner.runOn(input, context, 'ChangeIncidentStatus', { status: input.status, note: input.note ?? null });
  }

  @Mutation(() => IncidentObject, { description: 'The impact is over.' })
  @Requires('respond')
  resolveIncident(@Args('input') input: ResolveIncidentInput, @Context() context: RequestContext) {
    return this.runner.runOn(input, context, 'ResolveIncident', { summary: input.summary ?? null });
  }

  @Mutation(() => IncidentObject, { description: 'A RESOLVED incident is back: it returns to INVESTIGATING.' })
  @Requires('respond')
  reopenIncident(@Args('input') input: ReopenIncidentInput, @Context() context: RequestContext) {
    return this.runner.runOn(input, context, 'ReopenIncident', { reason: input.reason ?? null });
  }

  @Mutation(() => IncidentObject, { description: 'Follow-up is done; a closed incident is final.' })
  @Requires('respond')
  closeIncident(@Args('input') input: CloseIncidentInput, @Context() context: RequestContext) {
    return this.runner.runOn(input, context, 'CloseIncident', {});
  }

  @Mutation(() => IncidentObject, { description: 'Give someone a role; for single-holder roles this hands the role over.' })
  @Requires('respond')
  assignIncidentRole(@Args('input') input: IncidentRoleInput, @Context() context: RequestContext) {
    return this.runner.runOn(input, context, 'AssignResponder', { role: input.role, responder: input.responder });
  }

  @Mutation(() => IncidentObject)
  @Requires('respond')
  unassignIncidentRole(@Args('input') input: IncidentRoleInput, @Context() context: RequestContext) {
    return this.runner.runOn(input, context, 'UnassignResponder', { role: input.role, responder: input.responder });
  }

  @Mutation(() => IncidentObject)
  @Requires('respond')
  addTimelineNote(@Args('input') input: AddTimelineNoteInput, @Context() context: RequestContext) {
    return this.runner.runOn(input, context, 'AddTimelineNote', { text: input.text });
  }

  @Mutation(() => IncidentObject, { description: 'Tell people inside (INTERNAL) or outside (EXTERNAL) where things stand.' })
  @Requires('respond')
  postStatusUpdate(@Args('input') input: PostStatusUpdateInput, @Context() context: RequestContext) {
    return this.runner.runOn(input, context, 'PostStatusUpdate', { audience: input.audience, message: input.message });
  }

  @Mutation(() => IncidentObject, {
    description:
      "Postpone this incident's reminders of one kind until a time (a week ahead at most): the timeline records it, and the reminder comes then if its condition still holds.",
  })
  @Requires('respond')
  snoozeReminder(@Args('input') input: SnoozeReminderInput, @Context() context: RequestContext) {
    return this.runner.runOn(input, context, 'SnoozeReminder', { reminderKind: input.kind, until: input.until });
  }

  @Mutation(() => IncidentObject, { description: 'Make the incident private (only its responders and admins see it) or public.' })
  @Requires('respond')
  changeIncidentVisibility(@Args('input') input: ChangeIncidentVisibilityInput, @Context() context: RequestContext) {
    return this.runner.runOn(input, context, 'ChangeIncidentVisibility', { private: input.private });
  }

  @Mutation(() => IncidentObject, {
    description:
      'Set a moment of the incident right after the fact, with the reason (allowed on closed incidents: reviews come after). The timeline keeps the correction; metrics use the corrected time.',
  })
  @Requires('respond')
  correctIncidentTimestamp(@Args('input') input: CorrectIncidentTimestampInput, @Context() context: RequestContext) {
    return this.runner.runOn(input, context, 'CorrectIncidentTimestamp', { field: input.field, to: input.to, reason: input.reason });
  }
}
