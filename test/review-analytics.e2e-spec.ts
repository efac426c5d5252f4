import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Caller, graphql, mustQuery } from './support/graphql-client';
import { artifactPath, itWithChromium, withChromium } from './support/chromium';
import { removeDataDir, RunningServer, startServer, tempDataDir } from './support/server';

/**
 * Incident metrics and the review report, end to end: four weeks of incidents
 * made through the API at known times (the server reads its clock from a file
 * the test writes), then `incidentMetrics` and `reviewReport` checked against
 * figures this test works out on its own from the plan, and the HTML report
 * rendered in headless Chromium.
 */

const MINUTE = 60_000;
const WEEK_STARTS = ['2026-03-02', '2026-03-09', '2026-03-16', '2026-03-23'];
const SEVERITIES = ['SEV1', 'SEV2', 'SEV3', 'SEV4'];
const SERVICES = ['checkout', 'search', 'auth'];
const RESPONDERS = ['ana', 'ben', 'chen'];

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One incident as the test means it to happen; times in ms since the epoch. */
interface Plan {
  key: string;
  week: number;
  /** The severity it ends with; `declaredAs`, when set, is the more severe one it was declared with and downgraded from. */
  severity: string;
  declaredAs: string | null;
  services: string[];
  tags: string[];
  commander: string;
  declared: number;
  detected: number;
  impact: number | null;
  /** The impact start a review later corrects it to. */
  correctedImpact: number | null;
  acknowledged: number | null;
  monitoring: number | null;
  resolved: number | null;
  kind: 'NORMAL' | 'DRILL';
  private: boolean;
  mergeInto: string | null;
  cause: string | null;
  actionItemDue: number | null;
  id?: string;
}

function plans(): Plan[] {
  const next = random(20260302);
  const pick = <T>(items: T[]) => items[Math.floor(next() * items.length)];
  const between = (low: number, high: number) => low + Math.floor(next() * (high - low + 1));
  const all: Plan[] = [];
  for (let index = 0; index < 36; index++) {
    const week = index % 4;
    // Midday UTC: the same calendar day in UTC and in Berlin, whatever the daylight saving time.
    const declared = Date.parse(`${WEEK_STARTS[week]}T12:00:00Z`) + between(0, 6) * 86_400_000 + between(0, 50) * MINUTE;
    const detected = declared - between(0, 10) * MINUTE;
    const impact = next() < 0.6 ? detected - between(1, 45) * MINUTE : null;
    const acknowledged = next() < 0.85 ? declared + between(1, 30) * MINUTE : null;
    const monitoring = next() < 0.5 ? declared + between(31, 120) * MINUTE : null;
    const resolved = index % 9 === 8 ? null : (monitoring ?? declared + 30 * MINUTE) + between(5, 180) * MINUTE;
    all.push({
      key: `p${index}`,
      week,
      // Not tied to the week (index % 4): every week gets several severities.
      severity: SEVERITIES[(index + Math.floor(index / 4)) % 4],
      // Some SEV2s began as SEV1s and were downgraded: a review counts them under the highest severity they reached.
      declaredAs: SEVERITIES[(index + Math.floor(index / 4)) % 4] === 'SEV2' && index % 3 !== 2 ? 'SEV1' : null,
      services: next() < 0.3 ? [pick(SERVICES), 'api'] : [pick(SERVICES)],
      tags: next() < 0.5 ? [pick(['database', 'network'])] : [],
      commander: pick(RESPONDERS),
      declared,
      detected,
      impact,
      correctedImpact: impact !== null && resolved !== null && index % 5 === 0 ? impact - 15 * MINUTE : null,
      acknowledged,
      monitoring,
      resolved,
      // Weeks 1 and 3: drills in both the previous and the current period of the review report.
      kind: index % 6 === 5 ? 'DRILL' : 'NORMAL',
      private: index % 12 === 7,
      mergeInto: index % 12 === 10 ? `p${index - 2}` : null,
      cause: resolved !== null && index % 3 === 0 ? pick(['deploy', 'config']) : null,
      actionItemDue: index % 4 === 1 ? Date.parse('2026-03-20T12:00:00Z') + between(0, 20) * 86_400_000 : null,
    });
  }
  return all;
}

