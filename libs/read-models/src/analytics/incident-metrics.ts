import { IncidentKind, SERVICE_TIERS, ServiceTier, SEVERITIES, Severity } from '@incident-ledger/domain';
import { IncidentView } from '../incidents/incident-view';
import {
  IncidentMetric,
  IncidentMetricsResult,
  MetricsGroup,
  MetricsGrouping,
  MetricsPeriod,
  MetricSummaries,
  MetricSummary,
} from './analytics.types';
import { mostCriticalTierOf, NO_SERVICES, ownerTeamsOf, ServiceLookup } from './service-groupings';
import { periodStart } from './time-zones';

/**
 * Which incidents the metrics count. An incident belongs to the time range
 * by its declaration. Drills and merged duplicates are left out unless asked
 * for; private incidents count when the caller may see them (`visible`), or
 * all of them with `includePrivate`, in the figures only: a private incident
 * the caller may not see answers to no name (see isHidden).
 */
export interface IncidentSelection {
  /** Declared at or after. */
  from?: Date;
  /** Declared before. */
  to?: Date;
  severities?: readonly Severity[];
  /** Incidents affecting any of these services. */
  services?: readonly string[];
  /** Incidents with any of these tags. */
  tags?: readonly string[];
  includeDrills?: boolean;
  includeMerged?: boolean;
  includePrivate?: boolean;
  visible?: (incident: IncidentView) => boolean;
}

export interface MetricsGroupingOptions {
  groupBy?: MetricsGrouping;
  period?: MetricsPeriod;
  /** An IANA time zone: where days, weeks (from Monday) and months begin. */
  timeZone?: string;
  /** The catalogue, for OWNER_TEAM and SERVICE_TIER. */
  services?: ServiceLookup;
}

/**
 * What the metrics read of an incident, worked out once per version of its
 * view (views are replaced on change, never changed): its declaration and
 * its durations in seconds, as numbers, for passes over every incident.
 */
interface Measured {
  incident: IncidentView;
  declared: number;
  durations: Record<IncidentMetric, number | null>;
}

const measuredViews = new WeakMap<IncidentView, Measured>();

function measured(incident: IncidentView): Measured {
  let known = measuredViews.get(incident);
  if (!known) measuredViews.set(incident, (known = { incident, declared: Date.parse(incident.declaredAt), durations: measure(incident) }));
  return known;
}

export function selectIncidents(incidents: Iterable<IncidentView>, selection: IncidentSelection): IncidentView[] {
  return selectMeasured(incidents, selection).map((entry) => entry.incident);
}

/** The group of the private incidents the caller may not see, under whichever services, tags or people they name. */
export const PRIVATE_GROUP_KEY = '(private)';

/**
 * A private incident the caller may not see. With `includePrivate` it counts
 * in the figures, but answers to no name: a filter by service or tag never
 * matches it (a private name then answers like an unknown one), and a
 * grouping by service, tag or responder counts it only in the one
 * PRIVATE_GROUP_KEY group, never under a name, even one the caller knows
 * from other incidents (else the group's figures would tell which names
 * private incidents carry, and disagree with the filter by that name).
 */
function isHidden(incident: IncidentView, selection: IncidentSelection): boolean {
  return incident.private && selection.visible !== undefined && !selection.visible(incident);
}

function selectMeasured(incidents: Iterable<IncidentView>, selection: IncidentSelection): Measured[] {
  const from = selection.from?.getTime() ?? -Infinity;
  const to = selection.to?.getTime() ?? Infinity;
  const filtersByName = Boolean(selection.services?.length || selection.tags?.length);
  const selected: Measured[] = [];
  for (const incident of incidents) {
    const entry = measured(incident);
    const declared = entry.declared;
    if (declared < from || declared >= to) continue;
    if (!selection.includeDrills && incident.kind === IncidentKind.DRILL) continue;
    if (!selection.includeMerged && incident.mergedInto !== null) continue;
    if ((!selection.includePrivate || filtersByName) && isHidden(incident, selection)) continue;
    if (selection.severities?.length && !selection.severities.includes(incident.severity)) continue;
    if (selection.services?.length && !incident.services.some((service) => selection.services?.includes(service))) continue;
    if (selection.tags?.length && !incident.tags.some((tag) => selection.tags?.includes(tag))) continue;
    selected.push(entry);
  }
  return selected;
}

