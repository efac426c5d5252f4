import { Principal, ReviewLinkReport } from '@incident-ledger/domain';
import { startOfLocalDay } from '@incident-ledger/read-models';
import { renderReviewReportHtml } from '@incident-ledger/presentation';
import { Controller, Get, Inject, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Requires } from '../../platform/auth/requires.decorator';
import { readDateTime } from '../../platform/graphql/date-time.scalar';
import { AppConfig } from '@incident-ledger/application';
import { invalidInput } from '../../platform/errors/error-codes';
import { incidentInGraphiql } from '../../platform/graphiql/graphiql-links';
import { checkTimeZone, ReviewAnalytics, ReviewReportRequest } from '../review-analytics';

/** Where the HTML review report is served; authenticated like /graphql (see main.ts). */
export const REVIEW_REPORT_PATH = '/reports/review';

const PLAIN_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** One query parameter's text; a parameter given twice (Fastify reads it as a list) is refused. */
function single(query: Record<string, unknown>, field: string): string | undefined {
  const value = query[field];
  if (value === undefined || typeof value === 'string') return value;
  throw invalidInput(field, `${field} must be given once`);
}

/**
 * An instant as the DateTime scalar reads it, or a plain date (YYYY-MM-DD):
 * the start of that day in the report's time zone. Both go through the
 * scalar's reader first, so a year is read as written and refused outside
 * the supported years before any arithmetic on it. Absent (or empty): the
 * review's default period applies (see ReviewAnalytics.checkReview).
 */
function instant(field: string, value: string | undefined, timeZone: string): Date | undefined {
  if (value === undefined || value === '') return undefined;
  const day = PLAIN_DATE.test(value);
  const reading = readDateTime(day ? `${value}T00:00:00Z` : value, field);
  if ('problem' in reading) {
    throw invalidInput(field, reading.problem === 'FORMAT' ? `${field} must be a date (2026-03-01) or an ISO-8601 date-time with a time zone` : reading.message);
  }
  return day ? startOfLocalDay(value, timeZone) : reading.instant;
}

function wholeNumber(field: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  if (!/^\d{1,3}$/.test(value)) throw invalidInput(field, `${field} must be a whole number`);
  return Number(value);
}

/** The report a request asks for in its query parameters, read as a browser's address bar gives them. */
function requestedReport(query: Record<string, unknown>): ReviewReportRequest {
  const timeZone = single(query, 'timeZone') || 'UTC';
  checkTimeZone(timeZone);
  return {
    from: instant('from', single(query, 'from'), timeZone),
    to: instant('to', single(query, 'to'), timeZone),
    timeZone,
    recurringThreshold: wholeNumber('recurringThreshold', single(query, 'recurringThreshold'), 3),
    workdayStartHour: wholeNumber('workdayStartHour', single(query, 'workdayStartHour'), 9),
    workdayEndHour: wholeNumber('workdayEndHour', single(query, 'workdayEndHour'), 18),
  };
}

/** The report a review link opens: the one it was made for, and no other (see http-authentication.ts). */
function linkedReport(link: ReviewLinkReport, query: Record<string, unknown>): ReviewReportRequest {
  const others = Object.keys(query).filter((name) => name !== 'link');
  if (others.length > 0) {
    throw invalidInput(others[0], `A review link opens the report it was made for: make a new link to change ${others.join(', ')}`);
  }
  return { ...link, from: new Date(link.from), to: new Date(link.to) };
}

/**
 * The review report as a page people read in a browser (or print to PDF for
 * the meeting): GET /reports/review?from=2026-03-01&to=2026-04-01&timeZone=Europe/Berlin
 * with a credential, or GET /reports/review?link=<token> with a link from
 * createReviewReportLink. The same figures as the `reviewReport` query, for
 * the same caller, checked by the same rules, by default over the last 30
 * days; a refusal is answered as JSON with its code (see
 * ApiExceptionFilter). The incidents it names link to GraphiQL, when it
 * is served, opened with a query for each.
 */
@Controller('reports')
export class ReviewReportController {
  constructor(
    private readonly analytics: ReviewAnalytics,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  @Get('review')
  @Requires('read')
  // Named as the reviewReport query, so that a refusal reads the same here as there.
  async reviewReport(@Query() query: Record<string, unknown>, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const principal = request.principal as Principal;
    const report = await this.analytics.reviewReport(principal, request.reviewLink ? linkedReport(request.reviewLink, query) : requestedReport(query));
    reply.header('content-type', 'text/html; charset=utf-8');
    reply.header('cache-control', 'private, no-store');
    // Inline styles only: no scripts, nothing loaded from anywhere.
    reply.header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'");
    return renderReviewReportHtml(report, this.config.GRAPHIQL === 'true' ? incidentInGraphiql : undefined);
  }
}
