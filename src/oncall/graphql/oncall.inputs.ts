import { ONCALL_LIMITS as LIMITS, RotationUnit } from '@incident-ledger/domain';
import { applyDecorators } from '@nestjs/common';
import { Field, InputType, Int, registerEnumType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsDate, IsIn, IsInt, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { DateTimeScalar } from '../../platform/graphql/date-time.scalar';
import { CommandIdField, OptionalInstant, OptionalStrings, OptionalText, Text } from '../../platform/graphql/input-fields';

// Shapes and sizes are checked here; what the values must be (a real zone, a time of day,
// a shift that is yours) is the domain's to decide, naming the field.

export enum RotationUnitEnum {
  HOUR = 'HOUR',
  DAY = 'DAY',
  WEEK = 'WEEK',
}
registerEnumType(RotationUnitEnum, { name: 'RotationUnit', description: 'What a rotation counts in: HOUR rotations are fixed lengths; DAY and WEEK ones hand off at the same local time, across DST changes too.' });

export enum RestrictionKind {
  DAILY = 'DAILY',
  WEEKLY = 'WEEKLY',
}
registerEnumType(RestrictionKind, { name: 'RestrictionKind', description: 'A window every day (09:00–17:00) or every week (Monday 09:00 to Friday 17:00).' });

const idLength = LIMITS.idMaxLength;

/** An optional list of nested inputs, each validated, at most `maxCount`. */
const OptionalList = (type: () => new () => object, maxCount: number, description?: string) =>
  applyDecorators(Field(() => [type()], { nullable: true, description }), IsOptional(), ArrayMaxSize(maxCount), ValidateNested({ each: true }), Type(type));

@InputType({ isAbstract: true })
abstract class ScheduleMutationInput {
  @CommandIdField('Your id for this change (letters, digits and . _ : -): retrying with the same id writes nothing twice; the same id with another change is refused.')
  commandId?: string | null;
}

@InputType({ isAbstract: true })
abstract class OnScheduleInput extends ScheduleMutationInput {
  @Text(idLength, 'The schedule’s id.')
  scheduleId!: string;
}

/** A stretch of a schedule, [from, to). */
@InputType({ isAbstract: true })
abstract class StretchInput extends OnScheduleInput {
  @Field(() => DateTimeScalar)
  @Type(() => Date)
  @IsDate()
  from!: Date;

  @Field(() => DateTimeScalar)
  @Type(() => Date)
  @IsDate()
  to!: Date;
}

@InputType({ isAbstract: true })
abstract class EffectiveInput extends OnScheduleInput {
  @OptionalInstant('From when the change counts: now when not given, never in the past (the past is not rewritten).')
  effectiveFrom?: Date | null;
}

@InputType()
export class RotationInput {
  @Field(() => RotationUnitEnum)
  @IsIn(Object.values(RotationUnitEnum))
  unit!: RotationUnit;

  @Field(() => Int, { description: 'How many units one person’s turn lasts: up to a year.' })
  @IsInt()
  length!: number;
}

@InputType({ description: 'When a layer may have someone on call, in the schedule’s local time. A window whose end is not after its start spans midnight (or the week’s end).' })
export class RestrictionInput {
  @Field(() => RestrictionKind)
  @IsIn(Object.values(RestrictionKind))
  kind!: RestrictionKind;

  @Text(5, 'HH:MM')
  from!: string;

  @Text(5, 'HH:MM')
  to!: string;

  @Field(() => Int, { nullable: true, description: 'WEEKLY: the first day, 1 (Monday) to 7 (Sunday).' })
  @IsOptional()
  @IsInt()
  fromDay?: number | null;

  @Field(() => Int, { nullable: true, description: 'WEEKLY: the last day, 1 (Monday) to 7 (Sunday).' })
  @IsOptional()
  @IsInt()
  toDay?: number | null;
}

@InputType()
export class LayerInput {
  @Text(idLength)
  name!: string;

  @Field(() => [String], { description: 'In rotation order: the first takes the first turn.' })
  @ArrayMaxSize(LIMITS.membersMaxCount)
  @IsString({ each: true })
  @MaxLength(idLength, { each: true })
  members!: string[];

  @Field(() => RotationInput)
  @ValidateNested()
  @Type(() => RotationInput)
  rotation!: RotationInput;

  @Text(5, 'The hand-off time, HH:MM in the schedule’s zone.')
  handOff!: string;

  @Text(10, 'The local day of the first hand-off, YYYY-MM-DD.')
  startDate!: string;

  @OptionalList(() => RestrictionInput, LIMITS.restrictionsMaxCount)
  restrictions?: RestrictionInput[] | null;

  @OptionalInstant('When the layer stops; it runs on when not given.')
  endsAt?: Date | null;

  @OptionalText(64, 'The zone of this layer’s hand-offs and windows, when it is not the schedule’s (a follow-the-sun region’s own).')
  timeZone?: string | null;
}

@InputType()
export class CreateScheduleInput extends ScheduleMutationInput {
  @Text(63, 'A slug: lower-case letters, digits and dashes; the schedule’s id for good.')
  id!: string;

  @Text(idLength)
  name!: string;

  @Text(63, 'The slug of the team that owns the schedule: its members may change it.')
  ownerTeam!: string;

  @Text(64, 'An IANA time zone, such as Europe/Berlin: hand-offs and restrictions are in its local time.')
  timeZone!: string;

  @OptionalList(() => LayerInput, LIMITS.layersMaxCount, 'Lowest first: where layers overlap, the later one wins.')
  layers?: LayerInput[] | null;
}

@InputType()
export class RenameScheduleInput extends OnScheduleInput {
  @Text(idLength)
  name!: string;
}

@InputType()
export class AddScheduleLayerInput extends EffectiveInput {
  @Field(() => LayerInput, { description: 'Added above the other layers.' })
  @ValidateNested()
  @Type(() => LayerInput)
  layer!: LayerInput;
}

@InputType({ description: 'The fields given change, from `effectiveFrom` on; the others stay.' })
export class ChangeScheduleLayerInput extends EffectiveInput {
  @Text(idLength)
  layerId!: string;

  @OptionalText(idLength)
  name?: string | null;

  @OptionalStrings(LIMITS.membersMaxCount, idLength, 'In rotation order.')
  members?: string[] | null;

  @Field(() => RotationInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => RotationInput)
  rotation?: RotationInput | null;

  @OptionalText(5)
  handOff?: string | null;

  @OptionalText(10)
  startDate?: string | null;

  @OptionalText(64, 'The layer’s own zone; an empty string for the schedule’s.')
  timeZone?: string | null;

  @OptionalList(() => RestrictionInput, LIMITS.restrictionsMaxCount)
  restrictions?: RestrictionInput[] | null;
}

@InputType()
export class EndScheduleLayerInput extends OnScheduleInput {
  @Text(idLength)
  layerId!: string;

  @OptionalInstant('When nobody from the layer is on call any more: now when not given.')
  endsAt?: Date | null;
}

@InputType()
export class ReorderScheduleLayersInput extends EffectiveInput {
  @Field(() => [String], { description: 'Every layer’s id, the lowest first.' })
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @MaxLength(idLength, { each: true })
  order!: string[];
}

@InputType()
export class AddScheduleOverrideInput extends StretchInput {
  @Text(idLength, 'Who is on call instead.')
  person!: string;
}

@InputType()
export class RemoveScheduleOverrideInput extends OnScheduleInput {
  @Text(idLength)
  overrideId!: string;
}

@InputType({ description: 'Offer a stretch of your shifts to your teammates; it expires at its start if nobody takes it.' })
export class OfferShiftSwapInput extends StretchInput {
  @OptionalText(idLength, 'Whose shift: yours when not given (admins may name anyone).')
  person?: string | null;
}

@InputType()
export class TakeShiftSwapInput extends OnScheduleInput {
  @Text(idLength)
  swapId!: string;

  @OptionalText(idLength, 'Who takes it: you when not given (admins may name anyone).')
  person?: string | null;
}

@InputType()
export class WithdrawShiftSwapInput extends OnScheduleInput {
  @Text(idLength)
  swapId!: string;
}
