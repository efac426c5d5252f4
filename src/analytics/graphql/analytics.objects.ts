import { IncidentKind, Severity } from '@incident-ledger/domain';
import {
  ActionItemLine,
  CountByKey,
  DrillLine,
  IncidentMetric,
  MetricSummaries,
  MetricSummary,
  PRIVATE_GROUP_KEY,
  RecurringProblem,
  ResolveTrendPoint,
  ResponderLoad,
  WeeklySeverityCount,
} from '@incident-ledger/read-models';
import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import './analytics-enums';
import { DateTimeScalar } from '../../platform/graphql/date-time.scalar';
import { ActionItemObject } from '../../incidents/graphql/review.objects';

@ObjectType('MetricSummary', { description: 'One metric over a set of incidents, in seconds; null when no incident had it.' })
export class MetricSummaryObject implements MetricSummary {
  @Field(() => Int, { description: 'How many incidents the figures are over.' })
  count!: number;

  @Field(() => Float, { nullable: true })
  mean!: number | null;

  @Field(() => Float, { nullable: true, description: 'The middle value, or the mean of the two middle ones.' })
  median!: number | null;

  @Field(() => Float, { nullable: true, description: 'Nearest-rank 90th percentile: the smallest value with at least 90% of values at or below it.' })
  p90!: number | null;

  @Field(() => Float, { nullable: true, description: 'Nearest-rank 95th percentile.' })
  p95!: number | null;

  @Field(() => Float, { nullable: true })
  max!: number | null;
}

@ObjectType('MetricSet', { description: 'The four metrics, each from the impact start (or the declaration when unknown), with corrected times.' })
export class MetricSetObject {
  @Field(() => MetricSummaryObject, { description: 'detectedAt − impactStartedAt (incidents with a known impact start only).' })
  timeToDetect!: MetricSummary;

  @Field(() => MetricSummaryObject, { description: 'acknowledgedAt − declaredAt.' })
  timeToAcknowledge!: MetricSummary;

  @Field(() => MetricSummaryObject, { description: 'mitigatedAt − impact start.' })
  timeToMitigate!: MetricSummary;

  @Field(() => MetricSummaryObject, { description: 'resolvedAt − impact start.' })
  timeToResolve!: MetricSummary;
}

export function toMetricSet(summaries: MetricSummaries): MetricSetObject {
  return {
    timeToDetect: summaries[IncidentMetric.TIME_TO_DETECT],
    timeToAcknowledge: summaries[IncidentMetric.TIME_TO_ACKNOWLEDGE],
    timeToMitigate: summaries[IncidentMetric.TIME_TO_MITIGATE],
    timeToResolve: summaries[IncidentMetric.TIME_TO_RESOLVE],
  };
}

@ObjectType('MetricsGroup')
export class MetricsGroupObject {
  @Field({
    description: `The severity, service, tag or responder; for periods, the first local day of the period (YYYY-MM-DD); ${PRIVATE_GROUP_KEY} for the private group.`,
  })
  key!: string;

  @Field({
    description: `True for the one group, last, of the private incidents you are not a member of (with includePrivate, grouped by SERVICE, TAG or RESPONDER): they count there, under key ${PRIVATE_GROUP_KEY}, and under none of their names.`,
  })
  private!: boolean;

  @Field(() => Int)
  incidentCount!: number;

  @Field(() => MetricSetObject)
  metrics!: MetricSetObject;
}

@ObjectType('IncidentMetrics')
export class IncidentMetricsObject {
  @Field(() => Int, { description: 'Incidents counted.' })
  incidentCount!: number;

  @Field(() => MetricSetObject)
  metrics!: MetricSetObject;

  @Field(() => [MetricsGroupObject], { description: 'Empty unless groupBy is given.' })
  groups!: MetricsGroupObject[];
}

@ObjectType('CountByKey')
export class CountByKeyObject implements CountByKey {
  @Field()
  key!: string;

  @Field(() => Int)
  count!: number;
}

@ObjectType('MetricTrend', { description: 'A metric in the period against the previous period of equal length.' })
export class MetricTrendObject {
  @Field(() => IncidentMetric)
  metric!: IncidentMetric;

  @Field(() => MetricSummaryObject)
  current!: MetricSummary;

  @Field(() => MetricSummaryObject)
  previous!: MetricSummary;

  @Field(() => Float, { nullable: true, description: '(current mean − previous mean) / previous mean: −0.25 is 25% faster.' })
  meanChange!: number | null;
}

@ObjectType('RecurringProblem', { description: 'A service or cause with at least the threshold of incidents in the period.' })
export class RecurringProblemObject implements RecurringProblem {
  @Field({ description: 'SERVICE or CAUSE.' })
  kind!: 'SERVICE' | 'CAUSE';

  @Field()
  key!: string;

  @Field(() => Int)
  incidentCount!: number;

  @Field(() => [ID], { description: 'The first `listLimit` of them.' })
  incidentIds!: string[];
}

@ObjectType('ActionItemLine', { description: 'An action item with its incident, for lists across incidents.' })
export class ActionItemLineObject extends ActionItemObject implements ActionItemLine {
  @Field()
  incidentTitle!: string;

  @Field({ description: 'Open and past its due date.' })
  overdue!: boolean;
}

@ObjectType('ResponderLoad')
export class ResponderLoadObject implements ResponderLoad {
  @Field()
  responder!: string;

