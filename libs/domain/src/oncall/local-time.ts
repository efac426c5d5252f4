import { Temporal } from 'temporal-polyfill';
import { IsoInstant, LocalDate, LocalTime } from './oncall.types';

/**
 * Wall-clock times in a schedule's zone, turned into instants (epoch
 * milliseconds) by one rule, and never through the server's own zone: every
 * computation names the zone it happens in.
 *
 * The runtime's time-zone data is the authority on every zone's offsets, but
 * asking it is slow (microseconds a call), and a rendering asks for thousands
 * of hand-offs and restriction windows. So it is asked once per zone and
 * year for the offset the year starts with and the transitions in it
 * (`zoneYear`), and the rest is plain arithmetic on those, exact to the
 * millisecond: a local day is a number of days since 1970-01-01, a local time
 * a number of milliseconds since midnight.
 */

const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of a local date. */
export type LocalDay = number;
/** Milliseconds since local midnight of a wall-clock time. */
export type LocalClock = number;

/**
 * The instant a wall-clock time names on a day. A time that does not exist
 * that day (skipped by a spring-forward change) moves forward to the first
 * valid instant, the change itself: 02:30 on New York's spring-forward day is
 * 03:00 EDT. Temporal's 'compatible' would give 03:30 (it shifts by the gap's
 * length), which turns a 02:30 hand-off into a shift half an hour short of the
 * one the rota promised. A time that happens twice (fall-back) takes the
 * earlier instant, as 'compatible' does.
 */
export function instantAt(day: LocalDay, time: LocalClock, timeZone: string): number {
  const wallClock = day * DAY_MS + time;
  // The offsets a day either side can name this wall-clock time (Temporal's own rule for finding candidates).
  const before = offsetAt(wallClock - DAY_MS, timeZone);
  const after = offsetAt(wallClock + DAY_MS, timeZone);
  const earlier = Math.max(before, after);
  const later = Math.min(before, after);
  if (offsetAt(wallClock - earlier, timeZone) === earlier) return wallClock - earlier;
  if (offsetAt(wallClock - later, timeZone) === later) return wallClock - later;
  // In a gap: 'compatible' lands on wallClock - before, past the change (or on it when the time is the gap's
  // first); the change is the last transition at or before that instant.
  return transitionAtOrBefore(wallClock - before, timeZone);
}

/** The local day an instant falls on in the zone. */
export function localDayOf(instant: number, timeZone: string): LocalDay {
  return Math.floor((instant + offsetAt(instant, timeZone)) / DAY_MS);
}

/** ISO weekday of a local day: Monday is 1, Sunday is 7 (1970-01-01 was a Thursday). */
export function isoWeekdayOf(day: LocalDay): number {
  return ((((day + 3) % 7) + 7) % 7) + 1;
}

const LOCAL_TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;
const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** What `Date#toISOString` writes, and so what the ledger stores. */
const CANONICAL_INSTANT = /^(\d{4})-(\d{2})-(\d{2})T([01]\d|2[0-3]):([0-5]\d):([0-5]\d)\.(\d{3})Z$/;

/** 'HH:MM' read directly; any other text as Temporal reads it, so that both give one answer. */
export function parseLocalTime(time: LocalTime): LocalClock {
  const match = LOCAL_TIME.exec(time);
  if (match) return (Number(match[1]) * 60 + Number(match[2])) * 60_000;
  const parsed = Temporal.PlainTime.from(time);
  return ((parsed.hour * 60 + parsed.minute) * 60 + parsed.second) * 1000 + parsed.millisecond;
}

/** 'YYYY-MM-DD' of a real date read directly; any other text as Temporal reads it. */
export function parseLocalDate(date: LocalDate): LocalDay {
  const match = LOCAL_DATE.exec(date);
  const day = match ? utcDay(Number(match[1]), Number(match[2]), Number(match[3])) : undefined;
  return day ?? Temporal.PlainDate.from(date).toZonedDateTime('UTC').epochMilliseconds / DAY_MS;
}

/** The stored form (`toISOString`) read directly; any other ISO 8601 instant as Temporal reads it. */
export function parseInstant(instant: IsoInstant): number {
  const match = CANONICAL_INSTANT.exec(instant);
  const day = match ? utcDay(Number(match[1]), Number(match[2]), Number(match[3])) : undefined;
  if (match && day !== undefined) return day * DAY_MS + ((Number(match[4]) * 60 + Number(match[5])) * 60 + Number(match[6])) * 1000 + Number(match[7]);
  return Temporal.Instant.from(instant).epochMilliseconds;
}

export function formatInstant(instant: number): IsoInstant {
  return new Date(instant).toISOString();
}

