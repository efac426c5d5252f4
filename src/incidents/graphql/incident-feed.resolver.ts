import { IncidentFeeds, IncidentView, TimelineEntry } from '@incident-ledger/read-models';
import { Args, ID, Int, Resolver, Subscription } from '@nestjs/graphql';
import { IncidentObject, TimelineEntryObject } from './incident.object';

/** Live feeds over graphql-ws. */
@Resolver()
export class IncidentFeedResolver {
  constructor(private readonly feeds: IncidentFeeds) {}

  @Subscription(() => TimelineEntryObject, {
    description:
      'The timeline as it happens. With `afterVersion`, first every entry after that version (0 for all), then live ones: reconnect with the last version you saw to miss nothing and receive nothing twice.',
    resolve: (entry: TimelineEntry) => entry,
  })
  incidentTimeline(
    @Args('incidentId', { type: () => ID }) incidentId: string,
    @Args('afterVersion', { type: () => Int, nullable: true }) afterVersion: number | null,
  ): AsyncIterator<TimelineEntry> {
    return this.feeds.timeline(incidentId, afterVersion);
  }

  @Subscription(() => IncidentObject, {
    description: 'Each incident as it changes; only the given incident when `incidentId` is set.',
    resolve: (incident: IncidentView) => incident,
  })
  incidentUpdated(@Args('incidentId', { type: () => ID, nullable: true }) incidentId: string | null): AsyncIterator<IncidentView> {
    return this.feeds.incidentUpdates(incidentId);
  }
}
