import { ActionItemLine, MetricsGrouping, MetricsPeriod } from '@incident-ledger/read-models';
import { Args, Context, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Requires } from '../../platform/auth/requires.decorator';
import { DateTimeScalar } from '../../platform/graphql/date-time.scalar';
import { MaxLengthPipe } from '../../platform/graphql/max-length.pipe';
import { PageSizeArg } from '../../platform/graphql/page-size-arg.decorator';
import { RequestContext } from '../../platform/graphql/request-context';
import { ActionItemFilterInput, MetricsFilterInput } from './analytics.inputs';
import {
  ActionItemLineObject,
  IncidentMetricsObject,
  ReviewReportLinkObject,
  ReviewReportObject,
  toMetricSet,
  toWeeklySeverityCount,
} from './analytics.objects';
import { DEFAULT_REVIEW_DAYS, MAX_ACTION_ITEMS, MAX_REVIEW_DAYS, ReviewAnalytics } from '../review-analytics';
import { REVIEW_REPORT_PATH } from '../http/review-report.controller';
import { ReviewReportLinkInput } from './review-report-link.input';
import { ReviewLinks } from '../review-links';

const TIME_ZONE_MAX_LENGTH = 64;
const TIME_ZONE_DESCRIPTION = 'An IANA time zone (Europe/Berlin): where days, weeks (from Monday) and months begin.';
const PERIOD_DEFAULTS = `Without to, the review ends with today; without from, it starts ${DEFAULT_REVIEW_DAYS} days before to's day (local days in timeZone).`;

@Resolver()
export class AnalyticsResolver {
  constructor(
    private readonly analytics: ReviewAnalytics,
    private readonly links: ReviewLinks,
  ) {}

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
    description: `The cross-incident review of the period [from, to), at most ${MAX_REVIEW_DAYS} days, by default the last ${DEFAULT_REVIEW_DAYS}: counts, metric trends against the previous period, recurring problems, action items, responder load and drills. Also served as an HTML page at GET ${REVIEW_REPORT_PATH} (see createReviewReportLink to open it in a browser).`,
  })
  @Requires('read')
  async reviewReport(
    @Args('from', { type: () => DateTimeScalar, nullable: true, description: PERIOD_DEFAULTS }) from: Date | null,
    @Args('to', { type: () => DateTimeScalar, nullable: true }) to: Date | null,
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

  @Mutation(() => ReviewReportLinkObject, {
    description: `A link that opens the HTML review report in a browser, without a header, as you (your view of private incidents), for a few minutes (REVIEW_LINK_MINUTES). It opens that one report and nothing else; the log records who made it, for which report, and its token's hash only. ${PERIOD_DEFAULTS}`,
  })
  @Requires('read')
  async createReviewReportLink(
    @Args('input', { type: () => ReviewReportLinkInput, nullable: true }) input: ReviewReportLinkInput | null,
    @Context() context: RequestContext,
  ): Promise<ReviewReportLinkObject> {
    // Checked like the report itself, so that a link never leads to a refusal.
    const request = this.analytics.checkReview({
      from: input?.from,
      to: input?.to,
      timeZone: input?.timeZone ?? 'UTC',
      recurringThreshold: input?.recurringThreshold ?? 3,
      workdayStartHour: input?.workdayStartHour ?? 9,
      workdayEndHour: input?.workdayEndHour ?? 18,
    });
    const link = await this.links.create(context.principal, request, context.correlationId);
    const path = `${REVIEW_REPORT_PATH}?link=${link.token}`;
    return { url: `${context.origin ?? ''}${path}`, path, expiresAt: link.expiresAt, from: request.from, to: request.to };
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

