/**
 * An on-call schedule as the renderer reads it: pure data, every time either
 * an instant (ISO 8601 with an offset) or a wall-clock time in the schedule's
 * own zone. The events and read models of the next layers hold these shapes.
 */

/** 'HH:MM', 24-hour, in the schedule's time zone. */
export type LocalTime = string;
/** 'YYYY-MM-DD' in the schedule's time zone. */
export type LocalDate = string;
/** ISO 8601 instant with an offset, e.g. '2026-03-08T07:00:00.000Z'. */
export type IsoInstant = string;

export type RotationUnit = 'HOUR' | 'DAY' | 'WEEK';

export interface Rotation {
  readonly unit: RotationUnit;
  readonly length: number;
}

/** ISO weekday: Monday is 1, Sunday is 7. */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/**
 * When a layer may have someone on call, in local time. A window whose end
 * is not after its start spans midnight (daily) or the week's end (weekly);
 * one whose end equals its start lasts a whole day (daily) or week (weekly).
 */
export type Restriction =
  | { readonly kind: 'DAILY'; readonly from: LocalTime; readonly to: LocalTime }
  | { readonly kind: 'WEEKLY'; readonly fromDay: IsoWeekday; readonly from: LocalTime; readonly toDay: IsoWeekday; readonly to: LocalTime };

export interface LayerDefinition {
  readonly id: string;
  /** In rotation order; the first takes the first shift. */
  readonly members: readonly string[];
  readonly rotation: Rotation;
  /** Wall-clock time of every hand-off (of the first only, for HOUR rotations). */
  readonly handOff: LocalTime;
  /** The local day of the first hand-off. */
  readonly startDate: LocalDate;
  /** Empty means always. */
  readonly restrictions: readonly Restriction[];
  readonly endsAt: IsoInstant | null;
  /**
   * The zone of the layer's hand-offs and windows, when it is not the
   * schedule's: a follow-the-sun layer hands off in its own region's local
   * time. Null or absent: the schedule's zone.
   */
  readonly timeZone?: string | null;
}

export interface Override {
  readonly id: string;
  readonly person: string;
  readonly from: IsoInstant;
  readonly to: IsoInstant;
}

export interface ScheduleDefinition {
  /** An IANA time zone, e.g. 'Europe/Berlin'. */
  readonly timeZone: string;
  /** Lowest first: where layers overlap, the later one wins. */
  readonly layers: readonly LayerDefinition[];
  /** Above every layer; where overrides overlap, the later one wins. */
  readonly overrides: readonly Override[];
}

export type ShiftSource = { readonly kind: 'LAYER'; readonly layerId: string } | { readonly kind: 'OVERRIDE'; readonly overrideId: string };

/** Someone on call over [from, to). */
export interface Shift {
  readonly person: string;
  readonly from: IsoInstant;
  readonly to: IsoInstant;
  readonly source: ShiftSource;
}

/** A span with nobody on call, [from, to). */
export interface Gap {
  readonly from: IsoInstant;
  readonly to: IsoInstant;
}

/** A layer as a schedule keeps it: its rendering fields and a name people read. */
export interface ScheduleLayer extends LayerDefinition {
  readonly name: string;
}

/** A schedule's definition with its layers' names. */
export interface NamedScheduleDefinition extends ScheduleDefinition {
  readonly layers: readonly ScheduleLayer[];
}
