import { StatusPageSubscribers, SubscriberExport } from '@incident-ledger/application';
import { SUBSCRIBER_MODES, SubscriberMode } from '@incident-ledger/domain';
import { Args, Context, Extensions, Field, ID, InputType, Mutation, ObjectType, Query, registerEnumType, Resolver } from '@nestjs/graphql';
import { ArrayMaxSize, IsOptional, IsString, MaxLength } from 'class-validator';
import { GraphQLError } from 'graphql';
import { Requires } from '../../platform/auth/requires.decorator';
import { DateTimeScalar } from '../../platform/graphql/date-time.scalar';
import { enumOf } from '../../platform/graphql/enum-of';
import { Text } from '../../platform/graphql/input-fields';
import { MaxLengthPipe } from '../../platform/graphql/max-length.pipe';
import { PageSizeArg } from '../../platform/graphql/page-size-arg.decorator';
import { MAX_LIST_SIZE_EXTENSION } from '../../platform/graphql/query-cost';
import { RequestContext } from '../../platform/graphql/request-context';
import { STATUS_PAGE_MAX_COMPONENTS } from './statuspage.objects';

const SubscriberModeEnum = enumOf<SubscriberMode>(SUBSCRIBER_MODES);
registerEnumType(SubscriberModeEnum, { name: 'SubscriberMode', description: 'EMAIL (signed up on the page, confirmed by a link) or WEBHOOK (added by an admin).' });

@ObjectType('StatusPageSubscriber', { description: 'Someone told of the status page’s incidents and maintenance. Personal data: admins only.' })
class StatusPageSubscriberObject {
  @Field(() => ID)
  id!: string;

  @Field(() => SubscriberModeEnum)
  mode!: SubscriberMode;

  @Field(() => String, { nullable: true, description: 'The email address or webhook URL; null once erased.' })
  address!: string | null;

  @Field(() => [String], { description: 'The components it hears of; empty: all.' })
  @Extensions({ [MAX_LIST_SIZE_EXTENSION]: STATUS_PAGE_MAX_COMPONENTS })
  components!: string[];

  @Field({ description: '`public` for a sign-up on the page, else the admin who added it.' })
  addedBy!: string;

  @Field(() => DateTimeScalar)
  signedUpAt!: string;

  @Field(() => DateTimeScalar, { nullable: true, description: 'Null until the address followed its confirmation link: nothing but that link is sent before.' })
  confirmedAt!: string | null;

  @Field(() => DateTimeScalar, { nullable: true })
  unsubscribedAt!: string | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'When an admin erased its address from the log.' })
  erasedAt!: string | null;
}

@InputType()
class WebhookSubscriberInput {
  @Text(2_048, 'An http(s) URL: it receives a JSON POST for each public update, with `meta.unsubscribe`.')
  url!: string;

  @Field(() => [String], { nullable: true, description: 'Only these components (ids); none: all.' })
  @IsOptional()
  @ArrayMaxSize(STATUS_PAGE_MAX_COMPONENTS)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  components?: string[] | null;
}

const toObject = (subscriber: SubscriberExport): StatusPageSubscriberObject => ({ ...subscriber, id: subscriber.subscriberId });

/** The status page's subscribers for admins: the export of their personal data, webhooks added by hand, and erasure. */
@Resolver(() => StatusPageSubscriberObject)
export class StatusPageSubscribersResolver {
  constructor(private readonly subscribers: StatusPageSubscribers) {}

  @Query(() => [StatusPageSubscriberObject], { description: 'Every subscriber with its address, oldest first (an export of personal data). Admins.' })
  @Requires('administer')
  statusPageSubscribers(@PageSizeArg({ default: 100, max: 1_000 }) first: number, @Args('after', { type: () => ID, nullable: true, description: 'The id of the last subscriber of the previous page.' }) after?: string | null): StatusPageSubscriberObject[] {
    const all = this.subscribers.export();
    const from = after ? all.findIndex((subscriber) => subscriber.subscriberId === after) + 1 : 0;
    return all.slice(from, from + first).map(toObject);
  }

  @Mutation(() => StatusPageSubscriberObject, { description: 'A webhook told of every public update from now on (no confirmation). Admins.' })
  @Requires('administer')
  async addStatusPageWebhookSubscriber(@Args('input') input: WebhookSubscriberInput, @Context() context: RequestContext): Promise<StatusPageSubscriberObject> {
    const subscriberId = await this.subscribers.addWebhook(input.url, input.components ?? [], { actor: context.principal.name, correlationId: context.correlationId, principal: context.principal });
    return this.exported(subscriberId);
  }

  @Mutation(() => StatusPageSubscriberObject, { description: 'Erases a subscriber’s address from the log for good (it is told nothing more). Admins.' })
  @Requires('administer')
  async eraseStatusPageSubscriber(@Args('id', { type: () => ID }, new MaxLengthPipe('id', 100)) id: string, @Context() context: RequestContext): Promise<StatusPageSubscriberObject> {
    await this.subscribers.erase(id.trim(), { actor: context.principal.name, correlationId: context.correlationId, principal: context.principal });
    return this.exported(id.trim());
  }

  private exported(subscriberId: string): StatusPageSubscriberObject {
    const subscriber = this.subscribers.export().find((candidate) => candidate.subscriberId === subscriberId);
    if (!subscriber) throw new GraphQLError(`No subscriber ${subscriberId}`, { extensions: { code: 'NOT_FOUND' } });
    return toObject(subscriber);
  }
}
