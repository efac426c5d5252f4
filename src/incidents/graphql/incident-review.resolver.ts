import { IncidentView } from '@incident-ledger/read-models';
import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import { randomUUID } from 'node:crypto';
import { Requires } from '../../platform/auth/requires.decorator';
import { uuidFromName } from '@incident-ledger/application';
import { RequestContext } from '../../platform/graphql/request-context';
import { IncidentMerger } from '../commands/incident-merger';
import { IncidentCommandRunner } from './incident-command-runner';
import {
  AddActionItemInput,
  ChangeIncidentTagsInput,
  CompleteActionItemInput,
  MergeIncidentInput,
  PublishIncidentReportInput,
  ReopenActionItemInput,
  SaveIncidentReportInput,
} from './incident.inputs';
import { IncidentObject } from './incident.object';

/** Strips GraphQL's null (cleared) from undefined (left out) without losing either. */
function sections<T extends object>(input: T | null | undefined): Partial<Record<keyof T, string | null>> | undefined {
  if (!input) return undefined;
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined)) as Partial<Record<keyof T, string | null>>;
}

/** The mutations of the review: tags, merging duplicates, the incident report and action items. */
@Resolver(() => IncidentObject)
export class IncidentReviewResolver {
  constructor(
    private readonly runner: IncidentCommandRunner,
    private readonly merger: IncidentMerger,
  ) {}

  @Mutation(() => IncidentObject, { description: 'Add and remove tags (allowed on closed incidents).' })
  @Requires('respond')
  changeIncidentTags(@Args('input') input: ChangeIncidentTagsInput, @Context() context: RequestContext): Promise<IncidentView> {
    return this.runner.runOn(input, context, 'ChangeIncidentTags', { add: input.add ?? [], remove: input.remove ?? [] });
  }

  @Mutation(() => IncidentObject, {
    description:
      'Merge this incident into another as a duplicate: it is closed, leaves the metrics, and both timelines show the link. Answers the duplicate.',
  })
  @Requires('respond')
  mergeIncident(@Args('input') input: MergeIncidentInput, @Context() context: RequestContext): Promise<IncidentView> {
    return this.merger.merge(input, context);
  }

  @Mutation(() => IncidentObject, { description: 'Save the incident report as a new draft revision (a published one becomes a draft again).' })
  @Requires('respond')
  saveIncidentReport(@Args('input') input: SaveIncidentReportInput, @Context() context: RequestContext): Promise<IncidentView> {
    return this.runner.runOn(input, context, 'SaveIncidentReport', {
      internal: sections(input.internal),
      external: sections(input.external),
      causeTags: input.causeTags ?? undefined,
    });
  }

  @Mutation(() => IncidentObject, {
    description: 'Publish the current draft: the incident must be resolved and the internal summary, impact, root cause and resolution written.',
  })
  @Requires('respond')
  publishIncidentReport(@Args('input') input: PublishIncidentReportInput, @Context() context: RequestContext): Promise<IncidentView> {
    return this.runner.runOn(input, context, 'PublishIncidentReport', {});
  }

  @Mutation(() => IncidentObject, { description: 'Add follow-up work to the incident (allowed on closed incidents).' })
  @Requires('respond')
  addActionItem(@Args('input') input: AddActionItemInput, @Context() context: RequestContext): Promise<IncidentView> {
    // A retried command gets the same item id, so the retry is recognised.
    const actionItemId = input.commandId ? uuidFromName(`action-item:${input.incidentId}:${input.commandId}`) : randomUUID();
    return this.runner.runOn(input, context, 'AddActionItem', {
      actionItemId,
      title: input.title,
      owner: input.owner,
      dueAt: input.dueAt ?? null,
      priority: input.priority ?? undefined,
      actionType: input.type,
      source: input.source ?? undefined,
    });
  }

  @Mutation(() => IncidentObject)
  @Requires('respond')
  completeActionItem(@Args('input') input: CompleteActionItemInput, @Context() context: RequestContext): Promise<IncidentView> {
    return this.runner.runOn(input, context, 'CompleteActionItem', { actionItemId: input.actionItemId, note: input.note ?? null });
  }

  @Mutation(() => IncidentObject)
  @Requires('respond')
  reopenActionItem(@Args('input') input: ReopenActionItemInput, @Context() context: RequestContext): Promise<IncidentView> {
    return this.runner.runOn(input, context, 'ReopenActionItem', { actionItemId: input.actionItemId, reason: input.reason ?? null });
  }
}
