import { IncidentMetric, IncidentMetricsResult, MetricSummary, ReviewReport } from '@incident-ledger/read-models';
import { atApiPrecision, reviewReportAtApiPrecision, roundTo } from './figure-precision';

const noisy: MetricSummary = { count: 3, mean: 1077.391304347826, median: 0.1 + 0.2, p90: 2117.1428571428573, p95: 12.0006, max: 3600 };
const summaries = Object.fromEntries(Object.values(IncidentMetric).map((metric) => [metric, noisy])) as IncidentMetricsResult['metrics'];

describe('figures at the API', () => {
  it('rounds to the nearest, and answers the shortest number for it', () => {
    expect(roundTo(0.1 + 0.2, 3)).toBe(0.3);
    expect(String(roundTo(1077.391304347826, 3))).toBe('1077.391');
    expect(roundTo(-0.14285714285714285, 4)).toBe(-0.1429);
    expect(roundTo(-0.00001, 2)).toBe(0);
    expect(Object.is(roundTo(-0.00001, 2), -0)).toBe(false);
  });

  it('gives durations in seconds to the millisecond, overall and in every group', () => {
    const result: IncidentMetricsResult = { incidentCount: 3, metrics: summaries, groups: [{ key: 'SEV1', private: false, incidentCount: 3, metrics: summaries }] };
    const rounded = atApiPrecision(result);
    const expected = { count: 3, mean: 1077.391, median: 0.3, p90: 2117.143, p95: 12.001, max: 3600 };
    expect(rounded.metrics.TIME_TO_RESOLVE).toEqual(expected);
    expect(rounded.groups[0].metrics.TIME_TO_DETECT).toEqual(expected);
    expect(atApiPrecision({ ...result, metrics: { ...summaries, TIME_TO_DETECT: { count: 0, mean: null, median: null, p90: null, p95: null, max: null } } }).metrics.TIME_TO_DETECT.mean).toBeNull();
  });

  it('gives the review report its seconds to the millisecond, hours to the hundredth and changes to four decimals', () => {
    const report = {
      metrics: [{ metric: IncidentMetric.TIME_TO_RESOLVE, current: noisy, previous: noisy, meanChange: 0.14285714285714285 }],
      responderLoad: [{ responder: 'ana', incidentCount: 1, hoursEngaged: 0.0010775000000000001, outsideWorkingHours: 0 }],
      resolveTrend: [
        { weekStart: '2026-03-02', median: 6613.333333333333, count: 3 },
        { weekStart: '2026-03-09', median: null, count: 0 },
      ],
    } as unknown as ReviewReport;
    const rounded = reviewReportAtApiPrecision(report);
    expect(rounded.metrics[0]).toEqual({ metric: IncidentMetric.TIME_TO_RESOLVE, current: expect.objectContaining({ mean: 1077.391 }), previous: expect.objectContaining({ p90: 2117.143 }), meanChange: 0.1429 });
    expect(rounded.responderLoad[0].hoursEngaged).toBe(0);
    expect(rounded.resolveTrend.map((point) => point.median)).toEqual([6613.333, null]);
  });
});
