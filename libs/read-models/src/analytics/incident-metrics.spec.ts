import { AccessRole, ActionItemType, IncidentKind, IncidentStatus, IncidentTimestamp, ResponderRole, ServiceTier, Severity } from '@incident-ledger/domain';
import { visibleTo } from '../incidents/incident-visibility';
import { IncidentMetric, MetricsGrouping, MetricsPeriod } from './analytics.types';
import { incidentDurations, incidentMetrics, median, percentile, PRIVATE_GROUP_KEY, summarize } from './incident-metrics';
import { buildReviewReport } from './review-report';
import { ServiceLookup } from './service-groupings';
import { after, IncidentFixtures } from './testing/incident-fixtures';
import { localTime, periodStart, startOfLocalDay, UnknownTimeZoneError, weeksBetween } from './time-zones';

// Monday 2 March 2026, 00:00 UTC: Sunday 1 March, 19:00 in New York (UTC-5 until 8 March).
const T0 = '2026-03-02T00:00:00.000Z';
const at = (minutes: number) => after(T0, minutes);
const viewer = visibleTo({ id: 'k', name: 'victor', role: AccessRole.VIEWER, kind: 'api-key' });

/**
 * The fixture every case reads, with its figures worked out by hand:
 *
 * | incident | impact | detected | declared | ack | mitigated | resolved | TTD | TTA | TTM | TTR |
 * | A SEV1 api, tag db | 0 | 10 | 15 | 20 | 45 (MONITORING) | 75 | 600 | 300 | 2700 | 4500 |
 * | B SEV2 api+web | — | 100 | 100 | 130 | 160 (= resolution) | 160 | — | 1800 | 3600 | 3600 |
 * | C SEV2 web, corrected | 160* | 190 | 200 | 205 | 240* | 250* | 1800 | 300 | 4800 | 5400 |
 * | G SEV3 web | — | 2880 | 2880 | — | 2910 | 2910 | — | — | 1800 | 1800 |
 * (minutes after T0; figures in seconds; * corrected after the close)
 * Left out by default: D (a drill), E (merged into A), F (private, mallory's).
 */
function fixtures(): IncidentFixtures {
  const f = new IncidentFixtures();
  f.run('A', at(15), { type: 'DeclareIncident', title: 'API down', severity: Severity.SEV1, services: ['api'], tags: ['db'], impactStartedAt: new Date(at(0)), detectedAt: new Date(at(10)) })
    .run('A', at(15), { type: 'AssignResponder', role: ResponderRole.INCIDENT_COMMANDER, responder: 'bob' })
    .run('A', at(20), { type: 'AcknowledgeIncident' }, 'alice')
    .run('A', at(45), { type: 'ChangeIncidentStatus', status: IncidentStatus.MONITORING })
    .run('A', at(75), { type: 'ResolveIncident' });
  f.run('B', at(100), { type: 'DeclareIncident', title: 'Slow pages', severity: Severity.SEV2, services: ['api', 'web'] })
    .run('B', at(130), { type: 'AcknowledgeIncident' }, 'carol')
    .run('B', at(160), { type: 'ResolveIncident' });
  f.run('C', at(200), { type: 'DeclareIncident', title: 'Login errors', severity: Severity.SEV2, services: ['web'], impactStartedAt: new Date(at(170)), detectedAt: new Date(at(190)) })
    .run('C', at(205), { type: 'AcknowledgeIncident' }, 'bob')
    .run('C', at(260), { type: 'CloseIncident' })
    .run('C', at(900), { type: 'CorrectIncidentTimestamp', field: IncidentTimestamp.IMPACT_STARTED, to: new Date(at(160)), reason: 'logs' })
    .run('C', at(900), { type: 'CorrectIncidentTimestamp', field: IncidentTimestamp.MITIGATED, to: new Date(at(240)), reason: 'graphs' })
    .run('C', at(900), { type: 'CorrectIncidentTimestamp', field: IncidentTimestamp.RESOLVED, to: new Date(at(250)), reason: 'graphs' });
  f.run('D', at(300), { type: 'DeclareIncident', title: 'Game day', severity: Severity.SEV3, kind: IncidentKind.DRILL })
    .run('D', at(301), { type: 'AcknowledgeIncident' })
    .run('D', at(310), { type: 'ResolveIncident' });
  f.run('E', at(30), { type: 'DeclareIncident', title: 'API down (again)', severity: Severity.SEV1, services: ['api'] })
    .run('E', at(31), { type: 'AcknowledgeIncident' })
    .run('E', at(40), { type: 'MergeIncident', into: 'A' });
  f.run('F', at(400), { type: 'DeclareIncident', title: 'Leaked token', severity: Severity.SEV1, private: true, services: ['auth'] }, 'mallory')
    .run('F', at(410), { type: 'AcknowledgeIncident' }, 'mallory')
    .run('F', at(500), { type: 'ResolveIncident' }, 'mallory');
  f.run('G', at(2880), { type: 'DeclareIncident', title: 'Queue backlog', severity: Severity.SEV3, services: ['web'] })
    .run('G', at(2910), { type: 'ResolveIncident' });
  return f;
}