  @Field(() => Int, { description: 'Incidents of the period they acknowledged or held a role in.' })
  incidentCount!: number;

  @Field(() => Float, { description: 'Hours holding a role, within the period.' })
  hoursEngaged!: number;

  @Field(() => Int, { description: 'Incidents they first engaged with outside working hours.' })
  outsideWorkingHours!: number;
}

@ObjectType('DrillLine')
export class DrillLineObject implements DrillLine {
  @Field(() => ID)
  incidentId!: string;

  @Field()
  title!: string;

  @Field(() => Severity)
  severity!: Severity;

  @Field(() => DateTimeScalar)
  declaredAt!: string;

  @Field(() => IncidentKind)
  kind!: IncidentKind;
}

@ObjectType('WeeklySeverityCount', { description: 'Incidents declared in one week, by severity.' })
export class WeeklySeverityCountObject {
  @Field({ description: 'The Monday the week starts on (YYYY-MM-DD), in the report time zone.' })
  weekStart!: string;

  @Field(() => Int)
  sev1!: number;

  @Field(() => Int)
  sev2!: number;

  @Field(() => Int)
  sev3!: number;

  @Field(() => Int)
  sev4!: number;

  @Field(() => Int)
  sev5!: number;

  @Field(() => Int)
  total!: number;
}

export function toWeeklySeverityCount(week: WeeklySeverityCount): WeeklySeverityCountObject {
  const { SEV1: sev1, SEV2: sev2, SEV3: sev3, SEV4: sev4, SEV5: sev5 } = week.counts;
  return { weekStart: week.weekStart, sev1, sev2, sev3, sev4, sev5, total: sev1 + sev2 + sev3 + sev4 + sev5 };
}

@ObjectType('ResolveTrendPoint')
export class ResolveTrendPointObject implements ResolveTrendPoint {
  @Field()
  weekStart!: string;

  @Field(() => Float, { nullable: true, description: 'Median time to resolve of the incidents declared that week, in seconds.' })
  median!: number | null;

  @Field(() => Int)
  count!: number;
}

@ObjectType('ReviewReportLink', { description: 'A short-lived link to the HTML review report. Its token is shown this once.' })
export class ReviewReportLinkObject {
  @Field({ description: 'The whole link, to open in a browser: this server as you reached it, and the path.' })
  url!: string;

  @Field({ description: 'The link from this server\'s root, for when the address you reached it at is not the one to share.' })
  path!: string;

  @Field(() => DateTimeScalar, { description: 'After this, the link opens nothing.' })
  expiresAt!: string;

  @Field(() => DateTimeScalar, { description: 'The period the report covers, settled when the link was made.' })
  from!: Date;

  @Field(() => DateTimeScalar)
  to!: Date;
}

@ObjectType('ReviewReport', { description: 'The cross-incident review of a period (drills, merged duplicates and private incidents of others left out).' })
export class ReviewReportObject {
  @Field(() => DateTimeScalar)
  from!: string;

  @Field(() => DateTimeScalar)
  to!: string;

  @Field(() => DateTimeScalar, { description: 'Start of the previous period of equal length, the trends compare with.' })
  previousFrom!: string;

  @Field()
  timeZone!: string;

  @Field(() => DateTimeScalar)
  generatedAt!: string;

  @Field(() => Int)
  incidentCount!: number;

  @Field(() => [CountByKeyObject], { description: 'By the severity each incident has now.' })
  bySeverity!: CountByKey[];

  @Field(() => [CountByKeyObject], { description: 'By the most severe level each incident reached: a SEV1 downgraded to SEV2 counts under SEV1.' })
  byHighestSeverity!: CountByKey[];

  @Field(() => [CountByKeyObject])
  byService!: CountByKey[];

  @Field(() => [CountByKeyObject], { description: "By the teams owning the incidents' catalogued services (an incident counts once per team)." })
  byOwnerTeam!: CountByKey[];

  @Field(() => [CountByKeyObject], { description: "By the most critical tier among the incidents' catalogued services, TIER_1 first." })
  byServiceTier!: CountByKey[];

  @Field(() => [CountByKeyObject], { description: 'By the cause tags of the incident reports.' })
  byCause!: CountByKey[];

  @Field(() => [MetricTrendObject])
  metrics!: MetricTrendObject[];

  @Field(() => [RecurringProblemObject])
  recurringProblems!: RecurringProblem[];

  @Field(() => Int)
  recurringThreshold!: number;

  @Field(() => [ActionItemLineObject], { description: 'Open action items of the period’s incidents, soonest due first: the first `listLimit`.' })
  openActionItems!: ActionItemLine[];

  @Field(() => Int)
  openActionItemCount!: number;

  @Field(() => [ActionItemLineObject], { description: 'Open action items past their due date, from any incident: the first `listLimit`.' })
  overdueActionItems!: ActionItemLine[];

  @Field(() => Int)
  overdueActionItemCount!: number;

  @Field(() => Int, { description: 'The most items a list of this report holds; the counts give the totals (the actionItems query lists them all).' })
  listLimit!: number;

  @Field(() => [ResponderLoadObject])
  responderLoad!: ResponderLoad[];

  @Field(() => [DrillLineObject], { description: 'Drills declared in the period.' })
  drills!: DrillLine[];

  @Field(() => [WeeklySeverityCountObject])
  weeklyBySeverity!: WeeklySeverityCountObject[];

  @Field(() => [ResolveTrendPointObject])
  resolveTrend!: ResolveTrendPoint[];
}
