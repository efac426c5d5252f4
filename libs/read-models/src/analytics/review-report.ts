import { ActionItemStatus, IncidentKind, SERVICE_TIERS, ServiceTier, SEVERITIES, Severity } from '@incident-ledger/domain';
import { ActionItemView, IncidentView } from '../incidents/incident-view';
import {
  ActionItemLine,
  CountByKey,
  INCIDENT_METRICS,
  IncidentMetric,
  MetricTrend,
  RecurringProblem,
  ResponderLoad,
  ReviewReport,
} from './analytics.types';
import { incidentDurations, incidentResponders, median, selectIncidents, summarizeIncidents } from './incident-metrics';
import { mostCriticalTierOf, NO_SERVICES, ownerTeamsOf, ServiceLookup } from './service-groupings';
import { localTime, periodStart, weeksBetween } from './time-zones';
import { MetricsPeriod } from './analytics.types';

export interface WorkingHours {
  /** Local hour the working day starts (inclusive), 0-23. */
  startHour: number;
  /** Local hour it ends (exclusive), 1-24. */
  endHour: number;
}

export interface ReviewReportOptions {
  from: Date;
  to: Date;
  timeZone: string;
  /** A service or cause with at least this many incidents in the period is a recurring problem. */
  recurringThreshold: number;
  /** Monday to Friday between these hours, in `timeZone`. */
  workingHours: WorkingHours;
  /** The most items a list of the report holds (action items, a recurring problem's incident ids). */
  listLimit: number;
  /** What the caller may see: private incidents of others are left out of every part. */
  visible: (incident: IncidentView) => boolean;
  now: Date;
  /** The catalogue, for the counts by owner team and tier. */
  services?: ServiceLookup;
}

/** The incidents under each key (an incident counts once per key), in one pass. */
function groupBy(incidents: readonly IncidentView[], keys: (incident: IncidentView) => readonly string[]): Map<string, IncidentView[]> {
  const groups = new Map<string, IncidentView[]>();
  for (const incident of incidents) {
    for (const key of new Set(keys(incident))) {
      const group = groups.get(key);
      if (group) group.push(incident);
      else groups.set(key, [incident]);
    }
  }
  return groups;
}

/** A count for every severity, in severity order, none left out. */
function everySeverity(groups: Map<string, IncidentView[]>): CountByKey[] {
  return SEVERITIES.map((severity) => ({ key: severity, count: groups.get(severity)?.length ?? 0 }));
}

/** Largest first, then by name. */
function countBy(incidents: readonly IncidentView[], keys: (incident: IncidentView) => readonly string[]): CountByKey[] {
  return [...groupBy(incidents, keys)]
    .map(([key, group]) => ({ key, count: group.length }))
    .sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : 1));
}

const causesOf = (incident: IncidentView) => incident.report?.causeTags ?? [];

function recurring(incidents: readonly IncidentView[], threshold: number, listLimit: number): RecurringProblem[] {
  const problems: RecurringProblem[] = [];
  const sources: Array<[RecurringProblem['kind'], (incident: IncidentView) => readonly string[]]> = [
    ['SERVICE', (incident) => incident.services],
    ['CAUSE', causesOf],
  ];
  for (const [kind, keys] of sources) {
    for (const [key, group] of groupBy(incidents, keys)) {
      if (group.length >= threshold) problems.push({ kind, key, incidentCount: group.length, incidentIds: group.slice(0, listLimit).map((incident) => incident.id) });
    }
  }
  // Most incidents first; services before causes, then by name.
  return problems.sort((a, b) => b.incidentCount - a.incidentCount || b.kind.localeCompare(a.kind) || (a.key < b.key ? -1 : 1));
}

export interface ActionItemFilter {
  status?: ActionItemStatus;
  owner?: string;
  /** Only open items past their due date. */
  overdue?: boolean;
  /** Only items of incidents the caller may see. */
  visible?: (incident: IncidentView) => boolean;
}

