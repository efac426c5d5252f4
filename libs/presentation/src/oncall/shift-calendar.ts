import { Shift } from '@incident-ledger/domain';
import { escape, ICalCalendar, ICalCalendarMethod } from 'ical-generator';
import { Temporal } from 'temporal-polyfill';
import { tzlib_get_ical_block, tzlib_get_timezones } from 'timezones-ical-library';

// An iCalendar feed of on-call shifts, for calendar apps that subscribe to a
// URL (Google, Outlook, Apple). Times are written in the feed's zone with a
// VTIMEZONE beside them: without one Outlook guesses the zone's rules and
// shows the hours off by one. The VTIMEZONE comes from timezones-ical-library
// (tzdata kept current); @touch4it/ical-timezones, the other generator that
// ical-generator names, still ships 2018 rules, so Mexico City keeps a summer
// time it dropped in 2022, and it has no Europe/Kyiv at all.

export interface CalendarShift extends Shift {
  readonly scheduleId: string;
  readonly scheduleName: string;
}

export interface ShiftCalendar {
  /** Calendar name shown by the app, e.g. "On call: Payments primary" or "On call: alice". */
  readonly name: string;
  /** IANA zone the events are written in (the schedule's zone, or the person's own for a person feed). */
  readonly timeZone: string;
  /** 'schedule' feeds title each event with the person; 'person' feeds with the schedule's name. */
  readonly kind: 'schedule' | 'person';
  /** Shifts of final schedules: never two of one person in one schedule starting at one instant. */
  readonly shifts: readonly CalendarShift[];
  /** When the feed was generated (DTSTAMP), from the server's clock, ISO instant. */
  readonly generatedAt: string;
}

/** How often a subscribed app should fetch the feed again; a hint that Google, for one, ignores. */
const REFRESH_SECONDS = 3600;
const UID_DOMAIN = 'oncall.incident-ledger';
const KNOWN_ZONES: ReadonlySet<string> = new Set(tzlib_get_timezones() as string[]);

/** The text/calendar body of a feed: the same input gives the same bytes. */
export function shiftCalendar(calendar: ShiftCalendar): string {
  const zone = vtimezone(calendar.timeZone);
  const feed = new ICalCalendar({
    // ical-generator writes the calendar's name as given, unescaped.
    name: escape(calendar.name, false),
    prodId: { company: 'Incident Ledger', product: 'On-call shifts', language: 'EN' },
    method: ICalCalendarMethod.PUBLISH,
    ttl: REFRESH_SECONDS,
    // Without a calendar-level zone name: ical-generator would then write
    // DTSTAMP in local time, which RFC 5545 requires in UTC. The events name
    // the zone themselves, and the generator adds the VTIMEZONE they use.
    timezone: { name: null, generator: () => zone.block },
    x: [['X-WR-TIMEZONE', zone.tzid]],
  });
  const stamp = Temporal.Instant.from(calendar.generatedAt);
  for (const shift of calendar.shifts) {
    // Instants, not Dates: ical-generator writes a Date's hours in the process's own zone.
    const start = Temporal.Instant.from(shift.from);
    const end = Temporal.Instant.from(shift.to);
    feed.createEvent({
      id: shiftUid(shift),
      start,
      end,
      // A shift that touches the hour repeated when clocks go back is written
      // in UTC instead ('Z'), which every app places exactly.
      timezone: [start, end].some((instant) => inRepeatedHour(instant, zone.tzid)) ? null : zone.tzid,
      stamp,
      summary: `On call: ${calendar.kind === 'schedule' ? shift.person : shift.scheduleName}`,
      description: shiftDescription(shift),
    });
  }
  return feed.toString();
}

/**
 * The zone's VTIMEZONE and the TZID it declares, which is the canonical name
 * (Europe/Kyiv for Europe/Kiev): the events must name the same TZID.
 */
function vtimezone(timeZone: string): { tzid: string; block: string } {
  // Unknown names make the library print to the console and return nothing, so look first.
  if (!KNOWN_ZONES.has(timeZone)) throw new Error(`No VTIMEZONE for the time zone ${JSON.stringify(timeZone)}`);
  const [block] = tzlib_get_ical_block(timeZone, false) as string[];
  const tzid = /^TZID:(.+)$/m.exec(block)?.[1]?.trim();
  if (!tzid) throw new Error(`The VTIMEZONE of ${JSON.stringify(timeZone)} has no TZID`);
  return { tzid, block };
}

/**
 * True when the instant's wall-clock time occurs twice (the hour repeated when
 * clocks go back). RFC 5545 reads such a time as the first occurrence; ical.js
 * reads the second; so neither can be trusted with it.
 */
function inRepeatedHour(instant: Temporal.Instant, timeZone: string): boolean {
  const wallClock = instant.toZonedDateTimeISO(timeZone).toPlainDateTime();
  const earlier = wallClock.toZonedDateTime(timeZone, { disambiguation: 'earlier' });
  const later = wallClock.toZonedDateTime(timeZone, { disambiguation: 'later' });
  return earlier.epochNanoseconds !== later.epochNanoseconds;
}

/**
 * Stable across fetches, so an app that fetches the feed again updates an
 * event (a shift that grew longer) instead of adding a second one. Each part
 * is percent-encoded: ical-generator writes the UID unescaped, names may hold
 * any character, and an encoded part cannot hold the '/' between parts.
 */
function shiftUid(shift: CalendarShift): string {
  // One instant has one spelling: 2026-06-01T09:00+02:00 and 07:00Z give one id.
  const start = Temporal.Instant.from(shift.from).toString().replace(/[-:]/g, '');
  return `${encodeURIComponent(shift.scheduleId)}/${encodeURIComponent(shift.person)}/${start}@${UID_DOMAIN}`;
}

function shiftDescription(shift: CalendarShift): string {
  const who = `${shift.person} is on call for ${shift.scheduleName}`;
  return shift.source.kind === 'LAYER' ? `${who} by rotation (layer ${shift.source.layerId}).` : `${who} by an override (${shift.source.overrideId}).`;
}
