import { ServiceLifecycle, ServiceTier } from '@incident-ledger/domain';
import { Field, Float, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { DateTimeScalar } from '../../platform/graphql/date-time.scalar';
import { PageInfoObject } from '../../incidents/graphql/incident.object';

registerEnumType(ServiceTier, {
  name: 'ServiceTier',
  description: 'How critical a service is: its priority in an incident.',
  valuesMap: {
    TIER_1: { description: 'Customer-facing and critical: an outage is felt at once by many.' },
    TIER_2: { description: 'Important: customers feel an outage soon, or some of them at once.' },
    TIER_3: { description: 'Internal or degradable: an outage slows people down.' },
    TIER_4: { description: 'The least critical: tools and experiments.' },
  },
});

registerEnumType(ServiceLifecycle, { name: 'ServiceLifecycle', description: "Where a service is in its life (Backstage's spec.lifecycle)." });

@ObjectType('CatalogueLink', { description: 'A titled link: a runbook (https only), a dashboard, a repository.' })
export class CatalogueLinkObject {
  @Field()
  title!: string;

  @Field()
  url!: string;
}

@ObjectType('Service', { description: 'A catalogued service: who owns it, how critical it is, how to run it, what it depends on.' })
export class ServiceObject {
  @Field({ description: 'Unique: lower-case letters, digits and dashes, at most 63.' })
  slug!: string;

  @Field()
  name!: string;

  @Field(() => String, { nullable: true })
  description!: string | null;

  @Field(() => ServiceTier)
  tier!: ServiceTier;

  @Field({ description: "The owner team's slug (see `owner` for the team)." })
  ownerTeam!: string;

  @Field(() => [CatalogueLinkObject], { description: 'How to operate the service in an incident, in order.' })
  runbooks!: CatalogueLinkObject[];

  @Field(() => [CatalogueLinkObject])
  links!: CatalogueLinkObject[];

  @Field(() => [String], { description: 'Slugs of the services this one depends on (see `dependsOn` for the services).' })
  dependencies!: string[];

  @Field(() => [String])
  tags!: string[];

  @Field(() => ServiceLifecycle)
  lifecycle!: ServiceLifecycle;

  @Field({ description: 'Retired for good: listed nowhere, not allowed on new incidents or as a new dependency; its slug stays taken.' })
  retired!: boolean;

  @Field(() => DateTimeScalar, { nullable: true })
  retiredAt!: string | null;

  @Field(() => DateTimeScalar)
  registeredAt!: string;

  @Field(() => DateTimeScalar)
  updatedAt!: string;
}

@ObjectType('ServiceEdge')
export class ServiceEdgeObject {
  @Field()
  cursor!: string;

  @Field(() => ServiceObject)
  node!: ServiceObject;
}

@ObjectType('ServiceConnection')
export class ServiceConnectionObject {
  @Field(() => [ServiceEdgeObject])
  edges!: ServiceEdgeObject[];

  @Field(() => PageInfoObject)
  pageInfo!: PageInfoObject;

  @Field(() => Int, { description: 'How many live services match the filter in all.' })
  totalCount!: number;
}

@ObjectType('ServiceIncidentHistory', { description: "A service's incidents in a recent period (drills and merged duplicates left out)." })
export class ServiceIncidentHistoryObject {
  @Field(() => DateTimeScalar, { description: 'The start of the period (90 days ago); it ends now.' })
  since!: string;

  @Field(() => Int, { description: 'Incidents declared in the period that name the service.' })
  count!: number;

  @Field(() => Int, { description: 'How many of them are resolved.' })
  resolvedCount!: number;

  @Field(() => Float, { nullable: true, description: 'The median time from impact start (or declaration) to resolution, in seconds; null when none is resolved.' })
  medianTimeToResolve!: number | null;
}

@ObjectType('Team')
export class TeamObject {
  @Field()
  slug!: string;

  @Field()
  name!: string;

  @Field(() => [String], { description: 'Member names: the names that API keys and tokens act as.' })
  members!: string[];

  @Field(() => String, { nullable: true, description: 'Where the team talks, such as #payments.' })
  chatHandle!: string | null;

  @Field(() => DateTimeScalar)
  registeredAt!: string;

  @Field(() => DateTimeScalar)
  updatedAt!: string;
}

@ObjectType('ContactMethods', { description: 'How to reach a person: one of each kind at most.' })
export class ContactMethodsObject {
  @Field(() => String, { nullable: true })
  email!: string | null;

  @Field(() => String, { nullable: true, description: "The person's member id in the team chat, to mention them." })
  chatMemberId!: string | null;

  @Field(() => String, { nullable: true, description: 'Kept for a later paging channel; nothing calls it yet.' })
  phone!: string | null;
}

@ObjectType('Person')
export class PersonObject {
  @Field({ description: 'The name that API keys and tokens act as, and that incident roles name.' })
  name!: string;

  @Field()
  displayName!: string;

  @Field({ description: 'An IANA time zone, such as Europe/Berlin.' })
  timeZone!: string;

  @Field(() => DateTimeScalar)
  registeredAt!: string;

  @Field(() => DateTimeScalar)
  updatedAt!: string;
}
