import { ESCALATION_LIMITS as LIMITS, EscalationTargetKind, TeamPageMode } from '@incident-ledger/domain';
import { Field, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsIn, IsInt, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { CommandIdField, Text } from '../../platform/graphql/input-fields';
import { IncidentMutationInput } from '../../incidents/graphql/incident.inputs';
import { EscalationTargetKindEnum, TeamPageModeEnum } from './escalation.objects';

@InputType()
export class EscalationTargetInput {
  @Field(() => EscalationTargetKindEnum)
  @IsIn(Object.values(EscalationTargetKindEnum))
  kind!: EscalationTargetKind;

  @Text(LIMITS.idMaxLength, 'A schedule id, a person’s name or a team’s slug.')
  id!: string;

  @Field(() => TeamPageModeEnum, { nullable: true, description: 'TEAM targets only: ALL or ROUND_ROBIN.' })
  @IsOptional()
  @IsIn(Object.values(TeamPageModeEnum))
  mode?: TeamPageMode | null;
}

@InputType()
export class EscalationLevelInput {
  @Field(() => [EscalationTargetInput])
  @ArrayMaxSize(LIMITS.targetsMaxCount)
  @ValidateNested({ each: true })
  @Type(() => EscalationTargetInput)
  targets!: EscalationTargetInput[];

  @Field(() => Int, { description: `Minutes before the next level is paged (${LIMITS.delayMinutesMin} to ${LIMITS.delayMinutesMax}).` })
  @IsInt()
  delayMinutes!: number;
}

@InputType()
export class EscalationPolicyInput {
  @CommandIdField('Your id for this change: retrying with the same id writes nothing twice.')
  commandId?: string | null;

  @Text(LIMITS.idMaxLength, 'A slug (payments-primary).')
  id!: string;

  @Text(LIMITS.nameMaxLength)
  name!: string;

  @Text(LIMITS.idMaxLength, 'The owning team (slug).')
  ownerTeam!: string;

  @Field(() => [EscalationLevelInput])
  @ArrayMaxSize(LIMITS.levelsMaxCount)
  @ValidateNested({ each: true })
  @Type(() => EscalationLevelInput)
  levels!: EscalationLevelInput[];

  @Field(() => Int, { nullable: true, defaultValue: 0, description: `How many more times to go through every level after the first round (0 to ${LIMITS.repeatMax}).` })
  @IsOptional()
  @IsInt()
  repeat?: number;

  @Field(() => [String], { nullable: true, defaultValue: [], description: 'The services (slugs) it pages for; each service has one policy at most.' })
  @IsOptional()
  @ArrayMaxSize(LIMITS.servicesMaxCount)
  @IsString({ each: true })
  @MaxLength(LIMITS.idMaxLength, { each: true })
  services?: string[];
}

@InputType()
export class EscalateIncidentInput extends IncidentMutationInput {}

@InputType()
export class ReassignIncidentInput extends IncidentMutationInput {
  @Text(LIMITS.idMaxLength, 'The person to page.')
  person!: string;
}
