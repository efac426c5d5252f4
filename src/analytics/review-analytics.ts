import { Clock, Principal } from '@incident-ledger/domain';
import {
  CatalogueReadModel,
  ServiceLookup,
  ActionItemFilter,
  listActionItems,
  assertTimeZone,
  buildReviewReport,
  IncidentMetricsResult,
  incidentMetrics,
  IncidentReadModel,
  IncidentSelection,
  MetricsGroupingOptions,
  localDayAfter,
  ReviewReport,
  startOfLocalDay,
  UnknownTimeZoneError,
  visibleTo,
  ActionItemLine,
} from '@incident-ledger/read-models';
import { Inject, Injectable } from '@nestjs/common';
import { invalidInput } from '../platform/errors/error-codes';
import { checkTimeRange } from '../platform/graphql/time-range';
import { CLOCK } from '../platform/core/ledger-core.module';
import { atApiPrecision, reviewReportAtApiPrecision } from './figure-precision';
import { OneAtATime } from './one-at-a-time';

/** The most items a list of the review report holds (its counts give the totals). */
const REVIEW_LIST_LIMIT = 100;

/** The most action items one `actionItems` query answers. */
export const MAX_ACTION_ITEMS = 500;

/**
 * The longest review period: a calendar year, leap years included (the
 * yearly review is the longest a team holds). It bounds what one report may
 * cost: the weekly charts hold at most 54 weeks, and the incidents read are
 * those of two such periods (the report compares with the one before).
 */
export const MAX_REVIEW_DAYS = 366;

/** The days a review covers when it is not told: the last 30, today included. */
export const DEFAULT_REVIEW_DAYS = 30;

/** A review as asked for: without `to`, it ends with today; without `from`, it starts DEFAULT_REVIEW_DAYS days before `to`'s day (in `timeZone`). */
export interface ReviewReportRequest {
  from?: Date | null;
  to?: Date | null;
  timeZone: string;
  recurringThreshold: number;
  workdayStartHour: number;
  workdayEndHour: number;
}

/** Refuses, as bad input, a time zone the runtime does not know. */
export function checkTimeZone(timeZone: string): void {
  try {
    assertTimeZone(timeZone);
  } catch (error) {
    if (error instanceof UnknownTimeZoneError) throw invalidInput('timeZone', error.message);
    throw error;
  }
}

/** A review request once checked, its period settled. */
export type CheckedReviewRequest = ReviewReportRequest & { from: Date; to: Date };

/**
 * The analytics an incident review runs on, computed from the incident read
 * model on each call, for what the caller may see; one place for the GraphQL
 * queries and the HTML report, so both answer the same figures at the same
 * precision (see figure-precision.ts). Each call is checked first, then
 * computed one at a time (see OneAtATime): they read every incident.
 */
@Injectable()
export class ReviewAnalytics {
  private readonly queue = new OneAtATime();

  constructor(
    private readonly incidents: IncidentReadModel,
    private readonly catalogue: CatalogueReadModel,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  metrics(principal: Principal, selection: IncidentSelection, grouping: MetricsGroupingOptions): Promise<IncidentMetricsResult> {
    checkTimeRange(selection, { fields: { from: 'filter.from', to: 'filter.to' } });
    checkTimeZone(grouping.timeZone ?? 'UTC');
    return this.queue.run(() => atApiPrecision(incidentMetrics(this.incidents.all(), { ...selection, visible: visibleTo(principal) }, { ...grouping, services: this.services })));
  }

  /**
   * Checks a review request before any work, and settles its period: whole
   * local days, by default the last DEFAULT_REVIEW_DAYS ending with today.
   */
  /** The catalogue as the groupings by owner team and tier read it. */
  private readonly services: ServiceLookup = (slug) => this.catalogue.service(slug);

  checkReview(request: ReviewReportRequest): CheckedReviewRequest {
    const { timeZone, recurringThreshold, workdayStartHour, workdayEndHour } = request;
    checkTimeZone(timeZone);
    const to = request.to ?? startOfLocalDay(localDayAfter(this.clock.now(), 1, timeZone), timeZone);
    const from = request.from ?? startOfLocalDay(localDayAfter(to, -DEFAULT_REVIEW_DAYS, timeZone), timeZone);
    checkTimeRange({ from, to }, { fields: { from: 'from', to: 'to' }, maxDays: MAX_REVIEW_DAYS });
    if (!Number.isInteger(recurringThreshold) || recurringThreshold < 1) throw invalidInput('recurringThreshold', 'recurringThreshold must be a whole number from 1');
    if (!Number.isInteger(workdayStartHour) || !Number.isInteger(workdayEndHour) || workdayStartHour < 0 || workdayEndHour > 24 || workdayStartHour >= workdayEndHour) {
      throw invalidInput('workdayStartHour', 'working hours must be whole hours with 0 <= workdayStartHour < workdayEndHour <= 24');
    }
    return { ...request, from, to };
  }

  reviewReport(principal: Principal, request: ReviewReportRequest): Promise<ReviewReport> {
    const { from, to, timeZone, recurringThreshold, workdayStartHour, workdayEndHour } = this.checkReview(request);
    return this.queue.run(() =>
      reviewReportAtApiPrecision(
        buildReviewReport([...this.incidents.all()], {
          from,
          to,
          timeZone,
          recurringThreshold,
          workingHours: { startHour: workdayStartHour, endHour: workdayEndHour },
          listLimit: REVIEW_LIST_LIMIT,
          visible: visibleTo(principal),
          now: this.clock.now(),
          services: this.services,
        }),
      ),
    );
  }

  actionItems(principal: Principal, filter: ActionItemFilter, first: number): Promise<ActionItemLine[]> {
    return this.queue.run(() => listActionItems(this.incidents.all(), this.clock.now(), { ...filter, visible: visibleTo(principal) }, first).lines);
  }
}
