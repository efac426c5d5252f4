import { AlertGroupStatus, MatchOperator, ROUTING_LIMITS, Severity } from '@incident-ledger/domain';
import { Field, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsBoolean, IsIn, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { CommandIdField, OptionalText, Text } from '../../platform/graphql/input-fields';
import { AlertGroupStatusEnum, MatchOperatorEnum } from './alerting.objects';

const ID_LENGTH = 64;
const NAME_LENGTH = 200;

@InputType()
export class CreateIntegrationInput {
  @Text(ID_LENGTH, 'A slug: lower-case letters, digits and hyphens (prometheus-eu).')
  id!: string;

  @Text(NAME_LENGTH)
  name!: string;

  @Text(ID_LENGTH, 'The catalogue service (slug) its alerts are about unless a routing rule says otherwise.')
  service!: string;

  @Field({ nullable: true, defaultValue: false, description: 'Resolve an incident when its alerts resolve, if no person has acted on it. Off by default: resolving is a person’s decision.' })
  @IsOptional()
  @IsBoolean()
  autoResolve?: boolean;
}

@InputType()
export class ChangeIntegrationInput {
  @Text(ID_LENGTH)
  id!: string;

  @OptionalText(NAME_LENGTH)
  name?: string | null;

  @OptionalText(ID_LENGTH)
  service?: string | null;

  @Field(() => Boolean, { nullable: true })
  @IsOptional()
  @IsBoolean()
  autoResolve?: boolean | null;
}

@InputType()
export class AlertMatcherInput {
  @Text(ROUTING_LIMITS.fieldMaxLength, '`labels.<name>`, `annotations.<name>`, `summary`, `severity` (the sender’s word) or `source`.')
  field!: string;

  @Field(() => MatchOperatorEnum)
  @IsIn(Object.values(MatchOperatorEnum))
  operator!: MatchOperator;

  @Field()
  @IsString()
  @MaxLength(ROUTING_LIMITS.valueMaxLength)
  value!: string;
}

@InputType()
export class RoutingRuleInput {
  @OptionalText(ROUTING_LIMITS.ruleNameMaxLength)
  name?: string | null;

  @Field(() => [AlertMatcherInput], { nullable: true, defaultValue: [], description: 'All must hold; none matches every alert.' })
  @IsOptional()
  @ArrayMaxSize(ROUTING_LIMITS.matchersMaxCount)
  @ValidateNested({ each: true })
  @Type(() => AlertMatcherInput)
  matchers?: AlertMatcherInput[];

  @OptionalText(ID_LENGTH, 'A catalogue service (slug).')
  service?: string | null;

  @Field(() => Severity, { nullable: true })
  @IsOptional()
  @IsIn(Object.values(Severity))
  severity?: Severity | null;

  @OptionalText(ROUTING_LIMITS.titleTemplateMaxLength, 'A template: `{{labels.alertname}} on {{labels.instance}}`; also {{service}}.')
  title?: string | null;
}

@InputType()
export class AlertGroupFilterInput {
  @Field(() => AlertGroupStatusEnum, { nullable: true })
  @IsOptional()
  @IsIn(Object.values(AlertGroupStatusEnum))
  status?: AlertGroupStatus | null;

  @OptionalText(ID_LENGTH)
  integrationId?: string | null;

  @OptionalText(ID_LENGTH, 'A catalogue service (slug).')
  service?: string | null;

  @OptionalText(ID_LENGTH, 'The groups of this incident.')
  incidentId?: string | null;
}

@InputType()
export class DeclareIncidentFromAlertGroupInput {
  @CommandIdField('Your id for this declaration: retrying with the same id declares one incident.')
  commandId?: string | null;

  @Text(ID_LENGTH)
  alertGroupId!: string;

  @Field(() => Severity, { nullable: true, description: 'The incident’s severity; the group’s own by default.' })
  @IsOptional()
  @IsIn(Object.values(Severity))
  severity?: Severity | null;
}

@InputType()
export class AttachAlertGroupInput {
  @CommandIdField('Your id for this change: retrying with the same id writes nothing twice.')
  commandId?: string | null;

  @Text(ID_LENGTH)
  alertGroupId!: string;

  @Text(ID_LENGTH, 'An open incident.')
  incidentId!: string;
}
