import { CATALOGUE_LIMITS as LIMITS, ServiceLifecycle, ServiceTier } from '@incident-ledger/domain';
import { Field, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsEnum, IsOptional, ValidateNested } from 'class-validator';
import { CommandIdField, OptionalStrings, OptionalText, Text } from '../../platform/graphql/input-fields';

// Shapes and sizes are checked here, before anything runs; what the values must be
// (slug format, https runbooks, existing owners, no cycles) is the domain's to decide.

/** The mutations' `commandId`: a retry with the same id writes nothing twice. */
@InputType({ isAbstract: true })
abstract class CatalogueMutationInput {
  @CommandIdField('Your id for this change (letters, digits and . _ : -): retrying with the same id writes nothing twice; the same id with another change is refused.')
  commandId?: string | null;
}

/** An optional list of titled links. */
const OptionalLinks = (description: string) => (target: object, key: string) => {
  Field(() => [CatalogueLinkInput], { nullable: true, description })(target, key);
  IsOptional()(target, key);
  ArrayMaxSize(LIMITS.linksMaxCount)(target, key);
  ValidateNested({ each: true })(target, key);
  Type(() => CatalogueLinkInput)(target, key);
};

@InputType()
export class CatalogueLinkInput {
  @Text(LIMITS.linkTitleMaxLength)
  title!: string;

  @Text(LIMITS.urlMaxLength)
  url!: string;
}

@InputType()
export class ServiceFilterInput {
  @Field(() => ServiceTier, { nullable: true })
  @IsOptional()
  @IsEnum(ServiceTier)
  tier?: ServiceTier | null;

  @OptionalText(LIMITS.slugMaxLength, "The owner team's slug.")
  team?: string | null;

  @OptionalText(LIMITS.tagMaxLength)
  tag?: string | null;

  @OptionalText(LIMITS.nameMaxLength, 'Case-insensitive, in the slug, the name or the description.')
  search?: string | null;
}

@InputType()
export class RegisterServiceInput extends CatalogueMutationInput {
  @Text(LIMITS.slugMaxLength, 'Unique: lower-case letters, digits and dashes, at most 63, not starting or ending with a dash.')
  slug!: string;

  @Text(LIMITS.nameMaxLength)
  name!: string;

  @OptionalText(LIMITS.descriptionMaxLength)
  description?: string | null;

  @Field(() => ServiceTier)
  @IsEnum(ServiceTier)
  tier!: ServiceTier;

  @Text(LIMITS.slugMaxLength, "The owner team's slug: a registered team.")
  ownerTeam!: string;

  @OptionalLinks('How to operate the service in an incident: https URLs.')
  runbooks?: CatalogueLinkInput[] | null;

  @OptionalLinks('Dashboards, repositories, documents: http or https URLs.')
  links?: CatalogueLinkInput[] | null;

  @OptionalStrings(LIMITS.dependenciesMaxCount, LIMITS.slugMaxLength, 'Slugs of catalogued, unretired services this one depends on; a cycle is refused.')
  dependencies?: string[] | null;

  @OptionalStrings(LIMITS.tagsMaxCount, LIMITS.tagMaxLength, 'Lower-case words joined by - : + or # (as Backstage tags).')
  tags?: string[] | null;

  @Field(() => ServiceLifecycle, { nullable: true, description: 'PRODUCTION when not given.' })
  @IsOptional()
  @IsEnum(ServiceLifecycle)
  lifecycle?: ServiceLifecycle | null;
}

@InputType({ description: 'The fields given change; those left out (or null, for required fields) stay. A change to what is already there writes nothing.' })
export class UpdateServiceInput extends CatalogueMutationInput {
  @Text(LIMITS.slugMaxLength)
  slug!: string;

  @OptionalText(LIMITS.nameMaxLength)
  name?: string | null;

  @OptionalText(LIMITS.descriptionMaxLength, 'An empty string removes the description.')
  description?: string | null;

