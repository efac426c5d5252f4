import { ALERTING_LIMITS, AlertLink, IncidentKind, IncidentStatus, IncidentTimestamp, IncidentWarning, IncidentWarningCode, ReminderKind, ResponderRole, Severity, StatusUpdateAudience } from '@incident-ledger/domain';
import { ActionItemView, AttachedAlertGroupView, Engagement, IncidentReportView, IncidentView, StatusUpdateView, TimelineEntry } from '@incident-ledger/read-models';
import { Extensions, Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { MAX_LIST_SIZE_EXTENSION } from '../../platform/graphql/query-cost';
import { DateTimeScalar } from '../../platform/graphql/date-time.scalar';
import { AlertLinkObject } from './alert-link.object';
import { StatusUpdateAudienceEnum, TimelineEntryType } from './incident-enums';
import { ActionItemObject, EngagementObject, IncidentReportObject } from './review.objects';

@ObjectType('StatusUpdate', { description: 'A message about the incident for people inside or outside the organisation.' })
export class StatusUpdateObject implements StatusUpdateView {
  @Field(() => StatusUpdateAudienceEnum)
  audience!: StatusUpdateAudience;

  @Field()
  message!: string;

  @Field(() => IncidentStatus, { description: 'The incident status when the update was posted.' })
  status!: IncidentStatus;

  @Field(() => DateTimeScalar)
  postedAt!: string;

  @Field()
  postedBy!: string;
}

@ObjectType('IncidentWarning', { description: 'Something about the incident that looks wrong and deserves a second look; it refuses nothing.' })
export class IncidentWarningObject implements IncidentWarning {
  @Field(() => IncidentWarningCode)
  code!: IncidentWarningCode;

  @Field(() => IncidentTimestamp, { nullable: true, description: 'The moment it is about, when it is about one.' })
  timestamp!: IncidentTimestamp;

  @Field({ description: 'What looks wrong, and what to do about it.' })
  message!: string;
}

@ObjectType('AttachedAlertGroup', { description: 'An alert group attached to the incident, as it was when it last fired.' })
export class AttachedAlertGroupObject implements AttachedAlertGroupView {
  @Field()
  alertGroupId!: string;

  @Field({ description: 'The integration its alerts came in through.' })
  integrationId!: string;

  @Field()
  title!: string;

  @Field(() => Int, { description: 'How many alerts the group held when it was last attached.' })
  alertCount!: number;

  @Field(() => [AlertLinkObject], { description: "The alerts' runbooks, dashboards, silences and other links." })
  @Extensions({ [MAX_LIST_SIZE_EXTENSION]: ALERTING_LIMITS.linksMaxCount })
  links!: AlertLink[];

  @Field(() => DateTimeScalar, { description: 'When it was last attached: when it fired again, that time.' })
  attachedAt!: string;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When its alerts resolved; null while it fires.' })
  resolvedAt!: string | null;
}

@ObjectType('Incident')
export class IncidentObject implements IncidentView {
  @Field(() => ID)
  id!: string;

  @Field()
  title!: string;

  @Field(() => String, { nullable: true })
  description!: string | null;

  @Field(() => Severity)
  severity!: Severity;

  @Field(() => Severity, { description: 'The most severe level it has had; the metrics group by it with HIGHEST_SEVERITY.' })
  highestSeverity!: Severity;

  @Field(() => IncidentStatus)
  status!: IncidentStatus;

  @Field(() => [String], { description: 'The services affected.' })
  services!: string[];

  @Field(() => DateTimeScalar, { nullable: true, description: 'When users were first affected, if known.' })
  impactStartedAt!: string | null;

  @Field(() => DateTimeScalar, { description: 'When the problem was noticed.' })
  detectedAt!: string;

  @Field(() => DateTimeScalar)
  declaredAt!: string;

  @Field(() => DateTimeScalar, { nullable: true })
  acknowledgedAt!: string | null;

  @Field(() => DateTimeScalar, {
    nullable: true,
    description: 'First entry into MONITORING, or the resolution when MONITORING was skipped.',
  })
  mitigatedAt!: string | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'The latest resolution; cleared by a reopen.' })
  resolvedAt!: string | null;

  @Field(() => DateTimeScalar, { nullable: true })
  closedAt!: string | null;

  @Field()
  declaredBy!: string;

  @Field(() => String, { nullable: true })
  acknowledgedBy!: string | null;

  @Field(() => String, { nullable: true })
  commander!: string | null;

  @Field(() => String, { nullable: true })
  scribe!: string | null;

  @Field(() => String, { nullable: true })
  communicationsLead!: string | null;

  @Field(() => [String])
  subjectMatterExperts!: string[];

  @Field(() => String, { nullable: true })
  resolutionSummary!: string | null;

  @Field({ description: 'Visible only to its responders (who declared it, who holds a role in it) and admins.' })
  private!: boolean;

  @Field(() => IncidentKind)
  kind!: IncidentKind;

  @Field(() => [String], { description: 'Labels for grouping and metrics (lower case).' })
  tags!: string[];

  /** Resolved for each caller (see IncidentResolver): the ids of incidents they may not see are left out. */
  mergedInto!: string | null;

  duplicates!: string[];

  @Field(() => IncidentReportObject, { nullable: true, description: 'The incident report (postmortem), once a draft is saved.' })
  report!: IncidentReportView | null;

  @Field(() => [ActionItemObject], { description: 'Follow-up work, in the order it was added.' })
  actionItems!: ActionItemView[];

  @Field(() => [EngagementObject], { description: 'Who held which role, from when to when: responder load is counted from these.' })
  engagements!: Engagement[];

  @Field(() => [AttachedAlertGroupObject], { description: 'The alert groups attached to it, in the order they first were.' })
  alertGroups!: AttachedAlertGroupView[];

  @Field(() => StatusUpdateObject, { nullable: true })
  latestInternalUpdate!: StatusUpdateView | null;

  @Field(() => StatusUpdateObject, { nullable: true })
  latestExternalUpdate!: StatusUpdateView | null;

  @Field(() => Int, {
    description:
      'How many events the incident has, response and review alike; pass it as `expectedVersion` to act only on what you saw of the part you change.',
  })
  version!: number;

  position!: number;

  @Field(() => DateTimeScalar)
  updatedAt!: string;
}

