import { randomUUID } from 'node:crypto';
import { DeliveryStatus, hasPermission } from '@incident-ledger/domain';
import { DeliveryWorker, NotificationChannels } from '@incident-ledger/application';
import { DeliveriesReadModel, DeliveryAttemptView, DeliveryView, IncidentReadModel, seesIncidentId, visibleTo } from '@incident-ledger/read-models';
import { Args, Context, Extensions, Field, ID, InputType, Int, Mutation, ObjectType, Parent, Query, ResolveField, Resolver, registerEnumType } from '@nestjs/graphql';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { Requires } from '../../platform/auth/requires.decorator';
import { ID_MAX_LENGTH, MaxLengthPipe } from '../../platform/graphql/max-length.pipe';
import { MAX_LIST_SIZE_EXTENSION } from '../../platform/graphql/query-cost';
import { PageSizeArg } from '../../platform/graphql/page-size-arg.decorator';
import { DateTimeScalar } from '../../platform/graphql/date-time.scalar';
import { RequestContext } from '../../platform/graphql/request-context';
import { commandContext } from './notifications-arguments';
import { NotificationChannelObject } from './notifications.objects';

/** A delivery's attempts shown at most: a schedule has at most 50, and redeliveries add more. */
const SHOWN_ATTEMPTS = 20;
const DELIVERY_STATUSES = { PENDING: 'PENDING', DELIVERED: 'DELIVERED', FAILED: 'FAILED' } as const;
registerEnumType(DELIVERY_STATUSES, {
  name: 'DeliveryStatus',
  valuesMap: {
    PENDING: { description: 'Waiting for its next attempt.' },
    DELIVERED: { description: 'A receiver answered 2xx.' },
    FAILED: { description: 'A dead letter: every attempt of the retry schedule failed, or the channel refused it (410 Gone, a refused URL). `redeliverNotification` tries again.' },
  },
});

@ObjectType('DeliveryAttempt')
class DeliveryAttemptObject {
  @Field(() => Int)
  attempt!: number;

  @Field(() => DateTimeScalar)
  at!: Date;

  @Field({ description: 'DELIVERED, or how it failed: RESPONSE (a non-2xx answer), TIMEOUT, NETWORK, REFUSED (by the network policy).' })
  outcome!: string;

  @Field(() => Int, { nullable: true, description: "The receiver's HTTP status, or for email the SMTP server's reply code (250 accepted, 4xx tried again, 5xx a dead letter)." })
  status!: number | null;

  @Field(() => String, { nullable: true, description: 'Why it failed: the status and the start of the answer, or the error.' })
  error!: string | null;

  @Field(() => Int)
  durationMs!: number;
}

@ObjectType('NotificationDelivery', { description: 'One event told to one channel, with its attempts. Its id is the `webhook-id` receivers see on every attempt.' })
export class NotificationDeliveryObject {
  @Field(() => ID)
  id!: string;

  @Field(() => ID, { description: 'The channel, or `person:<name>` for a person told on their own email address (from the catalogue) what concerns them.' })
  channelId!: string;

  @Field(() => ID, { nullable: true })
  incidentId!: string | null;

  @Field({ description: 'The message type (`incident.declared`…).' })
  type!: string;

  @Field()
  summary!: string;

  @Field(() => DELIVERY_STATUSES)
  status!: DeliveryStatus;

  @Field(() => [DeliveryAttemptObject], { description: `Its attempts, oldest first: the last ${SHOWN_ATTEMPTS}.` })
  @Extensions({ [MAX_LIST_SIZE_EXTENSION]: SHOWN_ATTEMPTS })
  attempts!: DeliveryAttemptObject[];

  @Field(() => Int, { description: 'Every attempt made, redeliveries included.' })
  attemptCount!: number;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When the next attempt is due.' })
  nextAttemptAt!: Date | null;

  @Field(() => DateTimeScalar)
  createdAt!: Date;
}

@InputType()
class DeliveryFilterInput {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(ID_MAX_LENGTH)
  channelId?: string | null;

  @Field(() => DELIVERY_STATUSES, { nullable: true })
  @IsOptional()
  @IsIn(Object.values(DELIVERY_STATUSES))
  status?: DeliveryStatus | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(ID_MAX_LENGTH)
  incidentId?: string | null;
}

@ObjectType('ChannelTestAnswer', { description: "What a channel's receiver answered a test message." })
class ChannelTestAnswerObject {
  @Field({ description: 'True for a 2xx answer.' })
  delivered!: boolean;

  @Field({ description: 'RESPONSE, TIMEOUT, NETWORK or REFUSED.' })
  outcome!: string;

  @Field(() => Int, { nullable: true })
  status!: number | null;

