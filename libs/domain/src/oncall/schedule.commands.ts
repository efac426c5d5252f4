import { IsoInstant, LocalDate, LocalTime, Restriction, Rotation } from './oncall.types';

/** A layer as a request describes it; the schedule names it (`layer-<n>`). */
export interface NewLayer {
  name: string;
  members: string[];
  rotation: Rotation;
  handOff: LocalTime;
  startDate: LocalDate;
  restrictions?: Restriction[] | null;
  endsAt?: IsoInstant | null;
  /** The layer's own zone for its hand-offs and windows; the schedule's when not given. */
  timeZone?: string | null;
}

interface ScheduleCommandBase {
  scheduleId: string;
  actor: string;
}

/** From when the change counts; now when not given, and never before now (the past is not rewritten). */
interface EffectiveFrom {
  effectiveFrom?: IsoInstant | null;
}

export interface CreateSchedule extends ScheduleCommandBase {
  type: 'CreateSchedule';
  name: string;
  ownerTeam: string;
  timeZone: string;
  /** Lowest first. */
  layers?: NewLayer[];
}

export interface RenameSchedule extends ScheduleCommandBase {
  type: 'RenameSchedule';
  name: string;
}

export interface AddScheduleLayer extends ScheduleCommandBase, EffectiveFrom {
  type: 'AddScheduleLayer';
  layer: NewLayer;
}

/** The fields given change; the others stay. */
export interface ChangeScheduleLayer extends ScheduleCommandBase, EffectiveFrom {
  type: 'ChangeScheduleLayer';
  layerId: string;
  changes: Partial<NewLayer>;
}

export interface EndScheduleLayer extends ScheduleCommandBase {
  type: 'EndScheduleLayer';
  layerId: string;
  /** Now when not given. */
  endsAt?: IsoInstant | null;
}

export interface ReorderScheduleLayers extends ScheduleCommandBase, EffectiveFrom {
  type: 'ReorderScheduleLayers';
  /** Every layer's id, the lowest first. */
  order: string[];
}

export interface AddScheduleOverride extends ScheduleCommandBase {
  type: 'AddScheduleOverride';
  person: string;
  from: IsoInstant;
  to: IsoInstant;
}

export interface RemoveScheduleOverride extends ScheduleCommandBase {
  type: 'RemoveScheduleOverride';
  overrideId: string;
}

export interface OfferShiftSwap extends ScheduleCommandBase {
  type: 'OfferShiftSwap';
  /** Whose shift: on call over all of [from, to). */
  person: string;
  from: IsoInstant;
  to: IsoInstant;
}

export interface TakeShiftSwap extends ScheduleCommandBase {
  type: 'TakeShiftSwap';
  swapId: string;
  /** Who takes it. */
  person: string;
}

export interface WithdrawShiftSwap extends ScheduleCommandBase {
  type: 'WithdrawShiftSwap';
  swapId: string;
}

/** The shift reminders' process: sent unless already sent, or the shift is no longer so (someone else, or another start). */
export interface SendShiftReminder extends ScheduleCommandBase {
  type: 'SendShiftReminder';
  person: string;
  shiftFrom: IsoInstant;
  shiftTo: IsoInstant;
  hoursBefore: number;
}

/** The gap warnings' process: sent once per gap start, while nobody is on call from then. */
export interface WarnScheduleGap extends ScheduleCommandBase {
  type: 'WarnScheduleGap';
  gapFrom: IsoInstant;
  gapTo: IsoInstant | null;
}

export type ScheduleCommand =
  | CreateSchedule
  | RenameSchedule
  | AddScheduleLayer
  | ChangeScheduleLayer
  | EndScheduleLayer
  | ReorderScheduleLayers
  | AddScheduleOverride
  | RemoveScheduleOverride
  | OfferShiftSwap
  | TakeShiftSwap
  | WithdrawShiftSwap
  | SendShiftReminder
  | WarnScheduleGap;