@ObjectType('TimelineEntry', { description: 'One thing that happened during an incident.' })
export class TimelineEntryObject implements TimelineEntry {
  @Field(() => ID)
  incidentId!: string;

  @Field(() => Int, { description: 'The incident version once this happened (1 for the declaration): resume a feed after it.' })
  version!: number;

  @Field(() => Int, { description: 'Position in the global event log.' })
  position!: number;

  @Field(() => ID)
  eventId!: string;

  @Field(() => TimelineEntryType)
  type!: string;

  @Field(() => DateTimeScalar)
  occurredAt!: string;

  @Field()
  actor!: string;

  @Field({ description: 'The entry in one sentence.' })
  summary!: string;

  @Field(() => Severity, { nullable: true })
  severity!: Severity | null;

  @Field(() => Severity, { nullable: true })
  previousSeverity!: Severity | null;

  @Field(() => IncidentStatus, { nullable: true })
  status!: IncidentStatus | null;

  @Field(() => IncidentStatus, { nullable: true })
  previousStatus!: IncidentStatus | null;

  @Field(() => ResponderRole, { nullable: true })
  role!: ResponderRole | null;

  @Field(() => String, { nullable: true })
  responder!: string | null;

  @Field(() => String, { nullable: true })
  previousResponder!: string | null;

  @Field(() => String, { nullable: true, description: 'The note, message, summary or reason, when there is one.' })
  text!: string | null;

  @Field(() => StatusUpdateAudienceEnum, { nullable: true })
  audience!: StatusUpdateAudience | null;

  @Field(() => IncidentTimestamp, { nullable: true, description: 'For a correction: the moment corrected.' })
  correctedTimestamp!: IncidentTimestamp | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'For a correction: the time before it (null when it was unknown).' })
  correctedFrom!: string | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'For a correction: the time after it.' })
  correctedTo!: string | null;

  @Field(() => ID, { nullable: true, description: 'For a merge: the other incident (the survivor on the duplicate, the duplicate on the survivor).' })
  linkedIncidentId!: string | null;

  @Field(() => ID, { nullable: true, description: 'For an action item entry: which item.' })
  actionItemId!: string | null;

  @Field(() => [String], { nullable: true, description: 'For a tag change: the tags added.' })
  tags!: string[] | null;

  @Field(() => ReminderKind, { nullable: true, description: 'For a reminder sent or snoozed: of what.' })
  reminderKind!: ReminderKind | null;

  @Field(() => [String], { nullable: true, description: 'For a reminder sent: the people it went to.' })
  recipients!: string[] | null;

  @Field(() => String, { nullable: true, description: 'For an alert group attached or resolved: which group.' })
  alertGroupId!: string | null;
}

@ObjectType('PageInfo')
export class PageInfoObject {
  @Field()
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

@ObjectType('IncidentEdge')
export class IncidentEdgeObject {
  @Field()
  cursor!: string;

  @Field(() => IncidentObject)
  node!: IncidentView;
}

@ObjectType('IncidentConnection')
export class IncidentConnectionObject {
  @Field(() => [IncidentEdgeObject])
  edges!: IncidentEdgeObject[];

  @Field(() => PageInfoObject)
  pageInfo!: PageInfoObject;

  @Field(() => Int, { description: 'How many incidents match the filter in all.' })
  totalCount!: number;
}
