import { randomUUID } from 'node:crypto';
import { DomainError, hasPermission, NotificationKind, Principal, StatusUpdateAudience, SubscriptionRecord, SubscriptionPreset } from '@incident-ledger/domain';
import { NotificationChannels, uuidFromName } from '@incident-ledger/application';
import { IncidentReadModel, seesIncidentId, visibleTo } from '@incident-ledger/read-models';
import { Args, Context, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { ForbiddenError } from '../../platform/auth/auth.errors';
import { Requires } from '../../platform/auth/requires.decorator';
import { ID_MAX_LENGTH, MaxLengthPipe } from '../../platform/graphql/max-length.pipe';
import { RequestContext } from '../../platform/graphql/request-context';
import { commandContext } from './notifications-arguments';
import { SubscribeNotificationChannelInput } from './notifications.inputs';
import { NotificationSubscriptionObject } from './notifications.objects';


function subscriptionObject(subscription: SubscriptionRecord): NotificationSubscriptionObject {
  return { ...subscription, ...subscription.filter, createdAt: new Date(subscription.createdAt) };
}

/** The subscription's id: derived from the caller and their command id when given, so a retry finds the first. */
function subscriptionIdFor(context: RequestContext, commandId: string | null | undefined): string {
  return commandId ? uuidFromName(`notification-subscription:${JSON.stringify([context.principal.name, commandId])}`) : randomUUID();
}

@Resolver(() => NotificationSubscriptionObject)
export class NotificationSubscriptionResolver {
  constructor(
    private readonly channels: NotificationChannels,
    private readonly incidents: IncidentReadModel,
  ) {}

  @Query(() => [NotificationSubscriptionObject], {
    description: "Subscriptions, of one channel or of all, oldest first; a private incident's followers are shown only to whoever may see it.",
  })
  @Requires('read')
  notificationSubscriptions(
    @Args('channelId', { type: () => ID, nullable: true }, new MaxLengthPipe('channelId', ID_MAX_LENGTH)) channelId: string | null,
    @Context() context: RequestContext,
  ): NotificationSubscriptionObject[] {
    const sees = seesIncidentId(this.incidents, visibleTo(context.principal));
    return this.channels.notifications
      .subscriptions(channelId ?? undefined)
      .filter((subscription) => subscription.incidentId === null || sees(subscription.incidentId))
      .map(subscriptionObject);
  }

  @Mutation(() => NotificationSubscriptionObject, { description: 'Subscribe a channel to announcements or to the kinds and filters named. Admins only.' })
  @Requires('administer')
  async subscribeNotificationChannel(@Args('input') input: SubscribeNotificationChannelInput, @Context() context: RequestContext): Promise<NotificationSubscriptionObject> {
    const subscriptionId = subscriptionIdFor(context, input.commandId);
    const retried = this.channels.notifications.subscription(subscriptionId);
    if (retried) return subscriptionObject(retried);
    await this.channels.execute(
      {
        type: 'SubscribeChannel',
        subscriptionId,
        channelId: input.channelId,
        preset: input.preset as SubscriptionPreset,
        kinds: (input.kinds ?? undefined) as NotificationKind[] | undefined,
        severities: input.severities ?? undefined,
        services: input.services ?? undefined,
        ownerTeams: input.ownerTeams ?? undefined,
        audiences: (input.audiences ?? undefined) as StatusUpdateAudience[] | undefined,
        includeDrills: input.includeDrills ?? undefined,
        actor: context.principal.name,
      },
      commandContext(context, input),
    );
    return this.subscriptionOf(subscriptionId);
  }

  @Mutation(() => NotificationSubscriptionObject, {
    description: "Send every timeline entry of an incident you may see to a channel. Responders; of a private incident, only its members' follows hear it.",
  })
  @Requires('respond')
  async followIncident(
    @Args('incidentId', { type: () => ID }, new MaxLengthPipe('incidentId', ID_MAX_LENGTH)) incidentId: string,
    @Args('channelId', { type: () => ID }, new MaxLengthPipe('channelId', ID_MAX_LENGTH)) channelId: string,
    @Context() context: RequestContext,
  ): Promise<NotificationSubscriptionObject> {
    this.checkSees(context.principal, incidentId);
    const subscriptionId = uuidFromName(`incident-follow:${JSON.stringify([context.principal.name, incidentId, channelId])}`);
    const followed = this.channels.notifications.subscription(subscriptionId);
    if (followed) return subscriptionObject(followed);
    await this.channels.execute({ type: 'SubscribeChannel', subscriptionId, channelId, preset: 'FOLLOW', incidentId, actor: context.principal.name }, commandContext(context));
    return this.subscriptionOf(subscriptionId);
  }

  @Mutation(() => ID, { description: 'End a subscription: admins any, a responder the incidents they follow.' })
  @Requires('respond')
  async unsubscribeNotificationChannel(
    @Args('subscriptionId', { type: () => ID }, new MaxLengthPipe('subscriptionId', ID_MAX_LENGTH)) subscriptionId: string,
    @Context() context: RequestContext,
  ): Promise<string> {
    const subscription = this.channels.notifications.subscription(subscriptionId);
    if (subscription && !hasPermission(context.principal.role, 'administer')) {
      if (subscription.incidentId !== null) this.checkSees(context.principal, subscription.incidentId);
      if (subscription.preset !== 'FOLLOW' || subscription.createdBy !== context.principal.name) {
        throw new ForbiddenError('Only admins end subscriptions other than the incidents you follow yourself');
      }
    }
    await this.channels.execute({ type: 'Unsubscribe', subscriptionId, actor: context.principal.name }, commandContext(context));
    return subscriptionId;
  }

  /** An incident the caller may not see is not found, as everywhere. */
  private checkSees(principal: Principal, incidentId: string): void {
    if (!seesIncidentId(this.incidents, visibleTo(principal))(incidentId)) {
      throw new DomainError('INCIDENT_NOT_FOUND', `Incident ${incidentId} not found`, { incidentId });
    }
  }

  private subscriptionOf(subscriptionId: string): NotificationSubscriptionObject {
    const subscription = this.channels.notifications.subscription(subscriptionId);
    if (!subscription) throw new Error(`Subscription ${subscriptionId} is missing from the read model after its write`);
    return subscriptionObject(subscription);
  }
}
