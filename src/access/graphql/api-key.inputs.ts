import { AccessRole, API_KEY_NAME_MAX_LENGTH, INCIDENT_LIMITS } from '@incident-ledger/domain';
import { Field, ID, InputType } from '@nestjs/graphql';
import { OptionalText } from '../../platform/graphql/input-fields';
import { IsEnum, IsString, MaxLength, MinLength } from 'class-validator';

@InputType()
export class CreateApiKeyInput {
  @Field({ description: 'Who will use it: a person (as named in incident roles) or an integration.' })
  @IsString()
  @MinLength(1)
  @MaxLength(API_KEY_NAME_MAX_LENGTH)
  name!: string;

  @Field(() => AccessRole)
  @IsEnum(AccessRole)
  role!: AccessRole;
}

@InputType()
export class RevokeApiKeyInput {
  @Field(() => ID)
  @IsString()
  @MaxLength(100)
  keyId!: string;

  @OptionalText(INCIDENT_LIMITS.reasonMaxLength)
  reason?: string | null;
}