function between(from: string | null, to: string | null): number | null {
  if (from === null || to === null) return null;
  return (Date.parse(to) - Date.parse(from)) / 1000;
}

/**
 * When the incident started, for the metrics: the impact start, or the
 * declaration when no impact start is known.
 */
function incidentStart(incident: IncidentView): string {
  return incident.impactStartedAt ?? incident.declaredAt;
}

/**
 * One incident's durations in seconds, null where a moment is not reached
 * (or, for time to detect, where the impact start is unknown: detection is
 * then the first thing known, and measuring it from the declaration that
 * followed it would give a negative time). Corrections are already applied
 * to the view's moments.
 */
export function incidentDurations(incident: IncidentView): Record<IncidentMetric, number | null> {
  return measured(incident).durations;
}

function measure(incident: IncidentView): Record<IncidentMetric, number | null> {
  const start = incidentStart(incident);
  return {
    [IncidentMetric.TIME_TO_DETECT]: between(incident.impactStartedAt, incident.detectedAt),
    [IncidentMetric.TIME_TO_ACKNOWLEDGE]: between(incident.declaredAt, incident.acknowledgedAt),
    [IncidentMetric.TIME_TO_MITIGATE]: between(start, incident.mitigatedAt),
    [IncidentMetric.TIME_TO_RESOLVE]: between(start, incident.resolvedAt),
  };
}

/** The nearest-rank percentile of ascending `sorted`: the smallest value with at least p% of the values at or below it. */
export function percentile(sorted: ArrayLike<number>, p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}

