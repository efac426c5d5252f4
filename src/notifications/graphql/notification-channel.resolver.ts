import { ChannelKind, ChannelRecord, NOTIFICATIONS_LIMITS } from '@incident-ledger/domain';
import { ChannelWithSecret, NotificationChannels } from '@incident-ledger/application';
import { Args, Context, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Requires } from '../../platform/auth/requires.decorator';
import { ID_MAX_LENGTH, MaxLengthPipe } from '../../platform/graphql/max-length.pipe';
import { RequestContext } from '../../platform/graphql/request-context';
import { commandContext } from './notifications-arguments';
import { CreateNotificationChannelInput } from './notifications.inputs';
import { ChannelWithSecretObject, NotificationChannelObject } from './notifications.objects';


/** A channel as the API shows it: its secrets masked. */
export function channelObject(channel: ChannelRecord): NotificationChannelObject {
  return {
    id: channel.id,
    name: channel.name,
    kind: channel.kind,
    url: channel.url?.masked ?? null,
    recipients: channel.recipients,
    signingSecret: channel.signingSecret?.masked ?? null,
    previousSecretValidUntil: channel.previousSigningSecret ? new Date(channel.previousSigningSecret.validUntil) : null,
    disabled: channel.disabled !== null,
    disabledReason: channel.disabled?.reason ?? null,
    createdAt: new Date(channel.createdAt),
    createdBy: channel.createdBy,
  };
}

function withSecret({ channel, signingSecret }: ChannelWithSecret): ChannelWithSecretObject {
  return { channel: channelObject(channel), signingSecret };
}

@Resolver(() => NotificationChannelObject)
export class NotificationChannelResolver {
  constructor(private readonly channels: NotificationChannels) {}

  @Query(() => [NotificationChannelObject], { description: 'Every notification channel, by name, secrets masked.' })
  @Requires('read')
  notificationChannels(): NotificationChannelObject[] {
    return this.channels.notifications.channels().map(channelObject);
  }

  @Query(() => NotificationChannelObject, { nullable: true })
  @Requires('read')
  notificationChannel(@Args('id', { type: () => ID }, new MaxLengthPipe('id', ID_MAX_LENGTH)) id: string): NotificationChannelObject | null {
    const channel = this.channels.notifications.channel(id);
    return channel ? channelObject(channel) : null;
  }

  @Mutation(() => ChannelWithSecretObject, {
    description:
      'Add a channel. A WEBHOOK channel gets a signing secret, answered in full this once. Needs LEDGER_SECRET_KEY on the server (URLs and secrets are stored encrypted), and SMTP_URL for an EMAIL channel. Admins only.',
  })
  @Requires('administer')
  async createNotificationChannel(@Args('input') input: CreateNotificationChannelInput, @Context() context: RequestContext): Promise<ChannelWithSecretObject> {
    const created = await this.channels.create({ name: input.name, kind: input.kind as ChannelKind, url: input.url, recipients: input.recipients }, commandContext(context, input));
    return withSecret(created);
  }

  @Mutation(() => ChannelWithSecretObject, {
    description: "A WEBHOOK channel's new signing secret, answered in full this once; the old one signs beside it for `previousValidHours` (24 unless given, at most 168). Admins only.",
  })
  @Requires('administer')
  async rotateNotificationChannelSecret(
    @Args('channelId', { type: () => ID }, new MaxLengthPipe('channelId', ID_MAX_LENGTH)) channelId: string,
    @Args('previousValidHours', { type: () => Int, nullable: true }) previousValidHours: number | null,
    @Context() context: RequestContext,
  ): Promise<ChannelWithSecretObject> {
    return withSecret(await this.channels.rotateSecret(channelId, previousValidHours, commandContext(context)));
  }

  @Mutation(() => NotificationChannelObject, { description: 'Stop sending to a channel (its subscriptions stay). Admins only.' })
  @Requires('administer')
  async disableNotificationChannel(
    @Args('channelId', { type: () => ID }, new MaxLengthPipe('channelId', ID_MAX_LENGTH)) channelId: string,
    @Args('reason', new MaxLengthPipe('reason', NOTIFICATIONS_LIMITS.reasonMaxLength)) reason: string,
    @Context() context: RequestContext,
  ): Promise<NotificationChannelObject> {
    await this.channels.execute({ type: 'DisableNotificationChannel', channelId, reason, actor: context.principal.name }, commandContext(context));
    return channelObject(this.channels.channelOf(channelId));
  }

  @Mutation(() => NotificationChannelObject, { description: 'Send to a disabled channel again. Admins only.' })
  @Requires('administer')
  async enableNotificationChannel(
    @Args('channelId', { type: () => ID }, new MaxLengthPipe('channelId', ID_MAX_LENGTH)) channelId: string,
    @Context() context: RequestContext,
  ): Promise<NotificationChannelObject> {
    await this.channels.execute({ type: 'EnableNotificationChannel', channelId, actor: context.principal.name }, commandContext(context));
    return channelObject(this.channels.channelOf(channelId));
  }

  @Mutation(() => ID, { description: 'Delete a channel and its subscriptions. Admins only.' })
  @Requires('administer')
  async deleteNotificationChannel(
    @Args('channelId', { type: () => ID }, new MaxLengthPipe('channelId', ID_MAX_LENGTH)) channelId: string,
    @Context() context: RequestContext,
  ): Promise<string> {
    await this.channels.execute({ type: 'DeleteNotificationChannel', channelId, actor: context.principal.name }, commandContext(context));
    return channelId;
  }
}
