import { parseInstant } from './local-time';
import { IsoWeekday, Restriction, Shift } from './oncall.types';
import { allowedSpans } from './restriction-windows';

const HOUR_MS = 3_600_000;

/** Working hours, in each person's own zone: Monday to Friday, 09:00 to 17:00. */
export const WORKING_HOURS: readonly Restriction[] = ([1, 2, 3, 4, 5] as IsoWeekday[]).map((day) => ({ kind: 'WEEKLY', fromDay: day, from: '09:00', toDay: day, to: '17:00' }));

/** One person's on-call hours over a period: how rotation spreads the work, and how much of it falls in their evenings, nights and weekends. */
export interface OnCallLoad {
  readonly person: string;
  readonly hours: number;
  readonly hoursOutsideWorkingHours: number;
  /** Shifts counted (a shift cut by the period counts). */
  readonly shifts: number;
}

/**
 * The load of each person in `shifts` (already cut to the period), most hours
 * first. Working hours are placed in the person's own zone, day by day, so a
 * night in Sydney is a night whatever the schedule's zone.
 */
export function onCallLoad(shifts: readonly Shift[], timeZoneOf: (person: string) => string): OnCallLoad[] {
  const load = new Map<string, { hours: number; outside: number; shifts: number }>();
  for (const shift of shifts) {
    const from = parseInstant(shift.from);
    const to = parseInstant(shift.to);
    const working = allowedSpans(WORKING_HOURS, timeZoneOf(shift.person), from, to).reduce((sum, span) => sum + span.to - span.from, 0);
    const entry = load.get(shift.person) ?? { hours: 0, outside: 0, shifts: 0 };
    entry.hours += (to - from) / HOUR_MS;
    entry.outside += (to - from - working) / HOUR_MS;
    entry.shifts += 1;
    load.set(shift.person, entry);
  }
  return [...load]
    .map(([person, entry]) => ({ person, hours: round(entry.hours), hoursOutsideWorkingHours: round(entry.outside), shifts: entry.shifts }))
    .sort((a, b) => b.hours - a.hours || a.person.localeCompare(b.person));
}

/** To the minute's precision people read hours in. */
function round(hours: number): number {
  return Math.round(hours * 100) / 100;
}
