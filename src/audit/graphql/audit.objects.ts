import { Field, InputType, Int, ObjectType } from '@nestjs/graphql';
import { DateTimeScalar } from '../../platform/graphql/date-time.scalar';
import { OptionalInstant, OptionalText } from '../../platform/graphql/input-fields';

@ObjectType('AuditEntry', { description: 'One event of the log: who did what, when.' })
export class AuditEntryObject {
  @Field(() => Int, { description: 'Position in the global log; pass the last one as `before` for the next page.' })
  position!: number;

  @Field()
  streamId!: string;

  @Field({ description: 'The event type, such as IncidentDeclared or ApiKeyRevoked.' })
  type!: string;

  @Field()
  actor!: string;

  @Field(() => DateTimeScalar)
  occurredAt!: string;

  @Field()
  correlationId!: string;
}

@ObjectType('AuditPage')
export class AuditPageObject {
  @Field(() => [AuditEntryObject])
  entries!: AuditEntryObject[];

  @Field()
  hasNextPage!: boolean;
}

@InputType()
export class AuditFilterInput {
  @OptionalText(200)
  actor?: string | null;

  @OptionalInstant('At or after this instant.')
  from?: Date | null;

  @OptionalInstant('Before this instant.')
  to?: Date | null;
}
