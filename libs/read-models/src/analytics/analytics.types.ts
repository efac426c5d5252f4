import { IncidentKind, Severity } from '@incident-ledger/domain';
import { ActionItemView } from '../incidents/incident-view';

/** The four durations an incident review reads, in seconds. */
export enum IncidentMetric {
  TIME_TO_DETECT = 'TIME_TO_DETECT',
  TIME_TO_ACKNOWLEDGE = 'TIME_TO_ACKNOWLEDGE',
  TIME_TO_MITIGATE = 'TIME_TO_MITIGATE',
  TIME_TO_RESOLVE = 'TIME_TO_RESOLVE',
}

export const INCIDENT_METRICS: readonly IncidentMetric[] = Object.values(IncidentMetric);

/** Count and distribution of one metric over a set of incidents; every figure in seconds, null when count is 0. */
export interface MetricSummary {
  count: number;
  mean: number | null;
  median: number | null;
  p90: number | null;
  p95: number | null;
  max: number | null;
}

export type MetricSummaries = Record<IncidentMetric, MetricSummary>;

export enum MetricsGrouping {
  /** The incident's severity now. */
  SEVERITY = 'SEVERITY',
  /** The most severe level the incident reached, however it was changed after. */
  HIGHEST_SEVERITY = 'HIGHEST_SEVERITY',
  SERVICE = 'SERVICE',
  TAG = 'TAG',
  RESPONDER = 'RESPONDER',
  PERIOD = 'PERIOD',
  /** The teams owning the incident's catalogued services. */
  OWNER_TEAM = 'OWNER_TEAM',
  /** The most critical tier among the incident's catalogued services. */
  SERVICE_TIER = 'SERVICE_TIER',
}

export enum MetricsPeriod {
  DAY = 'DAY',
  WEEK = 'WEEK',
  MONTH = 'MONTH',
}

export interface MetricsGroup {
  /** The severity, service, tag or responder name; for periods, the first local day of the period (YYYY-MM-DD); PRIVATE_GROUP_KEY for the private group. */
  key: string;
  /** The one group of the private incidents the caller may not see, whatever names they carry (with includePrivate). */
  private: boolean;
  incidentCount: number;
  metrics: MetricSummaries;
}

export interface IncidentMetricsResult {
  incidentCount: number;
  metrics: MetricSummaries;
  groups: MetricsGroup[];
}

/** A metric over the period, against the previous period of equal length. */
export interface MetricTrend {
  metric: IncidentMetric;
  current: MetricSummary;
  previous: MetricSummary;
  /** (current mean − previous mean) / previous mean; null when either mean is missing or the previous one is 0. */
  meanChange: number | null;
}

export interface CountByKey {
  key: string;
  count: number;
}

export interface WeeklySeverityCount {
  /** The Monday the week starts on, in the report's time zone (YYYY-MM-DD). */
  weekStart: string;
  counts: Record<Severity, number>;
}

export interface ResolveTrendPoint {
  weekStart: string;
  /** Median time to resolve of the incidents declared that week, in seconds; null when none resolved. */
  median: number | null;
  count: number;
}

export interface RecurringProblem {
  kind: 'SERVICE' | 'CAUSE';
  key: string;
  incidentCount: number;
  /** The first `listLimit` of them. */
  incidentIds: string[];
}

/** An action item with its incident's title, for lists across incidents. */
export interface ActionItemLine extends ActionItemView {
  incidentTitle: string;
  /** Open and past its due date. */
  overdue: boolean;
}

export interface ResponderLoad {
  responder: string;
  incidentCount: number;
  /** Hours holding a role in an incident, within the period. */
  hoursEngaged: number;
  /** Incidents this person first engaged with (acknowledged or took a role) outside working hours. */
  outsideWorkingHours: number;
}

export interface DrillLine {
  incidentId: string;
  title: string;
  severity: Severity;
  declaredAt: string;
  kind: IncidentKind;
}

export interface ReviewReport {
  from: string;
  to: string;
  previousFrom: string;
  timeZone: string;
  generatedAt: string;
  incidentCount: number;
  /** By the severity each incident has now. */
  bySeverity: CountByKey[];
  /** By the most severe level each incident reached. */
  byHighestSeverity: CountByKey[];
  byService: CountByKey[];
  /** By the teams owning the incidents' catalogued services. */
  byOwnerTeam: CountByKey[];
  /** By the most critical tier among the incidents' catalogued services, TIER_1 first. */
  byServiceTier: CountByKey[];
  byCause: CountByKey[];
  metrics: MetricTrend[];
  recurringProblems: RecurringProblem[];
  /** The threshold used for recurring problems. */
  recurringThreshold: number;
  /** Open action items of the period's incidents: the first `listLimit`, soonest due first. */
  openActionItems: ActionItemLine[];
  openActionItemCount: number;
  /** Open action items past their due date, of any incident: the first `listLimit`. */
  overdueActionItems: ActionItemLine[];
  overdueActionItemCount: number;
  /** The most items any list of the report holds; the counts tell how many there are. */
  listLimit: number;
  responderLoad: ResponderLoad[];
  drills: DrillLine[];
  weeklyBySeverity: WeeklySeverityCount[];
  resolveTrend: ResolveTrendPoint[];
}