export interface ActionItemList {
  /** The first `limit` matches, soonest due first, undated last. */
  lines: ActionItemLine[];
  /** How many match in all. */
  total: number;
}

/** The action items of `incidents` that match the filter. */
export function listActionItems(incidents: Iterable<IncidentView>, now: Date, filter: ActionItemFilter, limit = Infinity): ActionItemList {
  const found: Array<{ item: ActionItemView; incident: IncidentView; due: number; overdue: boolean }> = [];
  const nowMs = now.getTime();
  for (const incident of incidents) {
    if (filter.visible && !filter.visible(incident)) continue;
    for (const item of incident.actionItems) {
      if (filter.status && item.status !== filter.status) continue;
      if (filter.owner !== undefined && item.owner !== filter.owner) continue;
      const due = item.dueAt === null ? Infinity : Date.parse(item.dueAt);
      const overdue = item.status === ActionItemStatus.OPEN && due < nowMs;
      if (filter.overdue && !overdue) continue;
      found.push({ item, incident, due, overdue });
    }
  }
  found.sort((a, b) => a.due - b.due || (a.item.title < b.item.title ? -1 : a.item.title > b.item.title ? 1 : 0));
  const lines = found.slice(0, limit).map(({ item, incident, overdue }) => ({ ...item, incidentTitle: incident.title, overdue }));
  return { lines, total: found.length };
}

function outsideWorkingHours(instant: Date, timeZone: string, hours: WorkingHours): boolean {
  const local = localTime(instant, timeZone);
  const weekday = local.weekday >= 1 && local.weekday <= 5;
  return !weekday || local.hour < hours.startHour || local.hour >= hours.endHour;
}

/**
 * Per person: the period's incidents they responded to; the hours they held a
 * role, within the period (an open hold ends at the resolution, or now); and
 * the incidents they first engaged with (acknowledged or took a role)
 * outside working hours.
 */
function responderLoad(incidents: readonly IncidentView[], options: ReviewReportOptions): ResponderLoad[] {
  const load = new Map<string, ResponderLoad>();
  const entry = (responder: string) => {
    let line = load.get(responder);
    if (!line) load.set(responder, (line = { responder, incidentCount: 0, hoursEngaged: 0, outsideWorkingHours: 0 }));
    return line;
  };
  const [periodFrom, periodTo] = [options.from.getTime(), options.to.getTime()];
  for (const incident of incidents) {
    const ended = incident.resolvedAt ?? incident.closedAt;
    const openEnd = ended ? Date.parse(ended) : options.now.getTime();
    for (const responder of incidentResponders(incident)) {
      const line = entry(responder);
      line.incidentCount++;
      const starts = incident.engagements.filter((engagement) => engagement.responder === responder).map((engagement) => Date.parse(engagement.from));
      if (incident.acknowledgedBy === responder && incident.acknowledgedAt) starts.push(Date.parse(incident.acknowledgedAt));
      if (outsideWorkingHours(new Date(Math.min(...starts)), options.timeZone, options.workingHours)) line.outsideWorkingHours++;
    }
    for (const engagement of incident.engagements) {
      const from = Math.max(Date.parse(engagement.from), periodFrom);
      const to = Math.min(engagement.to ? Date.parse(engagement.to) : openEnd, periodTo);
      if (to > from) entry(engagement.responder).hoursEngaged += (to - from) / 3_600_000;
    }
  }
  return [...load.values()].sort((a, b) => b.incidentCount - a.incidentCount || b.hoursEngaged - a.hoursEngaged || a.responder.localeCompare(b.responder));
}

function trend(metric: IncidentMetric, current: ReturnType<typeof summarizeIncidents>, previous: ReturnType<typeof summarizeIncidents>): MetricTrend {
  const [now, before] = [current[metric].mean, previous[metric].mean];
  return {
    metric,
    current: current[metric],
    previous: previous[metric],
    meanChange: now === null || before === null || before === 0 ? null : (now - before) / before,
  };
}

