import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { instantAt, isoWeekdayOf, localDayOf, parseInstant, parseLocalDate, parseLocalTime } from './local-time';

// The zone arithmetic asks the runtime's zone data only for each year's
// offsets and transitions; here every answer is checked against asking
// Temporal directly, the way the renderer did before, on the days where it
// matters: the days of every transition of these zones in 2026 to 2028 and in
// 2034 to 2035, and random days from 1970 to 2035. From 2036 temporal-polyfill
// 0.3.2 applies no DST rules at all (its horizon is ten years after the year
// the process started): there the answers are checked by hand and against
// Intl.

// Northern and southern DST, half-hour and 45-minute offsets, a half-hour DST change (Lord Howe), midnight changes (Santiago, Havana).
const ZONES = ['Europe/Berlin', 'America/New_York', 'Australia/Sydney', 'Asia/Kolkata', 'Pacific/Chatham', 'Australia/Lord_Howe', 'America/Santiago', 'America/Havana', 'UTC'];
const DAY_MS = 86_400_000;
const QUARTER_HOURS = Array.from({ length: 96 }, (_, index) => `${String(Math.floor(index / 4)).padStart(2, '0')}:${String((index % 4) * 15).padStart(2, '0')}`);

/** The rule as stated, by Temporal alone: 'compatible', except that a skipped time is the change itself. */
function temporalInstantAt(date: Temporal.PlainDate, time: Temporal.PlainTime, timeZone: string): number {
  const wanted = date.toPlainDateTime(time);
  const zoned = wanted.toZonedDateTime(timeZone, { disambiguation: 'compatible' });
  if (Temporal.PlainDateTime.compare(zoned.toPlainDateTime(), wanted) === 0) return zoned.epochMilliseconds;
  return zoned.add({ nanoseconds: 1 }).getTimeZoneTransition('previous')!.epochMilliseconds;
}

function dayOf(date: Temporal.PlainDate): number {
  return date.toZonedDateTime('UTC').epochMilliseconds / DAY_MS;
}

/** The local day of every transition of the zone in [from, to). */
function transitionDays(timeZone: string, from: string, to: string): Temporal.PlainDate[] {
  const days: Temporal.PlainDate[] = [];
  const end = Temporal.Instant.from(to).epochMilliseconds;
  let zoned = Temporal.Instant.from(from).toZonedDateTimeISO(timeZone);
  for (let next = zoned.getTimeZoneTransition('next'); next && next.epochMilliseconds < end; next = next.getTimeZoneTransition('next')) {
    zoned = next;
    days.push(zoned.toPlainDate());
  }
  return days;
}

describe('local time: the same instants as Temporal gives', () => {
  it.each(ZONES)('instantAt and localDayOf in %s, every quarter hour of each transition day', (timeZone) => {
    const days = [...transitionDays(timeZone, '2026-01-01T00:00:00Z', '2029-01-01T00:00:00Z'), ...transitionDays(timeZone, '2034-01-01T00:00:00Z', '2038-01-01T00:00:00Z')];
    for (const date of days) {
      for (const time of QUARTER_HOURS) {
        const expected = temporalInstantAt(date, Temporal.PlainTime.from(time), timeZone);
        expect([date.toString(), time, new Date(instantAt(dayOf(date), parseLocalTime(time), timeZone)).toISOString()]).toEqual([date.toString(), time, new Date(expected).toISOString()]);
        for (const instant of [expected - 1, expected, expected + 1]) {
          expect(localDayOf(instant, timeZone)).toBe(dayOf(Temporal.Instant.fromEpochMilliseconds(instant).toZonedDateTimeISO(timeZone).toPlainDate()));
        }
      }
    }
  });

  it('instantAt, localDayOf and weekdays on random days and times in every zone, 1970 to 2035', () => {
    const moment = fc.record({
      timeZone: fc.constantFrom(...ZONES),
      day: fc.integer({ min: 0, max: dayOf(Temporal.PlainDate.from('2035-12-31')) }),
      minutes: fc.integer({ min: 0, max: 24 * 60 - 1 }),
    });
    fc.assert(
      fc.property(moment, ({ timeZone, day, minutes }) => {
        const date = Temporal.PlainDate.from('1970-01-01').add({ days: day });
        const expected = temporalInstantAt(date, Temporal.PlainTime.from({ hour: Math.floor(minutes / 60), minute: minutes % 60 }), timeZone);
        expect(instantAt(day, minutes * 60_000, timeZone)).toBe(expected);
        expect(localDayOf(expected, timeZone)).toBe(dayOf(Temporal.Instant.fromEpochMilliseconds(expected).toZonedDateTimeISO(timeZone).toPlainDate()));
        expect(isoWeekdayOf(day)).toBe(date.dayOfWeek);
      }),
      { numRuns: 2_000 },
    );
  });
});

