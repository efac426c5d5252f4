import { Field, InputType, Int } from '@nestjs/graphql';
import { IsInt, IsOptional, IsString, MaxLength } from 'class-validator';
import { OptionalInstant } from '../../platform/graphql/input-fields';

/** The report a link opens: the reviewReport query's arguments, each with the same default. */
@InputType()
export class ReviewReportLinkInput {
  @OptionalInstant('Start of the period; by default 30 days before to.')
  from?: Date | null;

  @OptionalInstant('End of the period (excluded); by default the end of today in timeZone.')
  to?: Date | null;

  @Field(() => String, { nullable: true, description: 'An IANA time zone (Europe/Berlin); UTC by default.' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  timeZone?: string | null;

  @Field(() => Int, { nullable: true, description: 'A service or cause with at least this many incidents is a recurring problem; 3 by default.' })
  @IsOptional()
  @IsInt()
  recurringThreshold?: number | null;

  @Field(() => Int, { nullable: true, description: 'Working hours, Monday to Friday in the time zone: 9 to 18 by default.' })
  @IsOptional()
  @IsInt()
  workdayStartHour?: number | null;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  workdayEndHour?: number | null;
}
