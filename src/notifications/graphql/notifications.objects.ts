import { CHANNEL_KINDS, NOTIFICATION_KINDS, Severity, SUBSCRIPTION_PRESETS } from '@incident-ledger/domain';
import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { DateTimeScalar } from '../../platform/graphql/date-time.scalar';
import { enumOf } from '../../platform/graphql/enum-of';

/** A GraphQL enum from a domain list of names. */

export const ChannelKindEnum = enumOf(CHANNEL_KINDS);
registerEnumType(ChannelKindEnum, {
  name: 'ChannelKind',
  description: 'Where a channel sends.',
  valuesMap: {
    WEBHOOK: { description: 'JSON signed per the Standard Webhooks specification.' },
    SLACK: { description: 'A Slack incoming webhook: Block Kit blocks with a plain text fallback (Mattermost and Rocket.Chat read the fallback).' },
    TEAMS: { description: 'A Microsoft Teams Workflows webhook: an Adaptive Card.' },
    EMAIL: { description: 'Email through the server’s SMTP_URL, to the channel’s recipients.' },
  },
});

export const NotificationKindEnum = enumOf(NOTIFICATION_KINDS);
registerEnumType(NotificationKindEnum, { name: 'NotificationKind', description: 'What a subscription may hear about.' });

export const SubscriptionPresetEnum = enumOf(SUBSCRIPTION_PRESETS);
registerEnumType(SubscriptionPresetEnum, {
  name: 'SubscriptionPreset',
  valuesMap: {
    ANNOUNCEMENTS: { description: 'Every SEV1–SEV3 declaration, severity change and resolution, and every escalation nobody acknowledged (UNACKNOWLEDGED), organisation-wide (other severities if named).' },
    FOLLOW: { description: 'Every timeline entry of one incident.' },
    CUSTOM: { description: 'The kinds and filters it names.' },
  },
});

export const AudienceEnum = enumOf(['INTERNAL', 'EXTERNAL'] as const);
registerEnumType(AudienceEnum, { name: 'StatusUpdateAudienceFilter', description: 'Whose status updates a subscription hears.' });

@ObjectType('NotificationChannel', { description: 'Where notifications go. Its URL and signing secret are secrets: the API shows them masked.' })
export class NotificationChannelObject {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'Unique, whatever its case.' })
  name!: string;

  @Field(() => ChannelKindEnum)
  kind!: string;

  @Field(() => String, { nullable: true, description: 'WEBHOOK, SLACK, TEAMS: the URL, masked (scheme, host and the last four characters).' })
  url!: string | null;

  @Field(() => [String], { description: 'EMAIL: the recipients.' })
  recipients!: string[];

  @Field(() => String, { nullable: true, description: 'WEBHOOK: the signing secret, masked. It is shown in full only when created or rotated.' })
  signingSecret!: string | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'After a rotation: until when the previous secret signs too.' })
  previousSecretValidUntil!: Date | null;

  @Field({ description: 'A disabled channel is sent nothing.' })
  disabled!: boolean;

  @Field(() => String, { nullable: true })
  disabledReason!: string | null;

  @Field(() => DateTimeScalar)
  createdAt!: Date;

  @Field()
  createdBy!: string;
}

@ObjectType('CreatedNotificationChannel', { description: 'A channel just created or rotated, with its signing secret in full: this once.' })
export class ChannelWithSecretObject {
  @Field(() => NotificationChannelObject)
  channel!: NotificationChannelObject;

  @Field(() => String, {
    nullable: true,
    description: 'WEBHOOK: the `whsec_` secret receivers verify signatures with (Standard Webhooks). Keep it now: the API never shows it again.',
  })
  signingSecret!: string | null;
}

@ObjectType('NotificationSubscription', { description: 'What a channel hears: the events of some kinds, filtered.' })
export class NotificationSubscriptionObject {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  channelId!: string;

  @Field(() => SubscriptionPresetEnum)
  preset!: string;

  @Field(() => [NotificationKindEnum])
  kinds!: string[];

  @Field(() => ID, { nullable: true, description: 'FOLLOW: the incident followed.' })
  incidentId!: string | null;

  @Field(() => [Severity], { description: 'Empty: any.' })
  severities!: Severity[];

  @Field(() => [String], { description: "Incidents on these services (empty: any)." })
  services!: string[];

  @Field(() => [String], { description: "Incidents of services these teams own (empty: any)." })
  ownerTeams!: string[];

  @Field(() => [AudienceEnum], { description: 'Status updates for these audiences (empty: both).' })
  audiences!: string[];

  @Field({ description: 'Drills too (labelled DRILL in every message).' })
  includeDrills!: boolean;

  @Field(() => DateTimeScalar)
  createdAt!: Date;

  @Field({ description: 'Who subscribed: of a private incident, only subscriptions of its members hear anything.' })
  createdBy!: string;
}
