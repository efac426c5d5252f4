import { ONCALL_LIMITS } from '@incident-ledger/domain';
import { Extensions, Field, Float, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { MAX_LIST_SIZE_EXTENSION } from '../../platform/graphql/query-cost';
import { DateTimeScalar } from '../../platform/graphql/date-time.scalar';
import { RestrictionKind, RotationUnitEnum } from './oncall.inputs';

export enum ShiftSourceKind {
  LAYER = 'LAYER',
  OVERRIDE = 'OVERRIDE',
}
registerEnumType(ShiftSourceKind, { name: 'ShiftSourceKind', description: 'Where a shift comes from: a layer’s rotation, or an override (a taken swap is one).' });

export enum ShiftSwapStatusEnum {
  OFFERED = 'OFFERED',
  TAKEN = 'TAKEN',
  WITHDRAWN = 'WITHDRAWN',
  EXPIRED = 'EXPIRED',
}
registerEnumType(ShiftSwapStatusEnum, { name: 'ShiftSwapStatus', description: 'OFFERED until taken, withdrawn, or its start passes (EXPIRED).' });

@ObjectType('Rotation')
export class RotationObject {
  @Field(() => RotationUnitEnum)
  unit!: RotationUnitEnum;

  @Field(() => Int)
  length!: number;
}

@ObjectType('Restriction', { description: 'A window of local time in which the layer has someone on call.' })
export class RestrictionObject {
  @Field(() => RestrictionKind)
  kind!: RestrictionKind;

  @Field()
  from!: string;

  @Field()
  to!: string;

  @Field(() => Int, { nullable: true })
  fromDay?: number | null;

  @Field(() => Int, { nullable: true })
  toDay?: number | null;
}

@ObjectType('ScheduleLayer', { description: 'A rotation of people: each takes a turn of the rotation’s length, handing off at the same local time.' })
export class ScheduleLayerObject {
  @Field({ description: 'layer-1, layer-2… in the order layers were added.' })
  id!: string;

  @Field()
  name!: string;

  @Field(() => [String], { description: 'In rotation order.' })
  members!: string[];

  @Field(() => RotationObject)
  rotation!: RotationObject;

  @Field({ description: 'HH:MM in the schedule’s zone.' })
  handOff!: string;

  @Field({ description: 'YYYY-MM-DD: the local day of the first hand-off.' })
  startDate!: string;

  @Field(() => [RestrictionObject])
  @Extensions({ [MAX_LIST_SIZE_EXTENSION]: ONCALL_LIMITS.restrictionsMaxCount })
  restrictions!: RestrictionObject[];

  @Field(() => DateTimeScalar, { nullable: true })
  endsAt!: string | null;

  @Field(() => String, { nullable: true, description: 'The zone of its hand-offs and windows; null: the schedule’s.' })
  timeZone!: string | null;
}

@ObjectType('ScheduleOverride', { description: 'Someone on call over a stretch, above every layer; where overrides overlap, the later one wins.' })
export class ScheduleOverrideObject {
  @Field()
  id!: string;

  @Field()
  person!: string;

  @Field(() => DateTimeScalar)
  from!: string;

  @Field(() => DateTimeScalar)
  to!: string;
}

@ObjectType('ShiftSwap', { description: 'A stretch of someone’s shifts offered to their teammates; once taken, it acts as an override.' })
export class ShiftSwapObject {
  @Field()
  id!: string;

  @Field({ description: 'Who offered it.' })
  person!: string;

  @Field(() => DateTimeScalar)
  from!: string;

  @Field(() => DateTimeScalar)
  to!: string;

  @Field(() => DateTimeScalar)
  offeredAt!: string;

  @Field(() => ShiftSwapStatusEnum)
  status!: ShiftSwapStatusEnum;

  @Field(() => String, { nullable: true })
  takenBy!: string | null;

  @Field(() => String, { nullable: true, description: 'The override a taken swap acts as.' })
  overrideId!: string | null;
}

@ObjectType('Shift', { description: 'Someone on call over [from, to).' })
export class ShiftObject {
  @Field()
  scheduleId!: string;

  @Field()
  person!: string;

  @Field(() => DateTimeScalar)
  from!: string;

  @Field(() => DateTimeScalar)
  to!: string;

  @Field(() => ShiftSourceKind)
  source!: ShiftSourceKind;

  @Field(() => String, { nullable: true })
  layerId!: string | null;

  @Field(() => String, { nullable: true })
  overrideId!: string | null;
}

@ObjectType('OnCall', { description: 'Who is on call at an instant, from which layer or override, and over which stretch of the final schedule.' })
export class OnCallObject extends ShiftObject {
  @Field(() => DateTimeScalar, { nullable: true, description: 'Since when (null: more than 400 days before).' })
  declare from: string;

  @Field(() => DateTimeScalar, { nullable: true, description: 'Until when (null: more than 400 days after).' })
  declare to: string;
}

@ObjectType('ScheduleGap', { description: 'A stretch with nobody on call.' })
export class GapObject {
  @Field(() => DateTimeScalar)
  from!: string;

  @Field(() => DateTimeScalar)
  to!: string;
}

@ObjectType('OnCallLoad', { description: 'One person’s hours on call over a period, and how many fell outside Monday–Friday 09:00–17:00 in their own time zone.' })
export class OnCallLoadObject {
  @Field()
  person!: string;

  @Field({ description: 'The zone working hours were placed in: the person’s in the catalogue, else UTC.' })
  timeZone!: string;

  @Field(() => Float)
  hours!: number;

  @Field(() => Float)
  hoursOutsideWorkingHours!: number;

  @Field(() => Float, { description: 'hoursOutsideWorkingHours / hours, 0 to 1.' })
  shareOutsideWorkingHours!: number;

  @Field(() => Int)
  shifts!: number;
}

@ObjectType('Schedule', { description: 'An on-call schedule: layers of rotations and overrides above them, in the schedule’s time zone.' })
export class ScheduleObject {
  @Field()
  id!: string;

  @Field()
  name!: string;

  @Field({ description: 'The owning team’s slug: its members change the schedule.' })
  ownerTeam!: string;

  @Field({ description: 'IANA zone of hand-offs and restrictions.' })
  timeZone!: string;

  @Field(() => DateTimeScalar)
  createdAt!: string;

  @Field(() => DateTimeScalar)
  updatedAt!: string;

  @Field(() => DateTimeScalar, { nullable: true, description: 'The instant the schedule is shown as of (time travel); null: as it stands now.' })
  asOf!: string | null;
}

@ObjectType('CalendarFeedUrl', { description: 'A calendar feed’s secret URL, shown this once: calendar apps subscribe to it without an API key. Rotating it again stops this one.' })
export class CalendarFeedUrlObject {
  @Field({ description: 'The path on this server, such as /oncall/calendars/ilc_….ics: prefix it with the server’s public address.' })
  path!: string;

  @Field(() => DateTimeScalar)
  rotatedAt!: string;
}

@ObjectType('ShiftReminderSettings', { description: 'When you are reminded of your on-call shifts.' })
export class ShiftReminderSettingsObject {
  @Field(() => [Int], { description: 'Hours before each shift, longest first; empty: no reminders.' })
  hoursBefore!: number[];

  @Field({ description: 'False: the server’s default (SHIFT_REMINDERS), which changes with it.' })
  chosen!: boolean;

  @Field({ description: 'False when the server sends no shift reminders at all (SHIFT_REMINDERS=off), whatever is chosen.' })
  sentByThisServer!: boolean;
}
