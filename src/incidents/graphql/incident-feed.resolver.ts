import { IncidentFeeds, IncidentView, TimelineEntry, visibleTo } from '@incident-ledger/read-models';
import { Args, Context, ID, Int, Resolver, Subscription } from '@nestjs/graphql';
import { Requires } from '../../platform/auth/requires.decorator';
import { LiveSessions } from '../../platform/graphql/live-sessions';
import { ID_MAX_LENGTH, MaxLengthPipe } from '../../platform/graphql/max-length.pipe';
import { RequestContext } from '../../platform/graphql/request-context';
import { IncidentObject, TimelineEntryObject } from './incident.object';

/** Live feeds over graphql-ws. */
@Resolver()
export class IncidentFeedResolver {
  constructor(
    private readonly feeds: IncidentFeeds,
    private readonly sessions: LiveSessions,
  ) {}

  @Subscription(() => TimelineEntryObject, {
    description:
      'The timeline as it happens. With `afterVersion`, first every entry after that version (0 for all), then live ones: reconnect with the last version you saw to miss nothing and receive nothing twice.',
    resolve: (entry: TimelineEntry) => entry,
  })
  @Requires('read')
  incidentTimeline(
    @Args('incidentId', { type: () => ID }, new MaxLengthPipe('incidentId', ID_MAX_LENGTH)) incidentId: string,
    @Args('afterVersion', { type: () => Int, nullable: true }) afterVersion: number | null,
    @Context() context: RequestContext,
  ): AsyncIterator<TimelineEntry> {
    return this.sessions.open(context, () => this.feeds.timeline(incidentId, afterVersion, visibleTo(context.principal)));
  }

  @Subscription(() => IncidentObject, {
    description: 'Each incident as it changes; only the given incident when `incidentId` is set.',
    resolve: (incident: IncidentView) => incident,
  })
  @Requires('read')
  incidentUpdated(
    @Args('incidentId', { type: () => ID, nullable: true }, new MaxLengthPipe('incidentId', ID_MAX_LENGTH)) incidentId: string | null,
    @Context() context: RequestContext,
  ): AsyncIterator<IncidentView> {
    return this.sessions.open(context, () => this.feeds.incidentUpdates(incidentId, visibleTo(context.principal)));
  }
}
