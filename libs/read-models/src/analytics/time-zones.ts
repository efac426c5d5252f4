import { utcTime } from '@incident-ledger/domain';
import { MetricsPeriod } from './analytics.types';

const formatters = new Map<string, Intl.DateTimeFormat>();

export class UnknownTimeZoneError extends Error {
  constructor(readonly timeZone: string) {
    super(`Unknown time zone ${JSON.stringify(timeZone)}: use an IANA name such as Europe/Berlin or UTC`);
    this.name = 'UnknownTimeZoneError';
  }
}

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    try {
      format = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        era: 'short',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        weekday: 'short',
      });
    } catch {
      throw new UnknownTimeZoneError(timeZone);
    }
    formatters.set(timeZone, format);
  }
  return format;
}

/** Throws UnknownTimeZoneError unless `timeZone` is one the runtime knows. */
export function assertTimeZone(timeZone: string): void {
  formatter(timeZone);
}

export interface LocalTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  /** 0 for Sunday to 6 for Saturday. */
  weekday: number;
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** The wall clock of `instant` in `timeZone`, as the runtime's time zone data tells it (slow: microseconds a call). */
function wallClock(instant: Date, timeZone: string): LocalTime {
  const parts: Record<string, string> = {};
  for (const part of formatter(timeZone).formatToParts(instant)) parts[part.type] = part.value;
  return {
    // The formatter counts years before 1 as 1 BC, 2 BC…; the proleptic calendar Date uses has a year 0.
    year: parts.era === 'BC' ? 1 - Number(parts.year) : Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    weekday: WEEKDAYS.indexOf(parts.weekday),
  };
}

/**
 * A zone's offset from UTC changes only on a quarter hour (every transition
 * in the time zone database does), so it is looked up once per quarter hour
 * and kept: analytics place hundreds of thousands of incidents in local days.
 */
const QUARTER_HOUR = 15 * 60_000;
const offsets = new Map<string, Map<number, number>>();
const MAX_OFFSETS_PER_ZONE = 200_000;

/** The zone's offset at `instant`, in ms; throws UnknownTimeZoneError for a zone the runtime does not know. */
function offsetAt(instant: number, timeZone: string): number {
  let zone = offsets.get(timeZone);
  if (!zone) {
    formatter(timeZone);
    offsets.set(timeZone, (zone = new Map()));
  }
  const quarter = Math.floor(instant / QUARTER_HOUR);
  let offset = zone.get(quarter);
  if (offset === undefined) {
    const start = quarter * QUARTER_HOUR;
    const local = wallClock(new Date(start), timeZone);
    offset = utcTime(local.year, local.month, local.day, local.hour, local.minute) - start;
    if (zone.size >= MAX_OFFSETS_PER_ZONE) zone.clear();
    zone.set(quarter, offset);
  }
  return offset;
}

/** The wall-clock date and time of `instant` in `timeZone`. */
export function localTime(instant: Date, timeZone: string): LocalTime {
  const local = new Date(instant.getTime() + offsetAt(instant.getTime(), timeZone));
  return {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
    weekday: local.getUTCDay(),
  };
}


const DAY = 86_400_000;
/** YYYY-MM-DD of day numbers (days since 1970-01-01), kept: a report names the same few hundred days over and over. */
const dayNames = new Map<number, string>();
function dayName(day: number): string {
  let name = dayNames.get(day);
  if (name === undefined) {
    name = new Date(day * DAY).toISOString().split('T')[0];
    if (dayNames.size > 100_000) dayNames.clear();
    dayNames.set(day, name);
  }
  return name;
}

/** The local day (days since 1970-01-01, counted in `timeZone`) that `instant` falls in. */
function localDay(instant: Date, timeZone: string): number {
  return Math.floor((instant.getTime() + offsetAt(instant.getTime(), timeZone)) / DAY);
}

/** The Monday of the week holding `day` (both day numbers). */
function mondayOf(day: number): number {
  return day - ((new Date(day * DAY).getUTCDay() + 6) % 7);
}

/** The first local day of the day, week (Monday to Sunday) or month that `instant` falls in, as YYYY-MM-DD. */
export function periodStart(instant: Date, period: MetricsPeriod, timeZone: string): string {
  const day = localDay(instant, timeZone);
  if (period === MetricsPeriod.DAY) return dayName(day);
  if (period === MetricsPeriod.WEEK) return dayName(mondayOf(day));
  return `${dayName(day).slice(0, -2)}01`;
}

/**
 * The Mondays (YYYY-MM-DD) of every week from the one holding `from` to the
 * one holding `to`'s last instant. Counted in day numbers, not by comparing
 * names: a name past the year 9999 ("+010000-01-03") sorts before "9999-…",
 * and a loop that compared names once ran on until the Date overflowed.
 */
export function weeksBetween(from: Date, to: Date, timeZone: string): string[] {
  const last = mondayOf(localDay(new Date(Math.max(from.getTime(), to.getTime() - 1)), timeZone));
  const weeks: string[] = [];
  for (let monday = mondayOf(localDay(from, timeZone)); monday <= last; monday += 7) weeks.push(dayName(monday));
  return weeks;
}

/** The local calendar day (YYYY-MM-DD) `days` days after the one `instant` falls in, in `timeZone` (before it when negative). */
export function localDayAfter(instant: Date, days: number, timeZone: string): string {
  return dayName(localDay(instant, timeZone) + days);
}

/** The instant a local calendar day (YYYY-MM-DD) begins in `timeZone`. */
export function startOfLocalDay(day: string, timeZone: string): Date {
  const [year, month, date] = day.split('-').map(Number);
  const wanted = utcTime(year, month, date);
  // Start from UTC midnight and move by the zone's offset there; again, in case the offset changed in between.
  let guess = wanted;
  for (let step = 0; step < 2; step++) {
    const local = localTime(new Date(guess), timeZone);
    const shownAt = utcTime(local.year, local.month, local.day, local.hour, local.minute);
    guess += wanted - shownAt;
  }
  return new Date(guess);
}