/** The cross-incident review of a period, for the review meeting. */
export function buildReviewReport(all: readonly IncidentView[], options: ReviewReportOptions): ReviewReport {
  const { from, to, timeZone } = options;
  const services = options.services ?? NO_SERVICES;
  const previousFrom = new Date(from.getTime() - (to.getTime() - from.getTime()));
  // One pass over every incident for both periods, drills included; the split is over those few.
  const candidates = selectIncidents(all, { visible: options.visible, from: previousFrom, to, includeDrills: true });
  const inPeriod = (incident: IncidentView) => Date.parse(incident.declaredAt) >= from.getTime();
  const incidents = candidates.filter((incident) => incident.kind !== IncidentKind.DRILL && inPeriod(incident));
  const previous = candidates.filter((incident) => incident.kind !== IncidentKind.DRILL && !inPeriod(incident));
  const drills = candidates.filter((incident) => incident.kind === IncidentKind.DRILL && inPeriod(incident));
  const [currentMetrics, previousMetrics] = [summarizeIncidents(incidents), summarizeIncidents(previous)];

  const bySeverity = groupBy(incidents, (incident) => [incident.severity]);
  const byHighestSeverity = groupBy(incidents, (incident) => [incident.highestSeverity]);
  const byWeek = groupBy(incidents, (incident) => [periodStart(new Date(incident.declaredAt), MetricsPeriod.WEEK, timeZone)]);
  const weeks = weeksBetween(from, to, timeZone);
  const weeklyBySeverity = weeks.map((weekStart) => {
    const counts = Object.fromEntries(SEVERITIES.map((severity) => [severity, 0])) as Record<Severity, number>;
    for (const incident of byWeek.get(weekStart) ?? []) counts[incident.severity]++;
    return { weekStart, counts };
  });
  const resolveTrend = weeks.map((weekStart) => {
    const times = (byWeek.get(weekStart) ?? [])
      .map((incident) => incidentDurations(incident)[IncidentMetric.TIME_TO_RESOLVE])
      .filter((value): value is number => value !== null)
      .sort((a, b) => a - b);
    return { weekStart, median: median(times), count: times.length };
  });

  const open = listActionItems(incidents, options.now, { status: ActionItemStatus.OPEN }, options.listLimit);
  const overdue = listActionItems(all, options.now, { overdue: true, visible: options.visible }, options.listLimit);

  return {
    from: from.toISOString(),
    to: to.toISOString(),
    previousFrom: previousFrom.toISOString(),
    timeZone,
    generatedAt: options.now.toISOString(),
    incidentCount: incidents.length,
    bySeverity: everySeverity(bySeverity),
    byHighestSeverity: everySeverity(byHighestSeverity),
    byService: countBy(incidents, (incident) => incident.services),
    byOwnerTeam: countBy(incidents, (incident) => ownerTeamsOf(incident, services)),
    byServiceTier: countBy(incidents, (incident) => mostCriticalTierOf(incident, services)).sort(
      (a, b) => SERVICE_TIERS.indexOf(a.key as ServiceTier) - SERVICE_TIERS.indexOf(b.key as ServiceTier),
    ),
    byCause: countBy(incidents, causesOf),
    metrics: INCIDENT_METRICS.map((metric) => trend(metric, currentMetrics, previousMetrics)),
    recurringProblems: recurring(incidents, options.recurringThreshold, options.listLimit),
    recurringThreshold: options.recurringThreshold,
    openActionItems: open.lines,
    openActionItemCount: open.total,
    overdueActionItems: overdue.lines,
    overdueActionItemCount: overdue.total,
    listLimit: options.listLimit,
    responderLoad: responderLoad(incidents, options),
    drills: drills.map((drill) => ({ incidentId: drill.id, title: drill.title, severity: drill.severity, declaredAt: drill.declaredAt, kind: drill.kind })),
    weeklyBySeverity,
    resolveTrend,
  };
}