/** Days since 1970-01-01 of a calendar date, or undefined when there is no such date (30 February). */
function utcDay(year: number, month: number, day: number): LocalDay | undefined {
  const date = new Date(0);
  // setUTCFullYear, unlike Date.UTC, reads the years 0 to 99 as written.
  date.setUTCFullYear(year, month - 1, day);
  const real = date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return real ? date.getTime() / DAY_MS : undefined;
}

/** A zone's offset at the start of a UTC year [start, end) and the transitions within it. */
interface ZoneYear {
  readonly start: number;
  readonly end: number;
  readonly offset: number;
  readonly transitions: ReadonlyArray<{ readonly at: number; readonly offset: number }>;
}

/** Per zone, per UTC year: at most one entry for each of the supported years of each zone asked about. */
const zoneYears = new Map<string, Map<number, ZoneYear>>();
/** The year each zone was last asked about: a rendering asks about one year thousands of times in a row. */
const lastZoneYears = new Map<string, ZoneYear>();

function zoneYear(timeZone: string, year: number): ZoneYear {
  let years = zoneYears.get(timeZone);
  if (!years) zoneYears.set(timeZone, (years = new Map()));
  let known = years.get(year);
  if (!known) years.set(year, (known = askRuntime(timeZone, year)));
  return known;
}

/**
 * A zone's year from the runtime's own time-zone data (ICU, through Intl):
 * temporal-polyfill 0.3.2 stops applying DST rules ten years after the year
 * the process started (Berlin would stay on +01:00 all summer from 2036),
 * and a schedule is asked about any instant, past or future. The offset is
 * sampled every few hours across the year, and each change is narrowed to the
 * millisecond by bisection; no zone changes twice within the sampling step.
 */
function askRuntime(timeZone: string, year: number): ZoneYear {
  const start = Date.UTC(year, 0, 1);
  const end = Date.UTC(year + 1, 0, 1);
  const transitions: Array<{ at: number; offset: number }> = [];
  let before = start;
  let offset = runtimeOffset(start, timeZone);
  const first = offset;
  for (let probe = Math.min(start + SAMPLE_MS, end); before < end; probe = Math.min(probe + SAMPLE_MS, end)) {
    const probed = probe === end ? runtimeOffset(end - 1, timeZone) : runtimeOffset(probe, timeZone);
    if (probed !== offset) {
      // The change lies in (before, probe]: bisect to its first millisecond.
      let low = before;
      let high = probe === end ? end - 1 : probe;
      while (high - low > 1) {
        const middle = Math.floor((low + high) / 2);
        if (runtimeOffset(middle, timeZone) === offset) low = middle;
        else high = middle;
      }
      offset = runtimeOffset(high, timeZone);
      transitions.push({ at: high, offset });
    }
    before = probe;
  }
  return { start, end, offset: first, transitions };
}

/** Six hours: less than the shortest time any zone has kept between two changes. */
const SAMPLE_MS = 6 * 3_600_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The zone's offset at an instant by the runtime's data: the wall clock it shows, less the instant (to the second). */
function runtimeOffset(instant: number, timeZone: string): number {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric', era: 'short' });
    formatters.set(timeZone, formatter);
  }
  const part: Record<string, number> = {};
  let bc = false;
  for (const { type, value } of formatter.formatToParts(instant)) {
    if (type === 'era') bc = value === 'BC' || value === 'B';
    else if (type !== 'literal') part[type] = Number(value);
  }
  const date = new Date(0);
  date.setUTCFullYear(bc ? 1 - part.year : part.year, part.month - 1, part.day);
  date.setUTCHours(part.hour, part.minute, part.second, 0);
  return date.getTime() - (instant - (((instant % 1000) + 1000) % 1000));
}

/** The zone's offset from UTC at an instant, in milliseconds. */
function offsetAt(instant: number, timeZone: string): number {
  let known = lastZoneYears.get(timeZone);
  if (!known || instant < known.start || instant >= known.end) lastZoneYears.set(timeZone, (known = zoneYear(timeZone, new Date(instant).getUTCFullYear())));
  let current = known.offset;
  for (const transition of known.transitions) {
    if (transition.at > instant) break;
    current = transition.offset;
  }
  return current;
}

/** The last transition at or before an instant; only asked inside a gap, which a transition opened within the day. */
function transitionAtOrBefore(instant: number, timeZone: string): number {
  const year = new Date(instant).getUTCFullYear();
  const candidates = [...zoneYear(timeZone, year - 1).transitions, ...zoneYear(timeZone, year).transitions].filter((transition) => transition.at <= instant);
  return candidates[candidates.length - 1].at;
}

/** An instant as people read it in a zone: '2027-03-29 09:00'. */
export function wallClock(instant: IsoInstant, timeZone: string): string {
  const at = parseInstant(instant);
  return new Date(at + offsetAt(at, timeZone)).toISOString().slice(0, 16).replace('T', ' ');
}
