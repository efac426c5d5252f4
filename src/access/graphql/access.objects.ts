import { AccessRole } from '@incident-ledger/domain';
import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { DateTimeScalar } from '../../platform/graphql/date-time.scalar';

registerEnumType(AccessRole, {
  name: 'AccessRole',
  description: 'What a credential may do.',
  valuesMap: {
    VIEWER: { description: 'Read incidents, timelines and feeds.' },
    RESPONDER: { description: 'Read, and act on incidents.' },
    ADMIN: { description: 'Everything, including keys; sees private incidents.' },
    INGEST: { description: 'Monitoring systems: alert webhooks only.' },
  },
});

@ObjectType('ApiKey', { description: 'An API key. Its secret is shown once, at creation, and never stored.' })
export class ApiKeyObject {
  @Field(() => ID, { description: 'The key id (for revoking).' })
  id!: string;

  @Field({ description: 'Who uses the key: recorded as the actor of what it does, and matched against incident roles.' })
  name!: string;

  @Field(() => AccessRole)
  role!: AccessRole;

  @Field({ description: 'The visible start of the key (ilk_<prefix>_…), to recognise it.' })
  prefix!: string;

  @Field(() => DateTimeScalar)
  createdAt!: string;

  @Field()
  createdBy!: string;

  @Field(() => DateTimeScalar, { nullable: true })
  revokedAt!: string | null;

  @Field(() => String, { nullable: true })
  revokedBy!: string | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'Exact in a running server; kept across restarts to the hour.' })
  lastUsedAt!: string | null;
}

/** `lastUsedAt`: what the serving process knows (Authenticator.lastUsedAt); the log's value by default. */
@ObjectType('CreatedApiKey')
export class CreatedApiKeyObject {
  @Field({ description: 'The whole key. Shown this once: store it now.' })
  key!: string;

  @Field(() => ApiKeyObject)
  apiKey!: ApiKeyObject;
}

@ObjectType('Principal', { description: 'Who the credential of this request belongs to.' })
export class PrincipalObject {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field(() => AccessRole)
  role!: AccessRole;

  @Field({ description: 'api-key or token' })
  kind!: string;
}