/** Which planned incidents the metrics count for a viewer: no drills, merges or private incidents. */
const counted = (plan: Plan) => plan.kind === 'NORMAL' && !plan.private && plan.mergeInto === null;

/** The durations, by the documented definitions, worked out from the plan (not from the server). */
function durations(plan: Plan) {
  const impact = plan.correctedImpact ?? plan.impact;
  const start = impact ?? plan.declared;
  const seconds = (to: number | null, from: number | null) => (to === null || from === null ? null : (to - from) / 1000);
  // A merged duplicate is closed at once: its planned mitigation and resolution never happen.
  const [monitoring, resolved] = plan.mergeInto ? [null, null] : [plan.monitoring, plan.resolved];
  return {
    timeToDetect: seconds(plan.detected, impact),
    timeToAcknowledge: seconds(plan.acknowledged, plan.declared),
    timeToMitigate: seconds(monitoring ?? resolved, start),
    timeToResolve: seconds(resolved, start),
  };
}

type MetricName = keyof ReturnType<typeof durations>;
const METRICS: MetricName[] = ['timeToDetect', 'timeToAcknowledge', 'timeToMitigate', 'timeToResolve'];

/** count, mean, median, nearest-rank p90 and p95, max. */
function expectedSummary(values: number[]) {
  if (values.length === 0) return { count: 0, mean: null, median: null, p90: null, p95: null, max: null };
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  const rank = (p: number) => sorted[Math.ceil((p * n) / 100) - 1];
  return {
    count: n,
    mean: sorted.reduce((sum, value) => sum + value, 0) / n,
    median: n % 2 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2,
    p90: rank(90),
    p95: rank(95),
    max: sorted[n - 1],
  };
}

function expectedMetrics(selected: Plan[]) {
  return Object.fromEntries(
    METRICS.map((metric) => [metric, expectedSummary(selected.map((plan) => durations(plan)[metric]).filter((value): value is number => value !== null))]),
  );
}

/** Floats from the server compared to a millisecond. */
function roundSummaries(value: unknown): unknown {
  if (typeof value === 'number') return Math.round(value * 1000) / 1000;
  if (Array.isArray(value)) return value.map(roundSummaries);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, roundSummaries(inner)]));
  return value;
}

const SUMMARY = 'count mean median p90 p95 max';
const METRIC_SET = METRICS.map((metric) => `${metric} { ${SUMMARY} }`).join(' ');

const METRICS_QUERY = `query Metrics($filter: MetricsFilterInput, $groupBy: MetricsGrouping, $period: MetricsPeriod, $timeZone: String) {
  incidentMetrics(filter: $filter, groupBy: $groupBy, period: $period, timeZone: $timeZone) {
    incidentCount metrics { ${METRIC_SET} } groups { key incidentCount metrics { ${METRIC_SET} } }
  }
}`;

const REVIEW_QUERY = `query Review($from: DateTime!, $to: DateTime!, $timeZone: String, $threshold: Int) {
  reviewReport(from: $from, to: $to, timeZone: $timeZone, recurringThreshold: $threshold) {
    from to previousFrom timeZone incidentCount
    bySeverity { key count } byHighestSeverity { key count } byService { key count } byCause { key count }
    metrics { metric meanChange current { ${SUMMARY} } previous { ${SUMMARY} } }
    recurringProblems { kind key incidentCount incidentIds } recurringThreshold
    openActionItems { incidentId id title overdue } overdueActionItems { incidentId id dueAt overdue }
    openActionItemCount overdueActionItemCount listLimit
    responderLoad { responder incidentCount hoursEngaged outsideWorkingHours }
    drills { incidentId title }
    weeklyBySeverity { weekStart sev1 sev2 sev3 sev4 sev5 total }
    resolveTrend { weekStart median count }
  }
}`;

const NOW = Date.parse('2026-04-01T08:00:00Z');

/** What the page's global offers in Chromium (this project's TypeScript has no DOM library). */
type PageGlobal = { getComputedStyle(element: unknown): { fill: string } };