  @Field(() => ServiceTier, { nullable: true })
  @IsOptional()
  @IsEnum(ServiceTier)
  tier?: ServiceTier | null;

  @OptionalText(LIMITS.slugMaxLength)
  ownerTeam?: string | null;

  @OptionalLinks('Replaces the runbooks.')
  runbooks?: CatalogueLinkInput[] | null;

  @OptionalLinks('Replaces the links.')
  links?: CatalogueLinkInput[] | null;

  @OptionalStrings(LIMITS.dependenciesMaxCount, LIMITS.slugMaxLength, 'Replaces the dependencies; a cycle is refused.')
  dependencies?: string[] | null;

  @OptionalStrings(LIMITS.tagsMaxCount, LIMITS.tagMaxLength, 'Replaces the tags.')
  tags?: string[] | null;

  @Field(() => ServiceLifecycle, { nullable: true })
  @IsOptional()
  @IsEnum(ServiceLifecycle)
  lifecycle?: ServiceLifecycle | null;
}

@InputType()
export class RetireServiceInput extends CatalogueMutationInput {
  @Text(LIMITS.slugMaxLength)
  slug!: string;

  @OptionalText(LIMITS.reasonMaxLength)
  reason?: string | null;
}

@InputType()
export class RegisterTeamInput extends CatalogueMutationInput {
  @Text(LIMITS.slugMaxLength, 'Unique: lower-case letters, digits and dashes, at most 63.')
  slug!: string;

  @Text(LIMITS.nameMaxLength)
  name!: string;

  @OptionalStrings(LIMITS.membersMaxCount, LIMITS.nameMaxLength, 'Names of registered people.')
  members?: string[] | null;

  @OptionalText(LIMITS.chatHandleMaxLength, 'Where the team talks, such as #payments.')
  chatHandle?: string | null;
}

@InputType({ description: 'The fields given change; those left out stay.' })
export class UpdateTeamInput extends CatalogueMutationInput {
  @Text(LIMITS.slugMaxLength)
  slug!: string;

  @OptionalText(LIMITS.nameMaxLength)
  name?: string | null;

  @OptionalStrings(LIMITS.membersMaxCount, LIMITS.nameMaxLength, 'Replaces the members.')
  members?: string[] | null;

  @OptionalText(LIMITS.chatHandleMaxLength, 'An empty string removes it.')
  chatHandle?: string | null;
}

@InputType({ description: 'Each kind given changes; an empty string removes it; kinds left out stay.' })
export class ContactMethodsInput {
  @OptionalText(LIMITS.emailMaxLength)
  email?: string | null;

  @OptionalText(LIMITS.chatMemberIdMaxLength)
  chatMemberId?: string | null;

  @OptionalText(LIMITS.chatMemberIdMaxLength)
  phone?: string | null;
}

@InputType()
export class RegisterPersonInput extends CatalogueMutationInput {
  @Text(LIMITS.nameMaxLength, 'The name their API keys and tokens act as.')
  name!: string;

  @OptionalText(LIMITS.nameMaxLength, 'The name itself when not given.')
  displayName?: string | null;

  @Text(LIMITS.nameMaxLength, 'An IANA time zone, such as Europe/Berlin.')
  timeZone!: string;

  @Field(() => ContactMethodsInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => ContactMethodsInput)
  contactMethods?: ContactMethodsInput | null;
}

@InputType({ description: 'The fields given change; those left out stay. People may change their own contact methods; the rest needs an admin.' })
export class UpdatePersonInput extends CatalogueMutationInput {
  @Text(LIMITS.nameMaxLength)
  name!: string;

  @OptionalText(LIMITS.nameMaxLength)
  displayName?: string | null;

  @OptionalText(LIMITS.nameMaxLength)
  timeZone?: string | null;

  @Field(() => ContactMethodsInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => ContactMethodsInput)
  contactMethods?: ContactMethodsInput | null;
}
