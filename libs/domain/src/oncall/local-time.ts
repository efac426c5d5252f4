import { Temporal } from 'temporal-polyfill';
import { IsoInstant, LocalDate, LocalTime } from './oncall.types';

/**
 * Wall-clock times in a schedule's zone, turned into instants (epoch
 * milliseconds) by one rule, and never through the server's own zone: every
 * computation names the zone it happens in.
 */

/**
 * The instant a wall-clock time names on a day. A time that does not exist
 * that day (skipped by a spring-forward change) moves forward to the first
 * valid instant, the change itself: 02:30 on New York's spring-forward day is
 * 03:00 EDT. Temporal's 'compatible' would give 03:30 (it shifts by the gap's
 * length), which turns a 02:30 hand-off into a shift half an hour short of the
 * one the rota promised. A time that happens twice (fall-back) takes the
 * earlier instant, as 'compatible' does.
 */
export function instantAt(date: Temporal.PlainDate, time: Temporal.PlainTime, timeZone: string): number {
  const wanted = date.toPlainDateTime(time);
  const zoned = wanted.toZonedDateTime(timeZone, { disambiguation: 'compatible' });
  if (Temporal.PlainDateTime.compare(zoned.toPlainDateTime(), wanted) === 0) return zoned.epochMilliseconds;
  // In a gap, 'compatible' lands past the change, or on it when the time is the gap's first (02:00 when
  // 02:00 becomes 03:00): look back from just after, since the previous transition is strictly earlier.
  return zoned.add({ nanoseconds: 1 }).getTimeZoneTransition('previous')!.epochMilliseconds;
}

export function localDateOf(instant: number, timeZone: string): Temporal.PlainDate {
  return Temporal.Instant.fromEpochMilliseconds(instant).toZonedDateTimeISO(timeZone).toPlainDate();
}

export function parseLocalTime(time: LocalTime): Temporal.PlainTime {
  return Temporal.PlainTime.from(time);
}

export function parseLocalDate(date: LocalDate): Temporal.PlainDate {
  return Temporal.PlainDate.from(date);
}

export function parseInstant(instant: IsoInstant): number {
  return Temporal.Instant.from(instant).epochMilliseconds;
}

export function formatInstant(instant: number): IsoInstant {
  return new Date(instant).toISOString();
}

/** An instant as people read it in a zone: '2027-03-29 09:00'. */
export function wallClock(instant: IsoInstant, timeZone: string): string {
  return Temporal.Instant.from(instant).toZonedDateTimeISO(timeZone).toPlainDateTime().toString({ smallestUnit: 'minute' }).replace('T', ' ');
}
