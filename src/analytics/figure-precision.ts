import { IncidentMetricsResult, MetricSummaries, MetricSummary, ReviewReport } from '@incident-ledger/read-models';

/**
 * How precisely figures leave the API (GraphQL and the HTML report alike).
 * The math keeps full precision; only answers are rounded, here, so that a
 * client reads `1077.391`, not `1077.391304347826`, nor the binary noise of
 * `0.0010775000000000001`. Seconds to the millisecond: the timestamps they
 * come from are kept to the millisecond. Hours to the hundredth (36 s).
 * Changes (ratios) to four decimals: a hundredth of a percent.
 */
export const FIGURE_DECIMALS = { seconds: 3, hours: 2, ratio: 4 } as const;

/** `value` rounded to the nearest multiple of 10^-decimals, as the shortest number that writes it (never -0). */
export function roundTo(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  const rounded = Math.round(value * factor) / factor;
  return rounded === 0 ? 0 : rounded;
}

function roundNullable(value: number | null, decimals: number): number | null {
  return value === null ? null : roundTo(value, decimals);
}

const seconds = (value: number | null) => roundNullable(value, FIGURE_DECIMALS.seconds);

function summaryAtApiPrecision(summary: MetricSummary): MetricSummary {
  return { ...summary, mean: seconds(summary.mean), median: seconds(summary.median), p90: seconds(summary.p90), p95: seconds(summary.p95), max: seconds(summary.max) };
}

function summariesAtApiPrecision(summaries: MetricSummaries): MetricSummaries {
  return Object.fromEntries(Object.entries(summaries).map(([metric, summary]) => [metric, summaryAtApiPrecision(summary)])) as MetricSummaries;
}

/** The metrics as answered: every duration to the millisecond. */
export function atApiPrecision(result: IncidentMetricsResult): IncidentMetricsResult {
  return {
    ...result,
    metrics: summariesAtApiPrecision(result.metrics),
    groups: result.groups.map((group) => ({ ...group, metrics: summariesAtApiPrecision(group.metrics) })),
  };
}

/** The review report as answered: durations to the millisecond, hours to the hundredth, changes to four decimals. */
export function reviewReportAtApiPrecision(report: ReviewReport): ReviewReport {
  return {
    ...report,
    metrics: report.metrics.map((trend) => ({
      ...trend,
      current: summaryAtApiPrecision(trend.current),
      previous: summaryAtApiPrecision(trend.previous),
      meanChange: roundNullable(trend.meanChange, FIGURE_DECIMALS.ratio),
    })),
    responderLoad: report.responderLoad.map((load) => ({ ...load, hoursEngaged: roundTo(load.hoursEngaged, FIGURE_DECIMALS.hours) })),
    resolveTrend: report.resolveTrend.map((point) => ({ ...point, median: seconds(point.median) })),
  };
}