/** The median: the middle value, or the mean of the two middle ones. */
export function median(sorted: ArrayLike<number>): number | null {
  if (sorted.length === 0) return null;
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export function summarize(values: readonly number[]): MetricSummary {
  if (values.length === 0) return { count: 0, mean: null, median: null, p90: null, p95: null, max: null };
  // A typed array sorts numerically, natively: several times faster than a comparator on large samples.
  const sorted = Float64Array.from(values).sort();
  let sum = 0;
  for (let index = 0; index < sorted.length; index++) sum += sorted[index];
  return {
    count: sorted.length,
    mean: sum / sorted.length,
    median: median(sorted),
    p90: percentile(sorted, 90),
    p95: percentile(sorted, 95),
    max: sorted[sorted.length - 1],
  };
}

export function summarizeIncidents(incidents: readonly IncidentView[]): MetricSummaries {
  return summarizeMeasured(incidents.map(measured));
}

function summarizeMeasured(entries: readonly Measured[]): MetricSummaries {
  const detect: number[] = [];
  const acknowledge: number[] = [];
  const mitigate: number[] = [];
  const resolve: number[] = [];
  for (const { durations } of entries) {
    if (durations.TIME_TO_DETECT !== null) detect.push(durations.TIME_TO_DETECT);
    if (durations.TIME_TO_ACKNOWLEDGE !== null) acknowledge.push(durations.TIME_TO_ACKNOWLEDGE);
    if (durations.TIME_TO_MITIGATE !== null) mitigate.push(durations.TIME_TO_MITIGATE);
    if (durations.TIME_TO_RESOLVE !== null) resolve.push(durations.TIME_TO_RESOLVE);
  }
  return {
    [IncidentMetric.TIME_TO_DETECT]: summarize(detect),
    [IncidentMetric.TIME_TO_ACKNOWLEDGE]: summarize(acknowledge),
    [IncidentMetric.TIME_TO_MITIGATE]: summarize(mitigate),
    [IncidentMetric.TIME_TO_RESOLVE]: summarize(resolve),
  };
}

/** The people who responded to an incident: whoever acknowledged it or held a role in it. */
export function incidentResponders(incident: IncidentView): string[] {
  const names = incident.engagements.map((engagement) => engagement.responder);
  if (incident.acknowledgedBy !== null) names.unshift(incident.acknowledgedBy);
  return [...new Set(names)];
}

/** Groupings whose keys are names (of services, tags, people), not severities or periods. */
const NAMED_GROUPINGS: ReadonlySet<MetricsGrouping | undefined> = new Set([
  MetricsGrouping.SERVICE,
  MetricsGrouping.TAG,
  MetricsGrouping.RESPONDER,
  MetricsGrouping.OWNER_TEAM,
]);

/** The keys an incident is grouped under: one for a severity and a period, any number for services, tags and responders. */
function groupKeys({ incident, declared }: Measured, options: MetricsGroupingOptions): string[] {
  switch (options.groupBy) {
    case MetricsGrouping.SEVERITY:
      return [incident.severity];
    case MetricsGrouping.HIGHEST_SEVERITY:
      return [incident.highestSeverity];
    case MetricsGrouping.SERVICE:
      return incident.services;
    case MetricsGrouping.TAG:
      return incident.tags;
    case MetricsGrouping.RESPONDER:
      return incidentResponders(incident);
    case MetricsGrouping.OWNER_TEAM:
      return ownerTeamsOf(incident, options.services ?? NO_SERVICES);
    case MetricsGrouping.SERVICE_TIER:
      return mostCriticalTierOf(incident, options.services ?? NO_SERVICES);
    case MetricsGrouping.PERIOD:
      return [periodStart(new Date(declared), options.period ?? MetricsPeriod.WEEK, options.timeZone ?? 'UTC')];
    default:
      return [];
  }
}

/** Severities in their order, periods in time order, the rest by size then name, and the private group last. */
function compareGroups(groupBy: MetricsGrouping): (a: MetricsGroup, b: MetricsGroup) => number {
  if (groupBy === MetricsGrouping.SEVERITY || groupBy === MetricsGrouping.HIGHEST_SEVERITY) {
    return (a, b) => SEVERITIES.indexOf(a.key as Severity) - SEVERITIES.indexOf(b.key as Severity);
  }
  if (groupBy === MetricsGrouping.SERVICE_TIER) return (a, b) => SERVICE_TIERS.indexOf(a.key as ServiceTier) - SERVICE_TIERS.indexOf(b.key as ServiceTier);
  if (groupBy === MetricsGrouping.PERIOD) return (a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
  return (a, b) => Number(a.private) - Number(b.private) || b.incidentCount - a.incidentCount || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}

/** The metrics over the selected incidents, overall and per group. */
export function incidentMetrics(
  incidents: Iterable<IncidentView>,
  selection: IncidentSelection,
  grouping: MetricsGroupingOptions = {},
): IncidentMetricsResult {
  const selected = selectMeasured(incidents, selection);
  const groups: MetricsGroup[] = [];
  if (grouping.groupBy) {
    const members = new Map<string, Measured[]>();
    // Apart from the named groups: a service, tag or person may be called "(private)" too.
    const hidden: Measured[] = [];
    const byName = NAMED_GROUPINGS.has(grouping.groupBy);
    for (const entry of selected) {
      const keys = groupKeys(entry, grouping);
      if (byName && keys.length > 0 && isHidden(entry.incident, selection)) {
        hidden.push(entry);
        continue;
      }
      for (const key of keys) {
        const group = members.get(key);
        if (group) group.push(entry);
        else members.set(key, [entry]);
      }
    }
    for (const [key, group] of members) groups.push({ key, private: false, incidentCount: group.length, metrics: summarizeMeasured(group) });
    if (hidden.length) groups.push({ key: PRIVATE_GROUP_KEY, private: true, incidentCount: hidden.length, metrics: summarizeMeasured(hidden) });
    groups.sort(compareGroups(grouping.groupBy));
  }
  return { incidentCount: selected.length, metrics: summarizeMeasured(selected), groups };
}
