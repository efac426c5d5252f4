import {
  ActionItemPriority,
  ActionItemSource,
  ActionItemType,
  INCIDENT_LIMITS,
  IncidentKind,
  IncidentStatus,
  IncidentTimestamp,
  ReminderKind,
  ResponderRole,
  Severity,
} from '@incident-ledger/domain';
import { applyDecorators } from '@nestjs/common';
import { Field, ID, InputType, Int } from '@nestjs/graphql';
import {
  ArrayMaxSize,
  IsBoolean,
  IsDate,
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { Type } from 'class-transformer';
import { ValidateNested } from 'class-validator';
import { DateTimeScalar } from '../../platform/graphql/date-time.scalar';
import { CommandIdField, OptionalInstant, OptionalText } from '../../platform/graphql/input-fields';
import { ID_MAX_LENGTH } from '../../platform/graphql/max-length.pipe';
import { StatusUpdateAudienceEnum } from './incident-enums';

/** An optional list of tags. */
export const TagList = (description: string) =>
  applyDecorators(
    Field(() => [String], { nullable: true, description }),
    IsOptional(),
    ArrayMaxSize(INCIDENT_LIMITS.tagsMaxCount),
    IsString({ each: true }),
    MaxLength(INCIDENT_LIMITS.tagMaxLength, { each: true }),
  );

/** What every mutation on an existing incident takes: which incident, and the two safety options. */
@InputType({ isAbstract: true })
export abstract class IncidentMutationInput {
  @Field(() => ID)
  @IsString()
  @MaxLength(ID_MAX_LENGTH)
  incidentId!: string;

  @Field(() => Int, {
    nullable: true,
    description:
      'The incident `version` you acted on: if the part of the incident this mutation changes has moved on since, nothing is written and ' +
      'CONFLICT (VERSION_CONFLICT, with `actualVersion` and the event types written since as `changes`) is returned. The two parts are the ' +
      'response (status, severity, roles, notes, status updates, visibility, merge) and the review (report, action items, timestamp ' +
      'corrections, tags, linked duplicates): work on one does not make a version stale for the other.',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  expectedVersion?: number | null;

  @CommandIdField('Your id for this command (letters, digits and . _ : -): retrying with the same id writes nothing twice.')
  commandId?: string | null;
}

@InputType()
export class DeclareIncidentInput {
  @Field({ description: `What is wrong, in a few words (at most ${INCIDENT_LIMITS.titleMaxLength} characters).` })
  @IsString()
  @MinLength(1, { message: 'title must not be empty' })
  @MaxLength(INCIDENT_LIMITS.titleMaxLength, { message: `title must be at most ${INCIDENT_LIMITS.titleMaxLength} characters` })
  title!: string;

  @Field(() => Severity)
  @IsEnum(Severity)
  severity!: Severity;

  @OptionalText(INCIDENT_LIMITS.descriptionMaxLength)
  description?: string | null;

  @Field(() => [String], { nullable: true, description: 'The services affected.' })
  @IsOptional()
  @ArrayMaxSize(INCIDENT_LIMITS.servicesMaxCount)
  @IsString({ each: true })
  @MaxLength(INCIDENT_LIMITS.serviceMaxLength, { each: true })
  services?: string[] | null;

  @OptionalInstant('When users were first affected, if known; may precede detection.')
  impactStartedAt?: Date | null;

  @OptionalInstant('When the problem was noticed; defaults to now.')
  detectedAt?: Date | null;

  @OptionalText(INCIDENT_LIMITS.responderMaxLength, 'Name the incident commander right away.')
  commander?: string | null;

  @Field(() => Boolean, {
    nullable: true,
    defaultValue: false,
    description: 'Visible only to its responders (who declared it, who holds a role in it) and admins: for security incidents.',
  })
  @IsOptional()
  @IsBoolean()
  private?: boolean | null;

  @Field(() => IncidentKind, { nullable: true, description: 'NORMAL by default; DRILL for practice (kept out of production metrics).' })
  @IsOptional()
  @IsEnum(IncidentKind)
  kind?: IncidentKind | null;

  @TagList('Labels for grouping and metrics (compared without case).')
  tags?: string[] | null;

  @CommandIdField('Your id for this command: retrying with the same id declares one incident, not two.')
  commandId?: string | null;
}

@InputType()
export class AcknowledgeIncidentInput extends IncidentMutationInput {}

@InputType()
export class ChangeIncidentSeverityInput extends IncidentMutationInput {
  @Field(() => Severity)
  @IsEnum(Severity)
  severity!: Severity;

  @OptionalText(INCIDENT_LIMITS.reasonMaxLength)
  reason?: string | null;
}

@InputType()
export class ChangeIncidentStatusInput extends IncidentMutationInput {
  @Field(() => IncidentStatus)
  @IsEnum(IncidentStatus)
  status!: IncidentStatus;

  @OptionalText(INCIDENT_LIMITS.reasonMaxLength, 'Kept with the change: the resolution summary, or why it is reopened.')
  note?: string | null;
}

@InputType()
export class ResolveIncidentInput extends IncidentMutationInput {
  @OptionalText(INCIDENT_LIMITS.reasonMaxLength, 'How the impact was ended.')
  summary?: string | null;
}

@InputType()
export class ReopenIncidentInput extends IncidentMutationInput {
  @OptionalText(INCIDENT_LIMITS.reasonMaxLength)
  reason?: string | null;
}

@InputType()
export class CloseIncidentInput extends IncidentMutationInput {}

@InputType()
export class IncidentRoleInput extends IncidentMutationInput {
  @Field(() => ResponderRole)
  @IsEnum(ResponderRole)
  role!: ResponderRole;

  @Field({ description: 'Who: a name, handle or e-mail address.' })
  @IsString()
  @MinLength(1)
  @MaxLength(INCIDENT_LIMITS.responderMaxLength)
  responder!: string;
}

@InputType()
export class AddTimelineNoteInput extends IncidentMutationInput {
  @Field()
  @IsString()
  @MinLength(1)
  @MaxLength(INCIDENT_LIMITS.noteMaxLength)
  text!: string;
}

@InputType()
export class PostStatusUpdateInput extends IncidentMutationInput {
  @Field(() => StatusUpdateAudienceEnum)
  @IsEnum(StatusUpdateAudienceEnum)
  audience!: StatusUpdateAudienceEnum;

  @Field()
  @IsString()
  @MinLength(1)
  @MaxLength(INCIDENT_LIMITS.statusUpdateMaxLength)
  message!: string;
}

@InputType()
export class ChangeIncidentVisibilityInput extends IncidentMutationInput {
  @Field({ description: 'True: only its responders and admins see it from now on. False: everyone with read access does.' })
  @IsBoolean()
  private!: boolean;
}

@InputType()
export class CorrectIncidentTimestampInput extends IncidentMutationInput {
  @Field(() => IncidentTimestamp)
  @IsEnum(IncidentTimestamp)
  field!: IncidentTimestamp;

  @Field(() => DateTimeScalar, { description: 'The right time: not in the future, and in order with the other moments.' })
  @Type(() => Date)
  @IsDate()
  to!: Date;

  @Field({ description: 'Why the recorded time was wrong (kept on the timeline).' })
  @IsString()
  @MinLength(1)
  @MaxLength(INCIDENT_LIMITS.reasonMaxLength)
  reason!: string;
}

@InputType()
export class SnoozeReminderInput extends IncidentMutationInput {
  @Field(() => ReminderKind, { description: 'Which reminders of this incident to postpone.' })
  @IsEnum(ReminderKind)
  kind!: ReminderKind;

  @Field(() => DateTimeScalar, { description: 'Not before this time: in the future, a week ahead at most.' })
  @Type(() => Date)
  @IsDate()
  until!: Date;
}

@InputType()
export class IncidentFilterInput {
  @Field(() => [IncidentStatus], { nullable: true })
  @IsOptional()
  @IsEnum(IncidentStatus, { each: true })
  status?: IncidentStatus[] | null;

  @Field(() => [Severity], { nullable: true })
  @IsOptional()
  @IsEnum(Severity, { each: true })
  severity?: Severity[] | null;

  @OptionalText(INCIDENT_LIMITS.serviceMaxLength, 'Incidents that affect this service.')
  service?: string | null;

  @Field(() => [IncidentKind], { nullable: true, description: 'NORMAL, DRILL or both (the default).' })
  @IsOptional()
  @IsEnum(IncidentKind, { each: true })
  kind?: IncidentKind[] | null;

  @OptionalInstant('Declared at or after this instant.')
  declaredFrom?: Date | null;

  @OptionalInstant('Declared before this instant.')
  declaredTo?: Date | null;
}

@InputType()
export class ChangeIncidentTagsInput extends IncidentMutationInput {
  @TagList('Tags to add.')
  add?: string[] | null;

  @TagList('Tags to remove.')
  remove?: string[] | null;
}

@InputType()
export class MergeIncidentInput extends IncidentMutationInput {
  @Field(() => ID, { description: 'The incident this one duplicates: it keeps counting, this one is closed and stops.' })
  @IsString()
  @MinLength(1)
  @MaxLength(ID_MAX_LENGTH)
  into!: string;
}

const Section = (description?: string) => OptionalText(INCIDENT_LIMITS.reportSectionMaxLength, description);

@InputType({ description: 'Sections to change: one left out keeps its text; null or an empty string clears it.' })
export class ReportContentInput {
  @Section()
  summary?: string | null;

  @Section()
  impact?: string | null;

  @Section()
  detection?: string | null;

  @Section()
  rootCause?: string | null;

  @Section()
  contributingFactors?: string | null;

  @Section()
  resolution?: string | null;

  @Section()
  whatWentWell?: string | null;

  @Section()
  whatWentWrong?: string | null;

  @Section()
  lessons?: string | null;
}

@InputType()
export class SaveIncidentReportInput extends IncidentMutationInput {
  @Field(() => ReportContentInput, { nullable: true, description: 'The internal version.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => ReportContentInput)
  internal?: ReportContentInput | null;

  @Field(() => ReportContentInput, { nullable: true, description: 'The external version, for customers.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => ReportContentInput)
  external?: ReportContentInput | null;

  @TagList('Cause categories (replace the current ones when given).')
  causeTags?: string[] | null;
}

@InputType()
export class PublishIncidentReportInput extends IncidentMutationInput {}

@InputType()
export class AddActionItemInput extends IncidentMutationInput {
  @Field()
  @IsString()
  @MinLength(1)
  @MaxLength(INCIDENT_LIMITS.actionItemTitleMaxLength)
  title!: string;

  @Field({ description: 'Who will do it.' })
  @IsString()
  @MinLength(1)
  @MaxLength(INCIDENT_LIMITS.responderMaxLength)
  owner!: string;

  @OptionalInstant('When it should be done: past that, it is overdue.')
  dueAt?: Date | null;

  @Field(() => ActionItemPriority, { nullable: true, description: 'MEDIUM by default.' })
  @IsOptional()
  @IsEnum(ActionItemPriority)
  priority?: ActionItemPriority | null;

  @Field(() => ActionItemType)
  @IsEnum(ActionItemType)
  type!: ActionItemType;

  @Field(() => ActionItemSource, { nullable: true, description: 'INCIDENT by default; REPORT for items the report found.' })
  @IsOptional()
  @IsEnum(ActionItemSource)
  source?: ActionItemSource | null;
}

@InputType()
export class CompleteActionItemInput extends IncidentMutationInput {
  @Field(() => ID)
  @IsString()
  @MaxLength(ID_MAX_LENGTH)
  actionItemId!: string;

  @OptionalText(INCIDENT_LIMITS.reasonMaxLength)
  note?: string | null;
}

@InputType()
export class ReopenActionItemInput extends IncidentMutationInput {
  @Field(() => ID)
  @IsString()
  @MaxLength(ID_MAX_LENGTH)
  actionItemId!: string;

  @OptionalText(INCIDENT_LIMITS.reasonMaxLength)
  reason?: string | null;
}
