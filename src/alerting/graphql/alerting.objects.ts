import { ALERTING_LIMITS, AlertGroupStatus, AlertStatus, MATCH_OPERATORS, MatchOperator, ROUTING_LIMITS, Severity } from '@incident-ledger/domain';
import { MAX_LIST_SIZE_EXTENSION } from '../../platform/graphql/query-cost';
import { Extensions, Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { DateTimeScalar } from '../../platform/graphql/date-time.scalar';
import { AlertLinkObject } from '../../incidents/graphql/alert-link.object';
import { PageInfoObject } from '../../incidents/graphql/incident.object';
import '../../incidents/graphql/incident-enums';
import { enumOf } from '../../platform/graphql/enum-of';


export const MatchOperatorEnum = enumOf(MATCH_OPERATORS);
registerEnumType(MatchOperatorEnum, {
  name: 'MatchOperator',
  description: 'How a routing rule compares a field: EQUALS, NOT_EQUALS, or MATCHES / NOT_MATCHES a regular expression that must match the whole value (as Alertmanager’s =~).',
});

export const AlertGroupStatusEnum = enumOf<AlertGroupStatus>(['TRIGGERED', 'ACKNOWLEDGED', 'RESOLVED']);
registerEnumType(AlertGroupStatusEnum, { name: 'AlertGroupStatus' });

export const AlertStatusEnum = enumOf<AlertStatus>(['FIRING', 'RESOLVED']);
registerEnumType(AlertStatusEnum, { name: 'AlertStatus' });

export const AlertSourceEnum = enumOf(['ALERTMANAGER', 'GRAFANA', 'PAGERDUTY'] as const);
registerEnumType(AlertSourceEnum, { name: 'AlertSource', description: 'The payload formats the ledger reads: Alertmanager’s and Grafana’s webhooks, PagerDuty’s Events API v2.' });

@ObjectType('AlertMatcher')
export class AlertMatcherObject {
  @Field({ description: '`labels.<name>`, `annotations.<name>`, `summary`, `severity` (the sender’s word) or `source`.' })
  field!: string;

  @Field(() => MatchOperatorEnum)
  operator!: MatchOperator;

  @Field()
  value!: string;
}

@ObjectType('RoutingRule', { description: 'A rule of an integration: when all its matchers hold (the first such rule decides), what the alert becomes. What it leaves unset falls to the defaults.' })
export class RoutingRuleObject {
  @Field(() => String, { nullable: true })
  name!: string | null;

  @Field(() => [AlertMatcherObject])
  @Extensions({ [MAX_LIST_SIZE_EXTENSION]: ROUTING_LIMITS.matchersMaxCount })
  matchers!: AlertMatcherObject[];

  @Field(() => String, { nullable: true, description: 'The catalogue service the alert is about.' })
  service!: string | null;

  @Field(() => Severity, { nullable: true })
  severity!: Severity | null;

  @Field(() => String, { nullable: true, description: 'The title, from a template: `{{labels.alertname}} on {{labels.instance}}`.' })
  title!: string | null;
}

@ObjectType('Integration', { description: 'A monitoring sender of one catalogue service, with its own key (shown once) and routing rules.' })
export class IntegrationObject {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field({ description: 'The catalogue service its alerts are about unless a routing rule says otherwise.' })
  service!: string;

  @Field({ description: 'Resolve an incident when its alerts resolve, if no person has acted on it.' })
  autoResolve!: boolean;

  @Field({ description: 'A disabled integration’s key is refused (401).' })
  disabled!: boolean;

  @Field(() => [RoutingRuleObject])
  @Extensions({ [MAX_LIST_SIZE_EXTENSION]: ROUTING_LIMITS.rulesMaxCount })
  routingRules!: RoutingRuleObject[];

  @Field(() => DateTimeScalar)
  createdAt!: Date;

  @Field()
  createdBy!: string;

  @Field(() => DateTimeScalar, { nullable: true })
  keyRotatedAt!: Date | null;
}

@ObjectType('IntegrationWithKey')
export class IntegrationWithKeyObject {
  @Field(() => IntegrationObject)
  integration!: IntegrationObject;

  @Field({ description: 'The key, shown this once: 32 characters, the bearer credential of the webhooks and the routing_key of PagerDuty events. Only its hash is kept.' })
  key!: string;
}

@ObjectType('AlertLabel', { description: 'A label or an annotation of an alert.' })
export class AlertLabelObject {
  @Field()
  name!: string;

  @Field()
  value!: string;
}

@ObjectType('Alert', { description: 'One alert of a group, with the status it had last.' })
export class AlertObject {
  @Field()
  fingerprint!: string;

  @Field(() => AlertStatusEnum)
  status!: AlertStatus;

  @Field(() => [AlertLabelObject])
  @Extensions({ [MAX_LIST_SIZE_EXTENSION]: ALERTING_LIMITS.labelsMaxCount })
  labels!: AlertLabelObject[];

  @Field(() => [AlertLabelObject])
  @Extensions({ [MAX_LIST_SIZE_EXTENSION]: ALERTING_LIMITS.annotationsMaxCount })
  annotations!: AlertLabelObject[];

  @Field(() => String, { nullable: true })
  summary!: string | null;

  @Field(() => String, { nullable: true, description: 'The sender’s word for its severity (critical, warning…).' })
  senderSeverity!: string | null;

  @Field(() => DateTimeScalar, { nullable: true })
  startsAt!: Date | null;

  @Field(() => DateTimeScalar, { nullable: true })
  endsAt!: Date | null;

  @Field(() => [AlertLinkObject])
  @Extensions({ [MAX_LIST_SIZE_EXTENSION]: ALERTING_LIMITS.linksMaxCount })
  links!: AlertLinkObject[];

  @Field(() => DateTimeScalar)
  firstSeenAt!: Date;

  @Field(() => DateTimeScalar, { description: 'When its status last changed.' })
  changedAt!: Date;
}

@ObjectType('AlertGroup', { description: 'The alerts a sender groups together (Alertmanager’s groupKey, PagerDuty’s dedup_key): triggered, acknowledged, resolved, and triggered again.' })
export class AlertGroupObject {
  @Field(() => ID)
  id!: string;

  @Field()
  integrationId!: string;

  @Field()
  groupKey!: string;

  @Field()
  service!: string;

  @Field(() => Severity)
  severity!: Severity;

  @Field()
  title!: string;

  @Field(() => AlertGroupStatusEnum)
  status!: AlertGroupStatus;

  @Field(() => Int, { description: 'Counts from 1; one more each time it is triggered again after it resolved.' })
  episode!: number;

  @Field(() => Int, { description: 'Alerts the group has had (distinct fingerprints).' })
  alertCount!: number;

  @Field(() => Int)
  firingCount!: number;

  @Field(() => Int, { description: 'Alerts the sender left out of its last notification (Alertmanager’s max_alerts).' })
  truncatedAlerts!: number;

  @Field(() => DateTimeScalar)
  triggeredAt!: Date;

  @Field(() => DateTimeScalar, { nullable: true })
  acknowledgedAt!: Date | null;

  @Field(() => String, { nullable: true })
  acknowledgedBy!: string | null;

  @Field(() => DateTimeScalar, { nullable: true })
  resolvedAt!: Date | null;

  @Field(() => DateTimeScalar)
  lastReceivedAt!: Date;
}

@ObjectType('AlertGroupEdge')
export class AlertGroupEdgeObject {
  @Field()
  cursor!: string;

  @Field(() => AlertGroupObject)
  node!: AlertGroupObject;
}

@ObjectType('AlertGroupConnection')
export class AlertGroupConnectionObject {
  @Field(() => [AlertGroupEdgeObject])
  edges!: AlertGroupEdgeObject[];

  @Field(() => PageInfoObject)
  pageInfo!: PageInfoObject;

  @Field(() => Int)
  totalCount!: number;
}

@ObjectType('RoutedAlert', { description: 'What one alert of a payload becomes.' })
export class RoutedAlertObject {
  @Field()
  fingerprint!: string;

  @Field(() => AlertStatusEnum)
  status!: AlertStatus;

  @Field()
  service!: string;

  @Field(() => Severity)
  severity!: Severity;

  @Field({ description: 'Why this severity: a rule, the seed’s availability rule, the sender’s severity, or the default.' })
  severityReason!: string;

  @Field()
  title!: string;

  @Field(() => Int, { nullable: true, description: 'The rule that decided (from 1), or null for the defaults alone.' })
  rule!: number | null;
}

@ObjectType('RoutedAlertGroup', { description: 'What one group of a payload becomes: it goes where its most severe firing alert goes.' })
export class RoutedAlertGroupObject {
  @Field()
  alertGroupId!: string;

  @Field()
  groupKey!: string;

  @Field()
  service!: string;

  @Field(() => Severity)
  severity!: Severity;

  @Field()
  title!: string;

  @Field({ description: 'SEV1–SEV3: a triggered group declares an incident (or adds to its open one).' })
  startsIncident!: boolean;

  /** Every alert of the group; the API pages them (RoutedAlertGroupResolver), since a payload may hold 10,000. */
  alerts!: RoutedAlertObject[];
}