  @Field(() => String, { nullable: true, description: 'The start of the answer, or why there was none.' })
  detail!: string | null;

  @Field(() => Int)
  durationMs!: number;
}

function attemptObject(attempt: DeliveryAttemptView): DeliveryAttemptObject {
  return { ...attempt, at: new Date(attempt.at) };
}

function deliveryObject(delivery: DeliveryView): NotificationDeliveryObject {
  return {
    id: delivery.id,
    channelId: delivery.channelId,
    incidentId: delivery.incidentId,
    type: delivery.message.type,
    summary: delivery.message.summary,
    status: delivery.status,
    attempts: delivery.attempts.slice(-SHOWN_ATTEMPTS).map(attemptObject),
    attemptCount: delivery.attempts.length,
    nextAttemptAt: delivery.dueAt === null ? null : new Date(delivery.dueAt),
    createdAt: new Date(delivery.createdAt),
  };
}

@Resolver(() => NotificationDeliveryObject)
export class NotificationDeliveryResolver {
  constructor(
    private readonly deliveries: DeliveriesReadModel,
    private readonly channels: NotificationChannels,
    private readonly worker: DeliveryWorker,
    private readonly incidents: IncidentReadModel,
  ) {}

  @Query(() => [NotificationDeliveryObject], { description: 'Deliveries, newest first: their attempts, answers and errors. Admins see all; others those of incidents they may see.' })
  @Requires('read')
  notificationDeliveries(
    @Args('filter', { type: () => DeliveryFilterInput, nullable: true }) filter: DeliveryFilterInput | null,
    @PageSizeArg({ default: 50, max: 200 }) first: number,
    @Context() context: RequestContext,
  ): NotificationDeliveryObject[] {
    const admin = hasPermission(context.principal.role, 'administer');
    const sees = seesIncidentId(this.incidents, visibleTo(context.principal));
    return this.deliveries
      .list({ channelId: filter?.channelId ?? undefined, status: filter?.status ?? undefined, incidentId: filter?.incidentId ?? undefined }, admin ? first : Number.MAX_SAFE_INTEGER)
      .filter((delivery) => admin || (delivery.incidentId !== null && sees(delivery.incidentId)))
      .slice(0, first)
      .map(deliveryObject);
  }

  @Mutation(() => NotificationDeliveryObject, { description: 'Try a delivery again now, with the retry schedule started over (a dead letter, or a delivered one to send again). Admins only.' })
  @Requires('administer')
  async redeliverNotification(
    @Args('deliveryId', { type: () => ID }, new MaxLengthPipe('deliveryId', ID_MAX_LENGTH)) deliveryId: string,
    @Context() context: RequestContext,
  ): Promise<NotificationDeliveryObject> {
    await this.worker.redeliver(deliveryId, commandContext(context));
    const delivery = this.deliveries.get(deliveryId);
    if (!delivery) throw new Error(`Delivery ${deliveryId} is missing from the read model after its write`);
    return deliveryObject(delivery);
  }

  @Mutation(() => ChannelTestAnswerObject, { description: "Send a test message to a channel now and answer what its receiver said (nothing is recorded). Admins only." })
  @Requires('administer')
  async testNotificationChannel(
    @Args('channelId', { type: () => ID }, new MaxLengthPipe('channelId', ID_MAX_LENGTH)) channelId: string,
    @Context() context: RequestContext,
  ): Promise<ChannelTestAnswerObject> {
    const answer = await this.worker.sendTest(this.channels.channelOf(channelId), `test-${randomUUID()}`, context.principal.name);
    if (answer.outcome === 'response') {
      return { delivered: answer.status >= 200 && answer.status < 300, outcome: 'RESPONSE', status: answer.status, detail: answer.bodyExcerpt || null, durationMs: Math.round(answer.durationMs) };
    }
    return { delivered: false, outcome: answer.outcome.toUpperCase(), status: null, detail: answer.detail, durationMs: Math.round(answer.durationMs) };
  }
}

@Resolver(() => NotificationChannelObject)
export class ChannelHealthResolver {
  constructor(private readonly deliveries: DeliveriesReadModel) {}

  @ResolveField(() => DateTimeScalar, { nullable: true, description: 'The first failed attempt since the last delivery: when the channel started failing; null while it delivers.' })
  failingSince(@Parent() channel: NotificationChannelObject): Date | null {
    const since = this.deliveries.channelHealth(channel.id).failingSince;
    return since === null ? null : new Date(since);
  }

  @ResolveField(() => DateTimeScalar, { nullable: true })
  lastDeliveredAt(@Parent() channel: NotificationChannelObject): Date | null {
    const at = this.deliveries.channelHealth(channel.id).lastDeliveredAt;
    return at === null ? null : new Date(at);
  }
}

