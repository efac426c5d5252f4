import { IncidentFeeds, IncidentView, TimelineEntry } from '@incident-ledger/read-models';
import { Args, ID, Int, Resolver, Subscription } from '@nestjs/graphql';
import { withErrorCode } from '../../graphql/error-codes';
import { IncidentObject, TimelineEntryObject } from './incident.object';

/** Errors at the start of a feed reach the client without the error formatter: give them their code here. */
function startFeed<T>(start: () => AsyncIterator<T>): AsyncIterator<T> {
  try {
    return start();
  } catch (error) {
    throw withErrorCode(error);
  }
}

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
    return startFeed(() => this.feeds.timeline(incidentId, afterVersion));
  }

  @Subscription(() => IncidentObject, {
    description: 'Each incident as it changes; only the given incident when `incidentId` is set.',
    resolve: (incident: IncidentView) => incident,
  })
  incidentUpdated(@Args('incidentId', { type: () => ID, nullable: true }) incidentId: string | null): AsyncIterator<IncidentView> {
    return startFeed(() => this.feeds.incidentUpdates(incidentId));
  }
}
