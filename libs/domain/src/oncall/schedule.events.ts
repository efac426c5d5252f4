import { IsoInstant, Override, ScheduleLayer } from './oncall.types';

/** One stream per schedule: `schedule-<slug>`. */
export const SCHEDULE_STREAM_PREFIX = 'schedule-';

export const scheduleStreamId = (scheduleId: string): string => `${SCHEDULE_STREAM_PREFIX}${scheduleId}`;

interface Recorded {
  /** When it was written: nothing it changes takes effect before. */
  at: IsoInstant;
  by: string;
}

/** From when a change of the rota counts: its recording instant, or a later one given. */
interface Effective {
  effectiveFrom: IsoInstant;
}

export interface ScheduleCreated {
  type: 'ScheduleCreated';
  data: { scheduleId: string; name: string; ownerTeam: string; timeZone: string } & Recorded;
}

export interface ScheduleRenamed {
  type: 'ScheduleRenamed';
  data: { scheduleId: string; name: string } & Recorded;
}

/** A new layer, above the others. */
export interface ScheduleLayerAdded {
  type: 'ScheduleLayerAdded';
  data: { scheduleId: string; layer: ScheduleLayer } & Effective & Recorded;
}

/** The layer as it is from `effectiveFrom` on (all its fields); before, it stays as it was. */
export interface ScheduleLayerChanged {
  type: 'ScheduleLayerChanged';
  data: { scheduleId: string; layer: ScheduleLayer } & Effective & Recorded;
}

/** Nobody from the layer is on call from `endsAt` on; the layer stays in the schedule's history. */
export interface ScheduleLayerEnded {
  type: 'ScheduleLayerEnded';
  data: { scheduleId: string; layerId: string; endsAt: IsoInstant } & Recorded;
}

/** The layers' ids from the lowest to the highest. */
export interface ScheduleLayersReordered {
  type: 'ScheduleLayersReordered';
  data: { scheduleId: string; order: string[] } & Effective & Recorded;
}

/** Counts from the instant it is recorded (a part in the past changes nothing). */
export interface ScheduleOverrideAdded {
  type: 'ScheduleOverrideAdded';
  data: { scheduleId: string; override: Override } & Recorded;
}

export interface ScheduleOverrideRemoved {
  type: 'ScheduleOverrideRemoved';
  data: { scheduleId: string; overrideId: string } & Recorded;
}

/** `person` offers [from, to), a stretch of their own shifts; untaken, it expires at `from`. */
export interface ShiftSwapOffered {
  type: 'ShiftSwapOffered';
  data: { scheduleId: string; swapId: string; person: string; from: IsoInstant; to: IsoInstant } & Recorded;
}

/** `takenBy` is on call over the offered stretch: the swap acts as an override from now on. */
export interface ShiftSwapTaken {
  type: 'ShiftSwapTaken';
  data: { scheduleId: string; swapId: string; takenBy: string; overrideId: string } & Recorded;
}

export interface ShiftSwapWithdrawn {
  type: 'ShiftSwapWithdrawn';
  data: { scheduleId: string; swapId: string } & Recorded;
}

/** `person` was reminded that their shift starts in `hoursBefore` hours (what the notification outbox tells them and the channels that listen). */
export interface ShiftReminderSent {
  type: 'ShiftReminderSent';
  data: { scheduleId: string; person: string; shiftFrom: IsoInstant; shiftTo: IsoInstant; hoursBefore: number } & Recorded;
}

/** The owning team was warned that nobody is on call from `gapFrom` (until `gapTo`; null: beyond what was looked at). */
export interface ScheduleGapWarned {
  type: 'ScheduleGapWarned';
  data: { scheduleId: string; gapFrom: IsoInstant; gapTo: IsoInstant | null } & Recorded;
}

export type ScheduleEvent =
  | ScheduleCreated
  | ScheduleRenamed
  | ScheduleLayerAdded
  | ScheduleLayerChanged
  | ScheduleLayerEnded
  | ScheduleLayersReordered
  | ScheduleOverrideAdded
  | ScheduleOverrideRemoved
  | ShiftSwapOffered
  | ShiftSwapTaken
  | ShiftSwapWithdrawn
  | ShiftReminderSent
  | ScheduleGapWarned;
