import { NOTIFICATIONS_LIMITS as LIMITS, Severity } from '@incident-ledger/domain';
import { Field, ID, InputType } from '@nestjs/graphql';
import { ArrayMaxSize, IsBoolean, IsEnum, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { CommandIdField, OptionalStrings, OptionalText, Text } from '../../platform/graphql/input-fields';
import { ID_MAX_LENGTH } from '../../platform/graphql/max-length.pipe';
import { AudienceEnum, ChannelKindEnum, NotificationKindEnum, SubscriptionPresetEnum } from './notifications.objects';

// Shapes and sizes here; what the values must be (a kind's fields, presets, known names) is the domain's to decide.
const URL_MAX_LENGTH = 2_000;
const COMMAND_ID_DESCRIPTION = 'Your id for this change: retrying with the same id answers as the first time and writes nothing twice.';

@InputType()
export class CreateNotificationChannelInput {
  @CommandIdField(COMMAND_ID_DESCRIPTION)
  commandId?: string | null;

  @Text(LIMITS.nameMaxLength)
  name!: string;

  @Field(() => ChannelKindEnum)
  @IsEnum(ChannelKindEnum)
  kind!: string;

  @OptionalText(URL_MAX_LENGTH, 'WEBHOOK, SLACK, TEAMS: where to post (https; the incoming-webhook or workflow URL).')
  url?: string | null;

  @OptionalStrings(LIMITS.recipientsMaxCount, 254, 'EMAIL: who receives.')
  recipients?: string[] | null;
}

@InputType()
export class SubscribeNotificationChannelInput {
  @CommandIdField(COMMAND_ID_DESCRIPTION)
  commandId?: string | null;

  @Field(() => ID)
  @IsString()
  @MaxLength(ID_MAX_LENGTH)
  channelId!: string;

  @Field(() => SubscriptionPresetEnum, { description: 'FOLLOW is `followIncident`.' })
  @IsIn(['ANNOUNCEMENTS', 'CUSTOM'], { message: 'preset must be ANNOUNCEMENTS or CUSTOM (follow an incident with followIncident)' })
  preset!: string;

  @Field(() => [NotificationKindEnum], { nullable: true, description: 'CUSTOM: the kinds heard.' })
  @IsOptional()
  @ArrayMaxSize(LIMITS.filterMaxCount)
  @IsEnum(NotificationKindEnum, { each: true })
  kinds?: string[] | null;

  @Field(() => [Severity], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(LIMITS.filterMaxCount)
  @IsEnum(Severity, { each: true })
  severities?: Severity[] | null;

  @OptionalStrings(LIMITS.filterMaxCount, 200, "Incidents on these services (the catalogue's slugs or the incidents' free names).")
  services?: string[] | null;

  @OptionalStrings(LIMITS.filterMaxCount, 200, 'Incidents of services these teams own.')
  ownerTeams?: string[] | null;

  @Field(() => [AudienceEnum], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(2)
  @IsEnum(AudienceEnum, { each: true })
  audiences?: string[] | null;

  @Field(() => Boolean, { nullable: true, description: 'True when not given.' })
  @IsOptional()
  @IsBoolean()
  includeDrills?: boolean | null;
}