describe('incident metrics and the review report', () => {
  let server: RunningServer;
  let clockFile: string;
  let responder: Caller;
  let viewer: Caller;
  const planned = plans();

  const setClock = (at: number) => writeFileSync(clockFile, new Date(at).toISOString());

  beforeAll(async () => {
    const dataDir = tempDataDir();
    clockFile = join(dataDir, 'clock');
    setClock(Date.parse('2026-03-01T00:00:00Z'));
    // The product's default rule: SEV1-3 incidents close once their report is published.
    server = await startServer({ dataDir, env: { CLOCK_FILE: clockFile, REPORT_REQUIRED_FOR: 'SEV1,SEV2,SEV3' } });
    responder = await server.as('ana');
    viewer = await server.as('victor', 'VIEWER');
    const mallory = await server.as('mallory');

    // Every step of every plan, run in time order with the clock at its time.
    const steps: Array<{ at: number; run: () => Promise<unknown> }> = [];
    const on = (plan: Plan, at: number, run: (id: string) => Promise<unknown>) => steps.push({ at, run: () => run(plan.id as string) });
    for (const plan of planned) {
      const caller = plan.private ? mallory : responder;
      steps.push({
        at: plan.declared,
        run: async () => {
          const { declareIncident } = await mustQuery(caller, 'mutation($input: DeclareIncidentInput!) { declareIncident(input: $input) { id } }', {
            input: {
              title: `Incident ${plan.key}`,
              severity: plan.declaredAs ?? plan.severity,
              services: plan.services,
              tags: plan.tags,
              commander: plan.commander,
              kind: plan.kind,
              private: plan.private,
              detectedAt: new Date(plan.detected).toISOString(),
              impactStartedAt: plan.impact === null ? null : new Date(plan.impact).toISOString(),
            },
          });
          plan.id = declareIncident.id;
        },
      });
      const act = (name: string, input: Record<string, unknown>) => (id: string) =>
        mustQuery(caller, `mutation($input: ${name[0].toUpperCase()}${name.slice(1)}Input!) { ${name}(input: $input) { id } }`, { input: { incidentId: id, ...input } });
      if (plan.acknowledged !== null) on(plan, plan.acknowledged, act('acknowledgeIncident', {}));
      if (plan.declaredAs !== null) on(plan, plan.declared + 1, act('changeIncidentSeverity', { severity: plan.severity }));
      if (plan.mergeInto !== null) {
        const target = planned.find((other) => other.key === plan.mergeInto) as Plan;
        on(plan, plan.declared + 32 * MINUTE, (id) => mustQuery(caller, 'mutation($input: MergeIncidentInput!) { mergeIncident(input: $input) { id } }', { input: { incidentId: id, into: target.id } }));
        continue;
      }
      if (plan.monitoring !== null) on(plan, plan.monitoring, act('changeIncidentStatus', { status: 'MONITORING' }));
      if (plan.resolved !== null) on(plan, plan.resolved, act('resolveIncident', {}));
      if (plan.cause !== null) {
        on(plan, (plan.resolved as number) + 60 * MINUTE, act('saveIncidentReport', { causeTags: [plan.cause], internal: { summary: 's', impact: 'i', rootCause: 'r', resolution: 'x' } }));
      }
      if (plan.correctedImpact !== null) {
        on(plan, (plan.resolved as number) + 90 * MINUTE, act('correctIncidentTimestamp', { field: 'IMPACT_STARTED', to: new Date(plan.correctedImpact).toISOString(), reason: 'found in the logs' }));
      }
      if (plan.actionItemDue !== null) {
        on(plan, plan.declared + 2 * MINUTE, act('addActionItem', { title: `Follow up ${plan.key}`, owner: plan.commander, type: 'PREVENT', dueAt: new Date(plan.actionItemDue).toISOString() }));
      }
    }
    steps.sort((a, b) => a.at - b.at);
    for (const step of steps) {
      setClock(step.at);
      await step.run();
    }
    setClock(NOW);
  }, 120_000);

  afterAll(async () => {
    await server.stop();
    removeDataDir(server.dataDir);
  });

  it('holds the planned incidents: drills, merged duplicates and private ones as planned, corrected times applied', async () => {
    const ids = (plans: Plan[]) => plans.map((plan) => plan.id).sort();
    const { all } = await mustQuery(server.admin, '{ all: incidents(first: 100) { totalCount edges { node { id kind mergedInto private impactStartedAt } } } }');
    const nodes: Array<{ id: string; kind: string; mergedInto: string | null; private: boolean; impactStartedAt: string | null }> = all.edges.map((edge: { node: unknown }) => edge.node);
    expect(all.totalCount).toBe(planned.length);
    expect(nodes.filter((node) => node.kind === 'DRILL').map((node) => node.id).sort()).toEqual(ids(planned.filter((plan) => plan.kind === 'DRILL')));
    expect(nodes.filter((node) => node.mergedInto !== null).map((node) => node.id).sort()).toEqual(ids(planned.filter((plan) => plan.mergeInto !== null)));
    expect(nodes.filter((node) => node.private).map((node) => node.id).sort()).toEqual(ids(planned.filter((plan) => plan.private)));
    const corrected = planned.filter((plan) => plan.correctedImpact !== null && counted(plan));
    expect(corrected.length).toBeGreaterThan(0);
    for (const plan of corrected) expect(nodes.find((node) => node.id === plan.id)?.impactStartedAt).toBe(new Date(plan.correctedImpact as number).toISOString());
    // The viewer does not see mallory's private incidents at all.
    const { visible } = await mustQuery(viewer, '{ visible: incidents(first: 100) { totalCount } }');
    expect(visible.totalCount).toBe(planned.filter((plan) => !plan.private).length);
  });

  it('answers incidentMetrics over every counted incident with the documented definitions', async () => {
    const { incidentMetrics } = await mustQuery(viewer, METRICS_QUERY);
    const selected = planned.filter(counted);
    expect(incidentMetrics.incidentCount).toBe(selected.length);
    expect(roundSummaries(incidentMetrics.metrics)).toEqual(roundSummaries(expectedMetrics(selected)));
  });

  it('includes drills, merged duplicates and private incidents when asked', async () => {
    const { incidentMetrics } = await mustQuery(viewer, METRICS_QUERY, { filter: { includeDrills: true, includeMerged: true, includePrivate: true } });
    expect(incidentMetrics.incidentCount).toBe(planned.length);
    expect(roundSummaries(incidentMetrics.metrics)).toEqual(roundSummaries(expectedMetrics(planned)));
  });

  it('groups by severity and filters by time range, service and tag', async () => {
    const from = Date.parse('2026-03-09T00:00:00Z');
    const to = Date.parse('2026-03-23T00:00:00Z');
    const filter = { from: new Date(from).toISOString(), to: new Date(to).toISOString(), service: ['checkout', 'api'], tag: ['database'] };
    const { incidentMetrics } = await mustQuery(viewer, METRICS_QUERY, { filter, groupBy: 'SEVERITY' });
    const selected = planned.filter(
      (plan) =>
        counted(plan) && plan.declared >= from && plan.declared < to && plan.services.some((service) => filter.service.includes(service)) && plan.tags.includes('database'),
    );
    expect(selected.length).toBeGreaterThan(0);
    expect(incidentMetrics.incidentCount).toBe(selected.length);
    const expectedGroups = SEVERITIES.map((severity) => selected.filter((plan) => plan.severity === severity))
      .map((group, index) => ({ key: SEVERITIES[index], incidentCount: group.length, metrics: expectedMetrics(group) }))
      .filter((group) => group.incidentCount > 0);
    expect(roundSummaries(incidentMetrics.groups)).toEqual(roundSummaries(expectedGroups));
  });

  it('groups by the highest severity reached: a SEV1 downgraded to SEV2 counts under SEV1, and under SEV2 by its current one', async () => {
    const downgraded = planned.filter((plan) => counted(plan) && plan.declaredAs === 'SEV1');
    expect(downgraded.length).toBeGreaterThan(0);
    const highest = (plan: Plan) => plan.declaredAs ?? plan.severity;
    const byGrouping = async (groupBy: string) => (await mustQuery(viewer, METRICS_QUERY, { groupBy })).incidentMetrics.groups;
    const expectedGroups = (severityOf: (plan: Plan) => string) =>
      SEVERITIES.map((key) => planned.filter((plan) => counted(plan) && severityOf(plan) === key))
        .map((group, index) => ({ key: SEVERITIES[index], incidentCount: group.length, metrics: expectedMetrics(group) }))
        .filter((group) => group.incidentCount > 0);
    expect(roundSummaries(await byGrouping('HIGHEST_SEVERITY'))).toEqual(roundSummaries(expectedGroups(highest)));
    expect(roundSummaries(await byGrouping('SEVERITY'))).toEqual(roundSummaries(expectedGroups((plan) => plan.severity)));
  });

  it('answers figures without float noise: seconds to the millisecond, hours to the hundredth, ratios to four decimals', async () => {
    /** Decimal places of a number as JSON writes it; noise such as 0.0010775000000000001 has many. */
    const places = (value: number) => (/e/i.test(String(value)) ? Infinity : (String(value).split('.')[1] ?? '').length);
    const numbersIn = (value: unknown): number[] =>
      typeof value === 'number' ? [value] : value && typeof value === 'object' ? Object.values(value).flatMap(numbersIn) : [];
    const { incidentMetrics } = await mustQuery(viewer, METRICS_QUERY, { groupBy: 'PERIOD', timeZone: 'Europe/Berlin' });
    const { reviewReport } = await mustQuery(viewer, REVIEW_QUERY, { from: '2026-03-16T00:00:00Z', to: '2026-03-30T00:00:00Z' });
    const seconds = [
      ...numbersIn(incidentMetrics.metrics),
      ...numbersIn(incidentMetrics.groups.map((group: { metrics: unknown }) => group.metrics)),
      ...numbersIn(reviewReport.metrics.map((trend: { current: unknown; previous: unknown }) => [trend.current, trend.previous])),
      ...numbersIn(reviewReport.resolveTrend.map((point: { median: number | null }) => point.median)),
    ];
    const hours: number[] = reviewReport.responderLoad.map((load: { hoursEngaged: number }) => load.hoursEngaged);
    const ratios: number[] = reviewReport.metrics.map((trend: { meanChange: number | null }) => trend.meanChange).filter((value: number | null) => value !== null);
    expect(seconds.length).toBeGreaterThan(100);
    expect(seconds.filter((value) => places(value) > 3)).toEqual([]);
    expect(hours.filter((value) => places(value) > 2)).toEqual([]);
    expect(ratios.length).toBeGreaterThan(0);
    expect(ratios.filter((value) => places(value) > 4)).toEqual([]);
  });

  it('groups by week in a time zone, weeks starting on Monday', async () => {
    const { incidentMetrics } = await mustQuery(viewer, METRICS_QUERY, { groupBy: 'PERIOD', period: 'WEEK', timeZone: 'Europe/Berlin' });
    const expected = WEEK_STARTS.map((weekStart, week) => {
      const group = planned.filter((plan) => counted(plan) && plan.week === week);
      return { key: weekStart, incidentCount: group.length, metrics: expectedMetrics(group) };
    });
    expect(roundSummaries(incidentMetrics.groups)).toEqual(roundSummaries(expected));
  });

  it('refuses a bad time zone and an empty range', async () => {
    const badZone = await graphql(viewer, METRICS_QUERY, { groupBy: 'PERIOD', timeZone: 'Mars/Olympus' });
    expect(badZone.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const badRange = await graphql(viewer, REVIEW_QUERY, { from: '2026-03-16T00:00:00Z', to: '2026-03-16T00:00:00Z' });
    expect(badRange.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('answers reviewReport for two weeks against the two before', async () => {
    const from = Date.parse('2026-03-16T00:00:00Z');
    const to = Date.parse('2026-03-30T00:00:00Z');
    const { reviewReport } = await mustQuery(viewer, REVIEW_QUERY, { from: new Date(from).toISOString(), to: new Date(to).toISOString(), timeZone: 'UTC', threshold: 3 });
    const inPeriod = (plan: Plan, start: number, end: number) => plan.declared >= start && plan.declared < end;
    const current = planned.filter((plan) => counted(plan) && inPeriod(plan, from, to));
    const previous = planned.filter((plan) => counted(plan) && inPeriod(plan, from - (to - from), from));

    expect(reviewReport.incidentCount).toBe(current.length);
    expect(reviewReport.previousFrom).toBe('2026-03-02T00:00:00.000Z');
    expect(reviewReport.bySeverity).toEqual(['SEV1', 'SEV2', 'SEV3', 'SEV4', 'SEV5'].map((key) => ({ key, count: current.filter((plan) => plan.severity === key).length })));
    expect(current.some((plan) => plan.declaredAs === 'SEV1')).toBe(true);
    expect(reviewReport.byHighestSeverity).toEqual(
      ['SEV1', 'SEV2', 'SEV3', 'SEV4', 'SEV5'].map((key) => ({ key, count: current.filter((plan) => (plan.declaredAs ?? plan.severity) === key).length })),
    );

    const [currentMetrics, previousMetrics] = [expectedMetrics(current), expectedMetrics(previous)];
    const names = { TIME_TO_DETECT: 'timeToDetect', TIME_TO_ACKNOWLEDGE: 'timeToAcknowledge', TIME_TO_MITIGATE: 'timeToMitigate', TIME_TO_RESOLVE: 'timeToResolve' } as const;
    expect(reviewReport.metrics.map((trend: { metric: string }) => trend.metric).sort()).toEqual(Object.keys(names).sort());
    for (const trend of reviewReport.metrics) {
      const name = names[trend.metric as keyof typeof names];
      expect(roundSummaries(trend.current)).toEqual(roundSummaries(currentMetrics[name]));
      expect(roundSummaries(trend.previous)).toEqual(roundSummaries(previousMetrics[name]));
      const [now, before] = [currentMetrics[name].mean, previousMetrics[name].mean];
      expect(trend.meanChange).toBe(Math.round((((now as number) - (before as number)) / (before as number)) * 10_000) / 10_000);
    }

    // Recurring problems: services and causes with at least 3 incidents in the period.
    const expectedRecurring: Array<{ kind: string; key: string; incidentCount: number }> = [];
    for (const service of [...SERVICES, 'api']) {
      const count = current.filter((plan) => plan.services.includes(service)).length;
      if (count >= 3) expectedRecurring.push({ kind: 'SERVICE', key: service, incidentCount: count });
    }
    for (const cause of ['deploy', 'config']) {
      const count = current.filter((plan) => plan.cause === cause).length;
      if (count >= 3) expectedRecurring.push({ kind: 'CAUSE', key: cause, incidentCount: count });
    }
    const recurring = reviewReport.recurringProblems.map(({ kind, key, incidentCount }: { kind: string; key: string; incidentCount: number }) => ({ kind, key, incidentCount }));
    expect(recurring).toEqual(expect.arrayContaining(expectedRecurring));
    expect(recurring).toHaveLength(expectedRecurring.length);

    // Overdue: open action items due before now, from any incident the viewer may see.
    const overdue = planned.filter((plan) => plan.actionItemDue !== null && plan.actionItemDue < NOW && !plan.private && plan.mergeInto === null);
    expect(overdue.length).toBeGreaterThan(0);
    expect(reviewReport.overdueActionItems.map((item: { incidentId: string }) => item.incidentId).sort()).toEqual(overdue.map((plan) => plan.id).sort());
    expect(reviewReport.overdueActionItems.every((item: { overdue: boolean }) => item.overdue)).toBe(true);
    expect(reviewReport.overdueActionItemCount).toBe(overdue.length);
    const openInPeriod = current.filter((plan) => plan.actionItemDue !== null);
    expect(reviewReport.openActionItemCount).toBe(openInPeriod.length);
    expect(reviewReport.openActionItems.map((item: { incidentId: string }) => item.incidentId).sort()).toEqual(openInPeriod.map((plan) => plan.id).sort());

    // Responder load: each commander held the role from the declaration to the resolution (or now).
    const hours = new Map<string, { incidents: number; hours: number }>();
    for (const plan of current) {
      const line = hours.get(plan.commander) ?? { incidents: 0, hours: 0 };
      const end = Math.min(plan.resolved ?? NOW, to);
      line.incidents++;
      line.hours += (end - Math.max(plan.declared, from)) / 3_600_000;
      hours.set(plan.commander, line);
    }
    // Responders are the commanders the plan named and the acknowledger (ana, the caller); hours come from holding a role.
    expect(reviewReport.responderLoad.map((load: { responder: string }) => load.responder).sort()).toEqual([...new Set([...hours.keys(), 'ana'])].sort());
    for (const load of reviewReport.responderLoad) expect(load.hoursEngaged).toBe(Math.round((hours.get(load.responder)?.hours ?? 0) * 100) / 100);
    // Every incident is declared at about midday UTC on a working day or a weekend day.
    const weekend = (at: number) => [0, 6].includes(new Date(at).getUTCDay());
    const ana = reviewReport.responderLoad.find((load: { responder: string }) => load.responder === 'ana');
    const anaIncidents = current.filter((plan) => plan.commander === 'ana' || plan.acknowledged !== null);
    expect(ana.incidentCount).toBe(anaIncidents.length);
    expect(ana.outsideWorkingHours).toBe(
      anaIncidents.filter((plan) => {
        const first = Math.min(...[plan.commander === 'ana' ? plan.declared : Infinity, plan.acknowledged ?? Infinity]);
        const hour = new Date(first).getUTCHours();
        return weekend(first) || hour < 9 || hour >= 18;
      }).length,
    );

    const drills = planned.filter((plan) => plan.kind === 'DRILL' && inPeriod(plan, from, to));
    expect(drills.length).toBeGreaterThan(0);
    expect(reviewReport.drills.map((drill: { incidentId: string }) => drill.incidentId).sort()).toEqual(drills.map((plan) => plan.id).sort());

    expect(reviewReport.weeklyBySeverity).toEqual(
      ['2026-03-16', '2026-03-23'].map((weekStart, index) => {
        const week = current.filter((plan) => plan.week === index + 2);
        const count = (severity: string) => week.filter((plan) => plan.severity === severity).length;
        return { weekStart, sev1: count('SEV1'), sev2: count('SEV2'), sev3: count('SEV3'), sev4: count('SEV4'), sev5: 0, total: week.length };
      }),
    );
  });

  itWithChromium('renders the review report as an HTML page with both charts, in headless Chromium', async () => {
    const base = server.url.replace(/\/graphql$/, '');
    const path = '/reports/review?from=2026-03-02&to=2026-03-30&timeZone=Europe/Berlin';
    expect((await fetch(`${base}${path}`)).status).toBe(401);
    const ingest = await server.as('alertmanager', 'INGEST');
    expect((await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${ingest.key}` } })).status).toBe(403);
    const bad = await fetch(`${base}/reports/review?from=yesterday&to=2026-03-30`, { headers: { authorization: `Bearer ${viewer.key}` } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0].extensions.code).toBe('BAD_USER_INPUT');

    const counts = await withChromium(async (browser) => {
      const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
      await page.setExtraHTTPHeaders({ authorization: `Bearer ${viewer.key}` });
      const response = await page.goto(`${base}${path}`);
      expect(response?.status()).toBe(200);
      expect(response?.headers()['content-type']).toContain('text/html');
      const screenshot = artifactPath('review-report.png');
      await page.screenshot({ path: screenshot, fullPage: true });
      const bars = await page.locator('#chart-incidents-by-severity rect.bar').evaluateAll((rects) =>
        rects.map((rect) => {
          const box = rect.getBoundingClientRect();
          return { width: box.width, height: box.height, fill: (globalThis as unknown as PageGlobal).getComputedStyle(rect).fill };
        }),
      );
      const points = await page.locator('#chart-resolve-trend circle.point').count();
      const text = await page.locator('body').innerText();
      const { size } = statSync(screenshot);
      return { bars, points, text, size };
    });

    // One bar segment per week and severity with incidents; each drawn, and coloured by the page's own styles.
    const weeksWithSeverity = new Set(planned.filter(counted).map((plan) => `${plan.week}/${plan.severity}`));
    expect(counts.bars).toHaveLength(weeksWithSeverity.size);
    for (const bar of counts.bars) {
      expect(bar.width).toBeGreaterThan(0);
      expect(bar.height).toBeGreaterThan(0);
      expect(bar.fill).not.toBe('rgb(0, 0, 0)');
    }
    const weeksResolved = new Set(planned.filter((plan) => counted(plan) && plan.resolved !== null).map((plan) => plan.week));
    expect(counts.points).toBe(weeksResolved.size);
    expect(counts.text).toContain('Europe/Berlin');
    expect(counts.text).toContain(`${planned.filter(counted).length}`);
    expect(counts.size).toBeGreaterThan(10_000);
  });
});