describe('the metric math', () => {
  it('takes nearest-rank percentiles and the usual median', () => {
    const ten = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(percentile(ten, 90)).toBe(9);
    expect(percentile(ten, 95)).toBe(10);
    expect(percentile(ten, 50)).toBe(5);
    expect(percentile([42], 95)).toBe(42);
    expect(percentile([], 90)).toBeNull();
    expect(median(ten)).toBe(5.5);
    expect(median([3, 1, 2].sort())).toBe(2);
  });

  it('summarises unsorted samples', () => {
    expect(summarize([300, 1800, 300])).toEqual({ count: 3, mean: 800, median: 300, p90: 1800, p95: 1800, max: 1800 });
    expect(summarize([])).toEqual({ count: 0, mean: null, median: null, p90: null, p95: null, max: null });
  });

  it('measures each incident from its impact start, or its declaration when that is unknown, with corrected times', () => {
    const f = fixtures();
    expect(incidentDurations(f.get('A'))).toEqual({ TIME_TO_DETECT: 600, TIME_TO_ACKNOWLEDGE: 300, TIME_TO_MITIGATE: 2700, TIME_TO_RESOLVE: 4500 });
    expect(incidentDurations(f.get('B'))).toEqual({ TIME_TO_DETECT: null, TIME_TO_ACKNOWLEDGE: 1800, TIME_TO_MITIGATE: 3600, TIME_TO_RESOLVE: 3600 });
    expect(incidentDurations(f.get('C'))).toEqual({ TIME_TO_DETECT: 1800, TIME_TO_ACKNOWLEDGE: 300, TIME_TO_MITIGATE: 4800, TIME_TO_RESOLVE: 5400 });
    expect(incidentDurations(f.get('G'))).toEqual({ TIME_TO_DETECT: null, TIME_TO_ACKNOWLEDGE: null, TIME_TO_MITIGATE: 1800, TIME_TO_RESOLVE: 1800 });
  });

  it('leaves out drills, merged duplicates and private incidents the caller may not see, by default', () => {
    const result = incidentMetrics(fixtures().all(), { visible: viewer });
    expect(result.incidentCount).toBe(4);
    expect(result.metrics).toEqual({
      TIME_TO_DETECT: { count: 2, mean: 1200, median: 1200, p90: 1800, p95: 1800, max: 1800 },
      TIME_TO_ACKNOWLEDGE: { count: 3, mean: 800, median: 300, p90: 1800, p95: 1800, max: 1800 },
      TIME_TO_MITIGATE: { count: 4, mean: 3225, median: 3150, p90: 4800, p95: 4800, max: 4800 },
      TIME_TO_RESOLVE: { count: 4, mean: 3825, median: 4050, p90: 5400, p95: 5400, max: 5400 },
    });
  });

  it('includes each left-out kind on its flag', () => {
    const all = fixtures().all();
    const tta = (flags: object) => incidentMetrics(all, { visible: viewer, ...flags }).metrics[IncidentMetric.TIME_TO_ACKNOWLEDGE];
    // D acknowledged after 1 min, E after 1 min, F after 10 min.
    expect(tta({ includeDrills: true })).toMatchObject({ count: 4, mean: (300 + 1800 + 300 + 60) / 4 });
    expect(tta({ includeMerged: true })).toMatchObject({ count: 4, mean: (300 + 1800 + 300 + 60) / 4 });
    expect(tta({ includePrivate: true })).toMatchObject({ count: 4, mean: (300 + 1800 + 300 + 600) / 4, max: 1800 });
    // The private incident's own member sees it without the flag.
    const mallory = visibleTo({ id: 'm', name: 'mallory', role: AccessRole.RESPONDER, kind: 'api-key' });
    expect(incidentMetrics(all, { visible: mallory }).incidentCount).toBe(5);
  });

  it('filters by time range, severity, service and tag', () => {
    const all = fixtures().all();
    const ids = (selection: object) =>
      incidentMetrics(all, { visible: viewer, ...selection, includeDrills: true }).incidentCount;
    expect(ids({ from: new Date(at(100)), to: new Date(at(300)) })).toBe(2); // B, C (declared at 100 and 200)
    expect(ids({ from: new Date(at(100)), to: new Date(at(200)) })).toBe(1); // the end is exclusive
    expect(ids({ severities: [Severity.SEV2] })).toBe(2);
    expect(ids({ services: ['api'] })).toBe(2);
    expect(ids({ tags: ['db'] })).toBe(1);
  });

  it('groups by service, counting an incident under each of its services', () => {
    const { groups } = incidentMetrics(fixtures().all(), { visible: viewer }, { groupBy: MetricsGrouping.SERVICE });
    expect(groups.map((group) => [group.key, group.incidentCount])).toEqual([
      ['web', 3],
      ['api', 2],
    ]);
    expect(groups[1].metrics.TIME_TO_RESOLVE).toMatchObject({ count: 2, mean: 4050, max: 4500 });
  });

  it("groups by the catalogue: each owner team of an incident's services, and its most critical tier", () => {
    const catalogue: ServiceLookup = (slug) =>
      ({ api: { ownerTeam: 'platform', tier: ServiceTier.TIER_1 }, web: { ownerTeam: 'frontend', tier: ServiceTier.TIER_2 } })[slug];
    const keys = (groupBy: MetricsGrouping) =>
      incidentMetrics(fixtures().all(), { visible: viewer }, { groupBy, services: catalogue }).groups.map((group) => [group.key, group.incidentCount]);
    // B affects api and web: it counts under both teams, and under TIER_1 only.
    expect(keys(MetricsGrouping.OWNER_TEAM)).toEqual([
      ['frontend', 3],
      ['platform', 2],
    ]);
    expect(keys(MetricsGrouping.SERVICE_TIER)).toEqual([
      ['TIER_1', 2],
      ['TIER_2', 2],
    ]);
    // Without a catalogue, no incident has a team or a tier.
    expect(incidentMetrics(fixtures().all(), { visible: viewer }, { groupBy: MetricsGrouping.OWNER_TEAM }).groups).toEqual([]);
  });

  it('groups by severity in severity order, and by responder (who acknowledged or held a role)', () => {
    const all = fixtures().all();
    const bySeverity = incidentMetrics(all, { visible: viewer }, { groupBy: MetricsGrouping.SEVERITY }).groups;
    expect(bySeverity.map((group) => [group.key, group.incidentCount])).toEqual([
      ['SEV1', 1],
      ['SEV2', 2],
      ['SEV3', 1],
    ]);
    const byResponder = incidentMetrics(all, { visible: viewer }, { groupBy: MetricsGrouping.RESPONDER }).groups;
    expect(byResponder.map((group) => [group.key, group.incidentCount])).toEqual([
      ['bob', 2],
      ['alice', 1],
      ['carol', 1],
    ]);
    expect(byResponder[0].metrics.TIME_TO_ACKNOWLEDGE).toMatchObject({ count: 2, mean: 300 });
  });

  it('groups by the highest severity reached: a SEV1 downgraded to SEV3 counts under SEV1, and under SEV3 by its current severity', () => {
    const f = fixtures();
    // B was declared SEV2, raised to SEV1, then lowered to SEV3; A stays SEV1.
    f.run('B', at(170), { type: 'ChangeIncidentSeverity', severity: Severity.SEV1 }).run('B', at(180), { type: 'ChangeIncidentSeverity', severity: Severity.SEV3 });
    expect(f.get('B')).toMatchObject({ severity: Severity.SEV3, highestSeverity: Severity.SEV1 });
    const groups = (groupBy: MetricsGrouping) =>
      incidentMetrics(f.all(), { visible: viewer }, { groupBy }).groups.map((group) => [group.key, group.incidentCount, group.metrics.TIME_TO_RESOLVE.max]);
    expect(groups(MetricsGrouping.HIGHEST_SEVERITY)).toEqual([
      ['SEV1', 2, 4500],
      ['SEV2', 1, 5400],
      ['SEV3', 1, 1800],
    ]);
    expect(groups(MetricsGrouping.SEVERITY)).toEqual([
      ['SEV1', 1, 4500],
      ['SEV2', 1, 5400],
      ['SEV3', 2, 3600],
    ]);
  });

  describe('with includePrivate, for a caller who may not see the private incidents', () => {
    // F (mallory's: service auth, acknowledged by mallory) and P (mallory's: services web and vault, tag secret, commander trent).
    const withPrivate = () =>
      fixtures().run('P', at(600), { type: 'DeclareIncident', title: 'Vault sealed', severity: Severity.SEV2, private: true, services: ['web', 'vault'], tags: ['secret'] }, 'mallory')
        .run('P', at(601), { type: 'AssignResponder', role: ResponderRole.INCIDENT_COMMANDER, responder: 'trent' }, 'mallory')
        .run('P', at(660), { type: 'ResolveIncident' }, 'mallory')
        .all();
    const groups = (visible: typeof viewer, groupBy: MetricsGrouping) =>
      incidentMetrics(withPrivate(), { visible, includePrivate: true }, { groupBy }).groups.map((group) => [group.key, group.incidentCount, group.private]);
    const mallory = visibleTo({ id: 'm', name: 'mallory', role: AccessRole.RESPONDER, kind: 'api-key' });

    it('counts them only in one anonymous group under every grouping that names something, and last', () => {
      expect(groups(viewer, MetricsGrouping.SERVICE)).toEqual([['web', 3, false], ['api', 2, false], [PRIVATE_GROUP_KEY, 2, true]]);
      expect(groups(viewer, MetricsGrouping.TAG)).toEqual([['db', 1, false], [PRIVATE_GROUP_KEY, 1, true]]);
      expect(groups(viewer, MetricsGrouping.RESPONDER)).toEqual([['bob', 2, false], ['alice', 1, false], ['carol', 1, false], [PRIVATE_GROUP_KEY, 2, true]]);
      // Names of no kind: counted as they are.
      expect(groups(viewer, MetricsGrouping.SEVERITY)).toEqual([['SEV1', 2, false], ['SEV2', 3, false], ['SEV3', 1, false]]);
      const { incidentCount, groups: byService } = incidentMetrics(withPrivate(), { visible: viewer, includePrivate: true }, { groupBy: MetricsGrouping.SERVICE });
      expect(incidentCount).toBe(6);
      expect(byService.at(-1)?.metrics.TIME_TO_RESOLVE).toMatchObject({ count: 2, max: 6000 });
    });

    it('never matches them by a service or tag filter: a private name answers like an unknown one', () => {
      const count = (visible: typeof viewer, filter: object) => incidentMetrics(withPrivate(), { visible, includePrivate: true, ...filter }).incidentCount;
      expect(count(viewer, { tags: ['secret'] })).toBe(0);
      expect(count(viewer, { tags: ['no-such-tag'] })).toBe(0);
      expect(count(viewer, { services: ['vault'] })).toBe(0);
      expect(count(viewer, { services: ['auth'] })).toBe(0);
      expect(count(viewer, { services: ['web'] })).toBe(3); // B, C, G: not P
      expect(count(viewer, { severities: [Severity.SEV2] })).toBe(3); // B, C and P: a severity names nothing
      expect(count(mallory, { tags: ['secret'] })).toBe(1);
    });

    it('shows members and admins every name, as before', () => {
      expect(groups(mallory, MetricsGrouping.SERVICE)).toEqual([['web', 4, false], ['api', 2, false], ['auth', 1, false], ['vault', 1, false]]);
      const admin = visibleTo({ id: 'a', name: 'root', role: AccessRole.ADMIN, kind: 'api-key' });
      expect(groups(admin, MetricsGrouping.TAG)).toEqual([['db', 1, false], ['secret', 1, false]]);
    });
  });

  it('groups by day, week and month in the time zone asked for', () => {
    const all = fixtures().all();
    const keys = (period: MetricsPeriod, timeZone: string) =>
      incidentMetrics(all, { visible: viewer }, { groupBy: MetricsGrouping.PERIOD, period, timeZone }).groups.map((group) => [group.key, group.incidentCount]);
    expect(keys(MetricsPeriod.DAY, 'UTC')).toEqual([['2026-03-02', 3], ['2026-03-04', 1]]);
    expect(keys(MetricsPeriod.DAY, 'America/New_York')).toEqual([['2026-03-01', 3], ['2026-03-03', 1]]);
    // 1 March 2026 is a Sunday: in New York, A, B and C fall in the week that began on Monday 23 February.
    expect(keys(MetricsPeriod.WEEK, 'America/New_York')).toEqual([['2026-02-23', 3], ['2026-03-02', 1]]);
    expect(keys(MetricsPeriod.WEEK, 'UTC')).toEqual([['2026-03-02', 4]]);
    expect(keys(MetricsPeriod.MONTH, 'America/New_York')).toEqual([['2026-03-01', 4]]);
    expect(keys(MetricsPeriod.MONTH, 'Pacific/Kiritimati')).toEqual([['2026-03-01', 4]]);
  });

  it('knows the weeks of a period and refuses unknown time zones', () => {
    expect(weeksBetween(new Date('2026-03-01T00:00:00Z'), new Date('2026-03-16T00:00:00Z'), 'UTC')).toEqual(['2026-02-23', '2026-03-02', '2026-03-09']);
    expect(periodStart(new Date('2026-03-08T06:59:00Z'), MetricsPeriod.DAY, 'America/Los_Angeles')).toBe('2026-03-07');
    expect(() => periodStart(new Date(T0), MetricsPeriod.DAY, 'Mars/Olympus')).toThrow(UnknownTimeZoneError);
    expect(startOfLocalDay('2026-03-30', 'Europe/Berlin').toISOString()).toBe('2026-03-29T22:00:00.000Z'); // summer time from 29 March
    expect(startOfLocalDay('2026-03-02', 'Europe/Berlin').toISOString()).toBe('2026-03-01T23:00:00.000Z');
    expect(startOfLocalDay('2026-11-01', 'America/New_York').toISOString()).toBe('2026-11-01T04:00:00.000Z'); // the day daylight time ends
    expect(startOfLocalDay('2026-03-02', 'Asia/Kolkata').toISOString()).toBe('2026-03-01T18:30:00.000Z');
  });
});

