import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { BenchRow, ratioTo, Scenario, ScenarioContext } from '../bench.types';
import { incidentLogIn, LARGE_LOG_EVENTS, SMALL_LOG_EVENTS } from '../support/log-cache';
import { ledgerEnv } from '../support/http-load';
import { graphql, startServer } from '../support/server-process';
import { median, round } from '../support/statistics';

/**
 * Review analytics latency: `incidentMetrics` and `reviewReport` over about
 * 100,000 incidents (the shared large log of 1,250,000 events, with reports,
 * action items and corrections), asked over HTTP of the built server one at a
 * time, as a review meeting would. The baseline, measured in the same run on
 * the same server, is the plainest query that also visits every incident: a
 * filtered `incidents` count.
 *
 * Sizes: the shared large log in full mode, 50,000 events with --quick;
 * BENCH_ANALYTICS_EVENTS and BENCH_ANALYTICS_RUNS override them.
 */
const FULL = { events: LARGE_LOG_EVENTS, runs: 15 };
const QUICK = { events: SMALL_LOG_EVENTS, runs: 5 };
const WARM_UP = 2;

const SUMMARY = 'count mean median p90 p95 max';
const METRIC_SET = `timeToDetect { ${SUMMARY} } timeToAcknowledge { ${SUMMARY} } timeToMitigate { ${SUMMARY} } timeToResolve { ${SUMMARY} }`;
const BASELINE = 'scan: incidents(filter: SEV1) { totalCount }';

interface Case {
  name: string;
  query: string;
  variables?: Record<string, unknown>;
}

function cases(from: string, to: string, yearFrom: string): Case[] {
  return [
    { name: BASELINE, query: '{ incidents(first: 1, filter: { severity: [SEV1] }) { totalCount } }' },
    { name: 'incidentMetrics, all incidents', query: `{ incidentMetrics { incidentCount metrics { ${METRIC_SET} } } }` },
    {
      name: 'incidentMetrics by service',
      query: `{ incidentMetrics(groupBy: SERVICE) { incidentCount groups { key incidentCount metrics { ${METRIC_SET} } } } }`,
    },
    {
      name: 'incidentMetrics by week, Europe/Berlin',
      query: `{ incidentMetrics(groupBy: PERIOD, period: WEEK, timeZone: "Europe/Berlin") { incidentCount groups { key incidentCount metrics { ${METRIC_SET} } } } }`,
    },
    {
      name: 'incidentMetrics by responder, filtered',
      query: `query($from: DateTime) { incidentMetrics(groupBy: RESPONDER, filter: { from: $from, severity: [SEV1, SEV2, SEV3] }) { incidentCount groups { key incidentCount metrics { ${METRIC_SET} } } } }`,
      variables: { from: yearFrom },
    },
    { name: 'reviewReport, last 90 days', query: reviewQuery, variables: { from, to } },
    { name: 'reviewReport, last year', query: reviewQuery, variables: { from: yearFrom, to } },
  ];
}

const reviewQuery = `query($from: DateTime!, $to: DateTime!) {
  reviewReport(from: $from, to: $to) {
    incidentCount bySeverity { key count } byService { key count } byCause { key count }
    metrics { metric meanChange current { ${SUMMARY} } previous { ${SUMMARY} } }
    recurringProblems { kind key incidentCount }
    openActionItems { incidentId id title owner dueAt } overdueActionItems { incidentId id dueAt } openActionItemCount overdueActionItemCount
    responderLoad { responder incidentCount hoursEngaged outsideWorkingHours }
    drills { incidentId title } weeklyBySeverity { weekStart sev1 sev2 sev3 sev4 sev5 total } resolveTrend { weekStart median count }
  }
}`;

export const analyticsScenario: Scenario = {
  name: 'analytics',
  description: 'incidentMetrics and reviewReport latency over ~100,000 incidents, against a plain scan of every incident',
  async run(context: ScenarioContext): Promise<BenchRow[]> {
    const sizes = context.quick ? QUICK : FULL;
    const events = Number(process.env.BENCH_ANALYTICS_EVENTS ?? sizes.events);
    const runs = Number(process.env.BENCH_ANALYTICS_RUNS ?? sizes.runs);
    if (!Number.isInteger(events) || events < 100) throw new Error('BENCH_ANALYTICS_EVENTS must be a whole number of at least 100');
    if (!Number.isInteger(runs) || runs < 1) throw new Error('BENCH_ANALYTICS_RUNS must be a whole number of at least 1');

    const dataDir = join(context.workDir, 'data');
    const { log } = await incidentLogIn(context, dataDir, { events });

    const server = await startServer({ entry: context.serverEntry, nodeArgs: context.serverNodeArgs, env: ledgerEnv(dataDir), timeoutMs: 15 * 60_000 });
    const rows: BenchRow[] = [];
    try {
      // The generated log ends where its simulated clock stopped: the periods are counted back from its last incident.
      const { incidents } = await graphql<{ incidents: { edges: Array<{ node: { declaredAt: string } }> } }>(
        server.url,
        log.adminKey,
        '{ incidents(first: 1) { edges { node { declaredAt } } } }',
      );
      const end = Date.parse(incidents.edges[0].node.declaredAt) + 1;
      const iso = (at: number) => new Date(at).toISOString();
      const timings = new Map<string, number[]>();
      let answered = 0;
      for (const item of cases(iso(end - 90 * 86_400_000), iso(end), iso(end - 365 * 86_400_000))) {
        const samples: number[] = [];
        for (let run = 0; run < WARM_UP + runs; run++) {
          const started = performance.now();
          const data = await graphql<Record<string, { incidentCount?: number }>>(server.url, log.adminKey, item.query, item.variables);
          const ms = performance.now() - started;
          if (run >= WARM_UP) samples.push(ms);
          answered = Math.max(answered, Object.values(data)[0]?.incidentCount ?? 0);
        }
        timings.set(item.name, samples);
        context.progress(`analytics: ${item.name.padEnd(42)} median ${median(samples).toFixed(1)} ms`);
      }
      const baseline = median(timings.get(BASELINE) as number[]);
      for (const [name, samples] of timings) {
        const value = median(samples);
        rows.push({
          scenario: 'analytics',
          variant: name,
          metric: 'latency, median (one request at a time)',
          value: round(value, 1),
          unit: 'ms',
          ...(name === BASELINE ? {} : { ratio: round(ratioTo(value, baseline, true), 3), baseline: BASELINE }),
          samples: samples.map((sample) => round(sample, 1)),
        });
        rows.push({ scenario: 'analytics', variant: name, metric: 'latency, slowest of the runs', value: round(Math.max(...samples), 1), unit: 'ms' });
      }
      rows.push({
        scenario: 'analytics',
        variant: 'log',
        metric: 'incidents',
        value: log.incidents,
        unit: 'incidents',
        note: `analytics: ${log.events.toLocaleString('en-US')} events; ${answered.toLocaleString('en-US')} incidents counted by the widest query (drills and merged duplicates are left out; the admin key sees private incidents); medians of ${runs} runs after ${WARM_UP} warm-ups; a ratio under 1 means slower than the scan.`,
      });
      rows.push({ scenario: 'analytics', variant: 'log', metric: 'events in the store', value: log.events, unit: 'events' });
      const peak = server.peakRssBytes();
      if (peak !== undefined) rows.push({ scenario: 'analytics', variant: 'server', metric: 'peak RSS (VmHWM)', value: round(peak / 1024 / 1024), unit: 'MB' });
    } finally {
      await server.stop();
    }
    return rows;
  },
};
