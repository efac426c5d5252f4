import { ComponentStatus, MaintenanceStatus, PublicImpact, STATUSPAGE_LIMITS as LIMITS } from '@incident-ledger/domain';
import { Field, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsBoolean, IsDate, IsIn, IsInt, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { DateTimeScalar } from '../../platform/graphql/date-time.scalar';
import { CommandIdField, OptionalText, Text } from '../../platform/graphql/input-fields';
import { ComponentStatusEnum, MaintenanceStatusEnum, PublicImpactEnum } from './statuspage.objects';

const SLUG_MAX = 100;
const COMMAND_ID = 'Your id for this change: retrying with the same id writes nothing twice.';

@InputType()
export class StatusComponentInput {
  @CommandIdField(COMMAND_ID)
  commandId?: string | null;

  @Text(SLUG_MAX, 'A slug (api, eu-region): its id in the public API.')
  id!: string;

  @Text(LIMITS.name, 'Its public name.')
  name!: string;

  @OptionalText(LIMITS.description)
  description?: string | null;

  @OptionalText(SLUG_MAX, 'The group (its id) it is shown in.')
  groupId?: string | null;

  @OptionalText(SLUG_MAX, 'The catalogue service (slug) it stands for: for people, never shown.')
  service?: string | null;

  @Field(() => Int, { nullable: true, description: 'Its place among its siblings, from 1; after the last by default.' })
  @IsOptional()
  @IsInt()
  position?: number | null;

  @Field(() => Boolean, { nullable: true, description: 'Shown only while not operational. Default false.' })
  @IsOptional()
  @IsBoolean()
  onlyShowIfDegraded?: boolean | null;
}

@InputType()
export class StatusComponentGroupInput {
  @CommandIdField(COMMAND_ID)
  commandId?: string | null;

  @Text(SLUG_MAX, 'A slug: its id in the public API.')
  id!: string;

  @Text(LIMITS.name)
  name!: string;

  @OptionalText(LIMITS.description)
  description?: string | null;

  @Field(() => Int, { nullable: true, description: 'Its place among the top-level components and groups; after the last by default.' })
  @IsOptional()
  @IsInt()
  position?: number | null;
}

@InputType({ description: 'What to change; what is left out stays.' })
export class ChangeStatusComponentInput {
  @CommandIdField(COMMAND_ID)
  commandId?: string | null;

  @Text(SLUG_MAX)
  id!: string;

  @OptionalText(LIMITS.name)
  name?: string | null;

  @OptionalText(LIMITS.description, 'Empty removes it.')
  description?: string | null;

  @OptionalText(SLUG_MAX, 'Empty takes it out of its group.')
  groupId?: string | null;

  @OptionalText(SLUG_MAX, 'Empty unlinks it.')
  service?: string | null;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  position?: number | null;

  @Field(() => Boolean, { nullable: true })
  @IsOptional()
  @IsBoolean()
  onlyShowIfDegraded?: boolean | null;
}

@InputType()
export class SetComponentStatusInput {
  @CommandIdField(COMMAND_ID)
  commandId?: string | null;

  @Text(SLUG_MAX)
  id!: string;

  @Field(() => ComponentStatusEnum, { description: 'Holds until an incident or maintenance next moves the component.' })
  @IsIn(Object.values(ComponentStatusEnum))
  status!: ComponentStatus;
}

@InputType()
export class AffectedComponentInput {
  @Text(SLUG_MAX)
  componentId!: string;

  @Field(() => ComponentStatusEnum, { nullable: true, description: 'The state the incident puts it in while unresolved; by default the impact’s (MINOR: DEGRADED_PERFORMANCE, MAJOR: PARTIAL_OUTAGE, CRITICAL: MAJOR_OUTAGE).' })
  @IsOptional()
  @IsIn(Object.values(ComponentStatusEnum))
  status?: ComponentStatus | null;
}

@InputType()
export class PublishIncidentInput {
  @CommandIdField(COMMAND_ID)
  commandId?: string | null;

  @Text(SLUG_MAX * 2)
  incidentId!: string;

  @Text(LIMITS.name, 'The public title: customers read it, so say what they notice (“Checkout is slow”), not what broke inside.')
  name!: string;

  @Field(() => PublicImpactEnum)
  @IsIn(Object.values(PublicImpactEnum))
  impact!: PublicImpact;

  @Field(() => [AffectedComponentInput])
  @ArrayMaxSize(LIMITS.components)
  @ValidateNested({ each: true })
  @Type(() => AffectedComponentInput)
  components!: AffectedComponentInput[];

  @Text(LIMITS.message, 'The first public update. Later ones are the incident’s EXTERNAL status updates.')
  message!: string;
}

@InputType({ description: 'What to change; what is left out stays.' })
export class ChangePublicIncidentInput {
  @CommandIdField(COMMAND_ID)
  commandId?: string | null;

  @Text(SLUG_MAX * 2)
  incidentId!: string;

  @OptionalText(LIMITS.name)
  name?: string | null;

  @Field(() => PublicImpactEnum, { nullable: true })
  @IsOptional()
  @IsIn(Object.values(PublicImpactEnum))
  impact?: PublicImpact | null;

  @Field(() => [AffectedComponentInput], { nullable: true, description: 'All the components it affects now.' })
  @IsOptional()
  @ArrayMaxSize(LIMITS.components)
  @ValidateNested({ each: true })
  @Type(() => AffectedComponentInput)
  components?: AffectedComponentInput[] | null;
}

@InputType()
export class WithdrawPublicIncidentInput {
  @CommandIdField(COMMAND_ID)
  commandId?: string | null;

  @Text(SLUG_MAX * 2)
  incidentId!: string;

  @OptionalText(LIMITS.reason)
  reason?: string | null;
}

@InputType()
export class ScheduleMaintenanceInput {
  @CommandIdField(COMMAND_ID)
  commandId?: string | null;

  @Text(SLUG_MAX, 'A slug (db-upgrade-2027-03).')
  id!: string;

  @Text(LIMITS.name)
  name!: string;

  @Text(LIMITS.message, 'The announcement: its first public update.')
  message!: string;

  @Field(() => PublicImpactEnum, { nullable: true, description: 'Default MINOR.' })
  @IsOptional()
  @IsIn(Object.values(PublicImpactEnum))
  impact?: PublicImpact | null;

  @Field(() => [String], { description: 'The components under maintenance while it runs.' })
  @ArrayMaxSize(LIMITS.components)
  @IsString({ each: true })
  @MaxLength(SLUG_MAX, { each: true })
  components!: string[];

  @Field(() => DateTimeScalar)
  @Type(() => Date)
  @IsDate()
  scheduledFor!: Date;

  @Field(() => DateTimeScalar)
  @Type(() => Date)
  @IsDate()
  scheduledUntil!: Date;

  @Field(() => Boolean, { nullable: true, description: 'Started by the ledger at scheduledFor. Default true.' })
  @IsOptional()
  @IsBoolean()
  autoStart?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'Completed by the ledger at scheduledUntil. Default true.' })
  @IsOptional()
  @IsBoolean()
  autoComplete?: boolean | null;
}

@InputType()
export class UpdateMaintenanceInput {
  @CommandIdField(COMMAND_ID)
  commandId?: string | null;

  @Text(SLUG_MAX)
  id!: string;

  @Field(() => MaintenanceStatusEnum, { description: 'Forward only; the same status posts a note.' })
  @IsIn(Object.values(MaintenanceStatusEnum))
  status!: MaintenanceStatus;

  @Text(LIMITS.message)
  message!: string;
}

@InputType()
export class RescheduleMaintenanceInput {
  @CommandIdField(COMMAND_ID)
  commandId?: string | null;

  @Text(SLUG_MAX)
  id!: string;

  @Field(() => DateTimeScalar)
  @Type(() => Date)
  @IsDate()
  scheduledFor!: Date;

  @Field(() => DateTimeScalar)
  @Type(() => Date)
  @IsDate()
  scheduledUntil!: Date;
}

@InputType()
export class CancelMaintenanceInput {
  @CommandIdField(COMMAND_ID)
  commandId?: string | null;

  @Text(SLUG_MAX)
  id!: string;

  @OptionalText(LIMITS.reason)
  reason?: string | null;
}