describe('local time', () => {
  it('agrees with the runtime time zone data, across transitions and odd offsets', () => {
    const zones = ['Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'Pacific/Chatham', 'UTC'];
    let seed = 7;
    const next = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let i = 0; i < 3000; i++) {
      const instant = new Date(Date.parse('2026-01-01T00:00:00Z') + Math.floor(next() * 365 * 86_400_000));
      const timeZone = zones[i % zones.length];
      const parts = Object.fromEntries(
        new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' })
          .formatToParts(instant)
          .map((part) => [part.type, part.value]),
      );
      const local = localTime(instant, timeZone);
      expect([local.year, local.month, local.day, local.hour, local.minute]).toEqual([parts.year, parts.month, parts.day, parts.hour, parts.minute].map(Number));
    }
  });
});

describe('the review report', () => {
  it('counts the period, compares metrics with the previous one, and finds recurring problems, load and drills', () => {
    const f = fixtures();
    // A week later: one more web incident, with a cause and an overdue action item.
    f.run('H', at(10_080 + 60), { type: 'DeclareIncident', title: 'Web 500s', severity: Severity.SEV2, services: ['web'] })
      .run('H', at(10_080 + 70), { type: 'AcknowledgeIncident' }, 'dave')
      .run('H', at(10_080 + 70), { type: 'AssignResponder', role: ResponderRole.INCIDENT_COMMANDER, responder: 'dave' })
      .run('H', at(10_080 + 130), { type: 'ResolveIncident' })
      .run('H', at(10_080 + 140), { type: 'SaveIncidentReport', causeTags: ['deploy'] })
      .run('H', at(10_080 + 140), { type: 'AddActionItem', actionItemId: 'h1', title: 'Canary deploys', owner: 'dave', actionType: ActionItemType.PREVENT, dueAt: new Date(at(10_080 + 1440)) });
    const review = (from: string, to: string, recurringThreshold: number) =>
      buildReviewReport(f.all(), {
        from: new Date(from),
        to: new Date(to),
        timeZone: 'UTC',
        recurringThreshold,
        listLimit: 100,
        workingHours: { startHour: 9, endHour: 18 },
        visible: viewer,
        now: new Date(at(10_080 + 3000)),
      });
    const report = review('2026-03-09T00:00:00Z', '2026-03-16T00:00:00Z', 1);
    expect(report.incidentCount).toBe(1);
    expect(report.previousFrom).toBe('2026-03-02T00:00:00.000Z');
    const ttr = report.metrics.find((trend) => trend.metric === IncidentMetric.TIME_TO_RESOLVE);
    // H: 70 min; the week before: A, B, C, G with a mean of 3825 s.
    expect(ttr).toMatchObject({ current: { count: 1, mean: 4200 }, previous: { count: 4, mean: 3825 } });
    expect(ttr?.meanChange).toBeCloseTo((4200 - 3825) / 3825, 10);
    expect(report.byCause).toEqual([{ key: 'deploy', count: 1 }]);
    expect(report.recurringProblems).toEqual([
      { kind: 'SERVICE', key: 'web', incidentCount: 1, incidentIds: ['H'] },
      { kind: 'CAUSE', key: 'deploy', incidentCount: 1, incidentIds: ['H'] },
    ]);
    expect(report.overdueActionItems.map((item) => item.id)).toEqual(['h1']);
    // dave: acknowledged at 02:10 UTC on a Monday (outside 9-18), commander for the hour until the resolution.
    expect(report.responderLoad).toEqual([{ responder: 'dave', incidentCount: 1, hoursEngaged: 1, outsideWorkingHours: 1 }]);
    expect(report.weeklyBySeverity).toEqual([{ weekStart: '2026-03-09', counts: { SEV1: 0, SEV2: 1, SEV3: 0, SEV4: 0, SEV5: 0 } }]);
    expect(report.resolveTrend).toEqual([{ weekStart: '2026-03-09', median: 4200, count: 1 }]);

    const previousWeek = review('2026-03-02T00:00:00Z', '2026-03-09T00:00:00Z', 3);
    expect(previousWeek.drills.map((drill) => drill.incidentId)).toEqual(['D']);
    expect(previousWeek.recurringProblems).toEqual([{ kind: 'SERVICE', key: 'web', incidentCount: 3, incidentIds: expect.arrayContaining(['B', 'C', 'G']) }]);
    expect(previousWeek.bySeverity.find((line) => line.key === 'SEV1')?.count).toBe(1); // A only: E merged, F private
    // B raised to SEV1 and lowered back: counted under SEV2 as it is now, under SEV1 as the highest it reached.
    f.run('B', at(170), { type: 'ChangeIncidentSeverity', severity: Severity.SEV1 }).run('B', at(180), { type: 'ChangeIncidentSeverity', severity: Severity.SEV2 });
    const downgraded = review('2026-03-02T00:00:00Z', '2026-03-09T00:00:00Z', 3);
    expect(downgraded.bySeverity.slice(0, 2)).toEqual([
      { key: 'SEV1', count: 1 },
      { key: 'SEV2', count: 2 },
    ]);
    expect(downgraded.byHighestSeverity.slice(0, 2)).toEqual([
      { key: 'SEV1', count: 2 },
      { key: 'SEV2', count: 1 },
    ]);
  });
});