describe('local time after 2035, where the polyfill knows no DST: by the runtime’s zone data', () => {
  const at = (date: string, time: string, timeZone: string) => new Date(instantAt(parseLocalDate(date), parseLocalTime(time), timeZone)).toISOString();

  it('keeps summer time, and both changes of the year, worked out by hand', () => {
    expect(at('2040-07-01', '09:00', 'Europe/Berlin')).toBe('2040-07-01T07:00:00.000Z');
    // 25 March 2040, the last Sunday of March: 02:30 does not exist; it is the change itself, 01:00Z.
    expect(at('2040-03-25', '02:30', 'Europe/Berlin')).toBe('2040-03-25T01:00:00.000Z');
    // 28 October 2040: 02:30 happens twice; the earlier is in summer time.
    expect(at('2040-10-28', '02:30', 'Europe/Berlin')).toBe('2040-10-28T00:30:00.000Z');
    // 13 March 2050, New York's second Sunday of March: 02:30 is the change, 03:00 EDT.
    expect(at('2050-03-13', '02:30', 'America/New_York')).toBe('2050-03-13T07:00:00.000Z');
    // Sydney's summer in January 2045: +11:00.
    expect(at('2045-01-10', '09:00', 'Australia/Sydney')).toBe('2045-01-09T22:00:00.000Z');
  });

  it('puts every instant on the local day Intl shows, in every zone, 2036 to 2999', () => {
    const dayFormat = (timeZone: string) => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), fc.integer({ min: Date.UTC(2036, 0, 1), max: Date.UTC(2999, 11, 31) }), (timeZone, instant) => {
        expect(localDayOf(instant, timeZone)).toBe(parseLocalDate(dayFormat(timeZone).format(instant)));
      }),
      { numRuns: 500 },
    );
  });
});

describe('local time: reading text as Temporal reads it', () => {
  it('instants in the stored form, and in any other form Temporal takes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Date.parse('2999-12-31T23:59:59.999Z') }), (time) => {
        const stored = new Date(time).toISOString();
        expect(parseInstant(stored)).toBe(Temporal.Instant.from(stored).epochMilliseconds);
      }),
      { numRuns: 2_000 },
    );
    for (const text of ['2026-03-08T07:00:00Z', '2026-03-08T09:00:00+02:00', '2026-03-08T07:00:00.123456789Z', '2026-03-08T07:00:00.5Z', '2026-12-31T23:59:60.000Z']) {
      expect(parseInstant(text)).toBe(Temporal.Instant.from(text).epochMilliseconds);
    }
    expect(() => parseInstant('2026-02-30T00:00:00.000Z')).toThrow();
    expect(() => parseInstant('2026-03-08T07:00:00')).toThrow();
  });

  it('local dates and times', () => {
    for (const date of ['1970-01-01', '2024-02-29', '2026-03-29', '2999-12-31', '+002026-03-29']) {
      expect(parseLocalDate(date)).toBe(dayOf(Temporal.PlainDate.from(date)));
    }
    expect(() => parseLocalDate('2026-02-30')).toThrow();
    for (const time of ['00:00', '02:30', '23:59', '09:05:30']) {
      const expected = Temporal.PlainTime.from(time);
      expect(parseLocalTime(time)).toBe(((expected.hour * 60 + expected.minute) * 60 + expected.second) * 1000);
    }
    expect(() => parseLocalTime('24:00')).toThrow();
  });
});
