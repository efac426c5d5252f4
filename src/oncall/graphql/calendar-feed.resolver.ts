import { CalendarFeeds } from '@incident-ledger/application';
import { Args, Context, Mutation, Resolver } from '@nestjs/graphql';
import { Requires } from '../../platform/auth/requires.decorator';
import { MaxLengthPipe } from '../../platform/graphql/max-length.pipe';
import { RequestContext } from '../../platform/graphql/request-context';
import { CalendarFeedUrlObject } from './oncall.objects';

@Resolver()
export class CalendarFeedResolver {
  constructor(private readonly feeds: CalendarFeeds) {}

  @Mutation(() => CalendarFeedUrlObject, { description: 'A new secret URL for a schedule’s calendar feed (its final schedule); the previous URL stops working. Admins and the owning team’s members.' })
  @Requires('respond')
  rotateScheduleCalendarUrl(@Args('scheduleId', new MaxLengthPipe('scheduleId', 200)) scheduleId: string, @Context() context: RequestContext): Promise<CalendarFeedUrlObject> {
    return this.feeds.rotate({ kind: 'schedule', scheduleId: scheduleId.trim() }, context.principal, context.correlationId);
  }

  @Mutation(() => CalendarFeedUrlObject, { description: 'A new secret URL for your own calendar feed (your shifts on every schedule, in your time zone); the previous URL stops working.' })
  @Requires('read')
  rotateMyCalendarUrl(@Context() context: RequestContext): Promise<CalendarFeedUrlObject> {
    return this.feeds.rotate({ kind: 'person', person: context.principal.name }, context.principal, context.correlationId);
  }
}
