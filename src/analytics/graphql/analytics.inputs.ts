import { ActionItemStatus, INCIDENT_LIMITS, Severity } from '@incident-ledger/domain';
import { Field, InputType } from '@nestjs/graphql';
import { ArrayMaxSize, IsBoolean, IsEnum, IsOptional, IsString, MaxLength } from 'class-validator';
import { OptionalInstant, OptionalText } from '../../platform/graphql/input-fields';
import { TagList } from '../../incidents/graphql/incident.inputs';

@InputType({ description: 'Which incidents the metrics count: each list matches any of its values.' })
export class MetricsFilterInput {
  @OptionalInstant('Declared at or after this instant.')
  from?: Date | null;

  @OptionalInstant('Declared before this instant.')
  to?: Date | null;

  @Field(() => [Severity], { nullable: true })
  @IsOptional()
  @IsEnum(Severity, { each: true })
  severity?: Severity[] | null;

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @MaxLength(INCIDENT_LIMITS.serviceMaxLength, { each: true })
  service?: string[] | null;

  @TagList('Incidents with any of these tags.')
  tag?: string[] | null;

  @Field(() => Boolean, { nullable: true, defaultValue: false, description: 'Count drills too.' })
  @IsOptional()
  @IsBoolean()
  includeDrills?: boolean | null;

  @Field(() => Boolean, { nullable: true, defaultValue: false, description: 'Count merged duplicates too.' })
  @IsOptional()
  @IsBoolean()
  includeMerged?: boolean | null;

  @Field(() => Boolean, {
    nullable: true,
    defaultValue: false,
    description:
      'Count private incidents you are not a member of too: in the figures only, never listed and under no name (service and tag filters never match them; grouped by SERVICE, TAG or RESPONDER, they count in one private group).',
  })
  @IsOptional()
  @IsBoolean()
  includePrivate?: boolean | null;
}

@InputType()
export class ActionItemFilterInput {
  @Field(() => ActionItemStatus, { nullable: true, description: 'OPEN or DONE; both by default.' })
  @IsOptional()
  @IsEnum(ActionItemStatus)
  status?: ActionItemStatus | null;

  @OptionalText(INCIDENT_LIMITS.responderMaxLength, 'Only this owner’s items.')
  owner?: string | null;

  @Field(() => Boolean, { nullable: true, defaultValue: false, description: 'Only open items past their due date.' })
  @IsOptional()
  @IsBoolean()
  overdue?: boolean | null;
}
