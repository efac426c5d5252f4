import { Field, InputType, Int, ObjectType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsDate, IsOptional, IsString, MaxLength } from 'class-validator';
import { DateTimeScalar } from '../graphql/date-time.scalar';

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
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  actor?: string | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'At or after this instant.' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  from?: Date | null;

  @Field(() => DateTimeScalar, { nullable: true, description: 'Before this instant.' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  to?: Date | null;
}
