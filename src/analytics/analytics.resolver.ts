import { ActionItemLine, MetricsGrouping, MetricsPeriod } from '@incident-ledger/read-models';
import { Args, Context, Int, Query, Resolver } from '@nestjs/graphql';
import { Requires } from '../auth/requires.decorator';
import { DateTimeScalar } from '../graphql/date-time.scalar';
import { MaxLengthPipe } from '../graphql/max-length.pipe';
import { PageSizeArg } from '../graphql/page-size-arg.decorator';
import { RequestContext } from '../graphql/request-context';
import { ActionItemFilterInput, MetricsFilterInput } from '../incidents/graphql/incident.inputs';
import {
  ActionItemLineObject,
  IncidentMetricsObject,
  ReviewReportObject,
  toMetricSet,
  toWeeklySeverityCount,
} from '../incidents/graphql/review.objects';
import { MAX_ACTION_ITEMS, MAX_REVIEW_DAYS, ReviewAnalytics } from './review-analytics';

const TIME_ZONE_MAX_LENGTH = 64;
const TIME_ZONE_DESCRIPTION = 'An IANA time zone (Europe/Berlin): where days, weeks (from Monday) and months begin.';

@Resolver()
export class AnalyticsResolver {
  constructor(private readonly analytics: ReviewAnalytics) {}

  @Query(() => IncidentMetricsObject, {
    description:
      'Time to detect, acknowledge, mitigate and resolve, with count, mean, median, p90, p95 and max, in seconds; overall and grouped. Drills, merged duplicates and private incidents you are not a member of are left out unless the filter includes them.',
  })
  @Requires('read')
  async incidentMetrics(
    @Args('filter', { type: () => MetricsFilterInput, nullable: true }) filter: MetricsFilterInput | null,
    @Args('groupBy', { type: () => MetricsGrouping, nullable: true }) groupBy: MetricsGrouping | null,
    @Args('period', { type: () => MetricsPeriod, nullable: true, defaultValue: MetricsPeriod.WEEK, description: 'With groupBy: PERIOD.' }) period: MetricsPeriod,
    @Args('timeZone', { type: () => String, nullable: true, defaultValue: 'UTC', description: TIME_ZONE_DESCRIPTION }, new MaxLengthPipe('timeZone', TIME_ZONE_MAX_LENGTH))
    timeZone: string,
    @Context() context: RequestContext,
  ): Promise<IncidentMetricsObject> {
    const result = await this.analytics.metrics(
      context.principal,
      {
        from: filter?.from ?? undefined,
        to: filter?.to ?? undefined,
        severities: filter?.severity ?? undefined,
        services: filter?.service ?? undefined,
        tags: filter?.tag?.map((tag) => tag.trim().toLowerCase()) ?? undefined,
        includeDrills: filter?.includeDrills ?? false,
        includeMerged: filter?.includeMerged ?? false,
        includePrivate: filter?.includePrivate ?? false,
      },
      { groupBy: groupBy ?? undefined, period, timeZone },
    );
    return {
      incidentCount: result.incidentCount,
      metrics: toMetricSet(result.metrics),
      groups: result.groups.map((group) => ({ ...group, metrics: toMetricSet(group.metrics) })),
    };
  }

  @Query(() => ReviewReportObject, {
    description: `The cross-incident review of the period [from, to), at most ${MAX_REVIEW_DAYS} days: counts, metric trends against the previous period, recurring problems, action items, responder load and drills. Also served as an HTML page at GET /reports/review.`,
  })
  @Requires('read')
  async reviewReport(
    @Args('from', { type: () => DateTimeScalar }) from: Date,
    @Args('to', { type: () => DateTimeScalar }) to: Date,
    @Args('timeZone', { type: () => String, nullable: true, defaultValue: 'UTC', description: TIME_ZONE_DESCRIPTION }, new MaxLengthPipe('timeZone', TIME_ZONE_MAX_LENGTH))
    timeZone: string,
    @Args('recurringThreshold', { type: () => Int, nullable: true, defaultValue: 3, description: 'A service or cause with at least this many incidents is a recurring problem.' })
    recurringThreshold: number,
    @Args('workdayStartHour', { type: () => Int, nullable: true, defaultValue: 9, description: 'Working hours, Monday to Friday in the time zone, for responder load.' })
    workdayStartHour: number,
    @Args('workdayEndHour', { type: () => Int, nullable: true, defaultValue: 18 }) workdayEndHour: number,
    @Context() context: RequestContext,
  ): Promise<ReviewReportObject> {
    const report = await this.analytics.reviewReport(context.principal, { from, to, timeZone, recurringThreshold, workdayStartHour, workdayEndHour });
    return { ...report, weeklyBySeverity: report.weeklyBySeverity.map(toWeeklySeverityCount) };
  }

  @Query(() => [ActionItemLineObject], { description: 'Action items across incidents, soonest due first (undated last): for example the overdue list.' })
  @Requires('read')
  actionItems(
    @Args('filter', { type: () => ActionItemFilterInput, nullable: true }) filter: ActionItemFilterInput | null,
    @PageSizeArg({ default: 100, max: MAX_ACTION_ITEMS }, `The first this many; at most ${MAX_ACTION_ITEMS}.`) first: number,
    @Context() context: RequestContext,
  ): Promise<ActionItemLine[]> {
    return this.analytics.actionItems(
      context.principal,
      { status: filter?.status ?? undefined, owner: filter?.owner ?? undefined, overdue: filter?.overdue ?? false },
      first,
    );
  }
}

