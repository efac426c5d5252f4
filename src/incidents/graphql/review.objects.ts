import {
  ActionItemPriority,
  ActionItemSource,
  ActionItemStatus,
  ActionItemType,
  ReportContent,
  ReportStatus,
  ResponderRole,
} from '@incident-ledger/domain';
import { ActionItemView, Engagement, IncidentReportView } from '@incident-ledger/read-models';
import {
  Field,
  ID,
  Int,
  ObjectType,
} from '@nestjs/graphql';
import { DateTimeScalar } from '../../platform/graphql/date-time.scalar';

@ObjectType('ReportContent', { description: 'One version of the incident report; a section is null until written.' })
export class ReportContentObject implements ReportContent {
  @Field(() => String, { nullable: true, description: 'What happened, in a few sentences.' })
  summary!: string | null;

  @Field(() => String, { nullable: true, description: 'Who and what was affected, how much and for how long.' })
  impact!: string | null;

  @Field(() => String, { nullable: true, description: 'How the problem was noticed, and how it could have been noticed sooner.' })
  detection!: string | null;

  @Field(() => String, { nullable: true })
  rootCause!: string | null;

  @Field(() => String, { nullable: true })
  contributingFactors!: string | null;

  @Field(() => String, { nullable: true, description: 'How the impact was ended.' })
  resolution!: string | null;

  @Field(() => String, { nullable: true })
  whatWentWell!: string | null;

  @Field(() => String, { nullable: true })
  whatWentWrong!: string | null;

  @Field(() => String, { nullable: true })
  lessons!: string | null;
}

@ObjectType('IncidentReport', { description: 'The incident report (postmortem): an internal version, and an external one for customers.' })
export class IncidentReportObject implements IncidentReportView {
  @Field(() => Int, { description: 'Counts the drafts saved.' })
  revision!: number;

  @Field(() => ReportStatus)
  status!: ReportStatus;

  @Field(() => ReportContentObject)
  internal!: ReportContent;

  @Field(() => ReportContentObject, { description: 'What customers may read: the status page version.' })
  external!: ReportContent;

  @Field(() => [String], { description: 'Cause categories, for the review report.' })
  causeTags!: string[];

  @Field(() => DateTimeScalar)
  updatedAt!: string;

  @Field()
  updatedBy!: string;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the current revision was published; null while it is a draft.' })
  publishedAt!: string | null;

  @Field(() => String, { nullable: true })
  publishedBy!: string | null;
}

@ObjectType('ActionItem', { description: 'Follow-up work from an incident or its report.' })
export class ActionItemObject implements ActionItemView {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  incidentId!: string;

  @Field()
  title!: string;

  @Field()
  owner!: string;

  @Field(() => DateTimeScalar, { nullable: true })
  dueAt!: string | null;

  @Field(() => ActionItemPriority)
  priority!: ActionItemPriority;

  @Field(() => ActionItemType)
  type!: ActionItemType;

  @Field(() => ActionItemSource)
  source!: ActionItemSource;

  @Field(() => ActionItemStatus)
  status!: ActionItemStatus;

  @Field(() => DateTimeScalar)
  createdAt!: string;

  @Field()
  createdBy!: string;

  @Field(() => DateTimeScalar, { nullable: true })
  completedAt!: string | null;

  @Field(() => String, { nullable: true })
  completedBy!: string | null;
}

@ObjectType('Engagement', { description: 'A stretch of time someone held a responder role.' })
export class EngagementObject implements Engagement {
  @Field()
  responder!: string;

  @Field(() => ResponderRole)
  role!: ResponderRole;

  @Field(() => DateTimeScalar)
  from!: string;

  @Field(() => DateTimeScalar, { nullable: true, description: 'Null while they hold it.' })
  to!: string | null;
}
