import ICAL from 'ical.js';
import { CalendarShift, shiftCalendar, ShiftCalendar } from './shift-calendar';

// The feed is read back with ical.js (Mozilla's parser, the one Thunderbird
// uses), not with the library that wrote it. Every instant is read with
// toUnixTime() from the time's own zone, and each test checks that zone is the
// feed's VTIMEZONE: a time left floating would be read in the process's zone,
// so these tests do not depend on TZ, and a missing VTIMEZONE fails them.

// ical.js leaves properties it does not know raw; read the calendar's name as
// TEXT (RFC 7986 NAME), the way Apple and Google read X-WR-CALNAME.
for (const property of ['name', 'x-wr-calname']) ICAL.design.defaultSet.property[property] = { defaultType: 'text' };

const GENERATED_AT = '2026-03-01T12:00:00.000Z';

function shift(overrides: Partial<CalendarShift> & Pick<CalendarShift, 'from' | 'to'>): CalendarShift {
  return { scheduleId: 'sch-payments', scheduleName: 'Payments primary', person: 'alice', source: { kind: 'LAYER', layerId: 'primary' }, ...overrides };
}

function scheduleFeed(timeZone: string, shifts: CalendarShift[]): ShiftCalendar {
  return { name: 'On call: Payments primary', timeZone, kind: 'schedule', shifts, generatedAt: GENERATED_AT };
}

interface ParsedTime {
  instant: string;
  /** The TZID the parser resolved the time in ('UTC' for a time written with Z). */
  zone: string;
  /** The wall-clock time as written. */
  local: string;
}

interface ParsedEvent {
  uid: string;
  summary: string;
  description: string;
  start: ParsedTime;
  end: ParsedTime;
}

function parse(ics: string): ICAL.Component {
  return new ICAL.Component(ICAL.parse(ics));
}

function events(ics: string): ParsedEvent[] {
  return parse(ics)
    .getAllSubcomponents('vevent')
    .map((event) => ({
      uid: String(event.getFirstPropertyValue('uid')),
      summary: String(event.getFirstPropertyValue('summary')),
      description: String(event.getFirstPropertyValue('description')),
      start: parsedTime(event.getFirstPropertyValue('dtstart') as ICAL.Time),
      end: parsedTime(event.getFirstPropertyValue('dtend') as ICAL.Time),
    }));
}

function parsedTime(time: ICAL.Time): ParsedTime {
  return { instant: new Date(time.toUnixTime() * 1000).toISOString(), zone: time.zone?.tzid ?? 'floating', local: time.toString() };
}

function timeZoneIds(ics: string): string[] {
  return parse(ics)
    .getAllSubcomponents('vtimezone')
    .map((zone) => String(zone.getFirstPropertyValue('tzid')));
}

function hours(event: ParsedEvent): number {
  return (Date.parse(event.end.instant) - Date.parse(event.start.instant)) / 3_600_000;
}

describe('shiftCalendar', () => {
  it('writes each shift as an event in the schedule zone, whose start and end read back as the shift instants', () => {
    const ics = shiftCalendar(scheduleFeed('Europe/Berlin', [shift({ from: '2026-06-01T07:00:00.000Z', to: '2026-06-02T07:00:00.000Z' })]));

    expect(timeZoneIds(ics)).toEqual(['Europe/Berlin']);
    expect(events(ics)).toEqual([
      expect.objectContaining({
        start: { instant: '2026-06-01T07:00:00.000Z', zone: 'Europe/Berlin', local: '2026-06-01T09:00:00' },
        end: { instant: '2026-06-02T07:00:00.000Z', zone: 'Europe/Berlin', local: '2026-06-02T09:00:00' },
      }),
    ]);
    expect(ics).toContain('DTSTART;TZID=Europe/Berlin:20260601T090000\r\n');
  });

  it('keeps the hand-off at 09:00 local across both DST changes in Europe/Berlin: 23 hours in March, 25 in October', () => {
    const ics = shiftCalendar(
      scheduleFeed('Europe/Berlin', [
        shift({ from: '2026-03-28T08:00:00.000Z', to: '2026-03-29T07:00:00.000Z' }),
        shift({ person: 'bob', from: '2026-10-24T07:00:00.000Z', to: '2026-10-25T08:00:00.000Z' }),
      ]),
    );

    const [spring, autumn] = events(ics);
    expect([spring.start, spring.end].map((time) => [time.instant, time.zone, time.local])).toEqual([
      ['2026-03-28T08:00:00.000Z', 'Europe/Berlin', '2026-03-28T09:00:00'],
      ['2026-03-29T07:00:00.000Z', 'Europe/Berlin', '2026-03-29T09:00:00'],
    ]);
    expect([autumn.start, autumn.end].map((time) => [time.instant, time.zone, time.local])).toEqual([
      ['2026-10-24T07:00:00.000Z', 'Europe/Berlin', '2026-10-24T09:00:00'],
      ['2026-10-25T08:00:00.000Z', 'Europe/Berlin', '2026-10-25T09:00:00'],
    ]);
    expect([hours(spring), hours(autumn)]).toEqual([23, 25]);
  });

  it('writes a shift that starts or ends in the repeated hour of the autumn change in UTC: 02:30 local names two instants, and apps read it differently', () => {
    const ics = shiftCalendar(
      scheduleFeed('Europe/Berlin', [
        shift({ from: '2026-10-24T22:00:00.000Z', to: '2026-10-25T00:30:00.000Z' }),
        shift({ person: 'bob', from: '2026-10-25T00:30:00.000Z', to: '2026-10-25T01:30:00.000Z', source: { kind: 'OVERRIDE', overrideId: 'ovr-1' } }),
        shift({ from: '2026-10-25T01:30:00.000Z', to: '2026-10-25T08:00:00.000Z' }),
      ]),
    );

    expect(events(ics).map(({ start, end }) => [start.instant, start.zone, end.instant, end.zone])).toEqual([
      ['2026-10-24T22:00:00.000Z', 'UTC', '2026-10-25T00:30:00.000Z', 'UTC'],
      ['2026-10-25T00:30:00.000Z', 'UTC', '2026-10-25T01:30:00.000Z', 'UTC'],
      ['2026-10-25T01:30:00.000Z', 'UTC', '2026-10-25T08:00:00.000Z', 'UTC'],
    ]);
  });

  it('writes a half-hour zone (Asia/Kolkata) to the minute', () => {
    const ics = shiftCalendar(scheduleFeed('Asia/Kolkata', [shift({ from: '2026-05-01T03:30:00.000Z', to: '2026-05-01T12:00:00.000Z' })]));

    expect(timeZoneIds(ics)).toEqual(['Asia/Kolkata']);
    const [event] = events(ics);
    expect([event.start, event.end]).toEqual([
      { instant: '2026-05-01T03:30:00.000Z', zone: 'Asia/Kolkata', local: '2026-05-01T09:00:00' },
      { instant: '2026-05-01T12:00:00.000Z', zone: 'Asia/Kolkata', local: '2026-05-01T17:30:00' },
    ]);
  });

  it("writes a person's shifts from two schedules in two zones in the person's own zone, titled with each schedule", () => {
    const ics = shiftCalendar({
      name: 'On call: alice',
      timeZone: 'America/New_York',
      kind: 'person',
      generatedAt: GENERATED_AT,
      shifts: [
        shift({ from: '2026-03-28T08:00:00.000Z', to: '2026-03-29T07:00:00.000Z' }),
        shift({ scheduleId: 'sch-search', scheduleName: 'Search', from: '2026-03-07T14:00:00.000Z', to: '2026-03-08T13:00:00.000Z', source: { kind: 'OVERRIDE', overrideId: 'ovr-7' } }),
      ],
    });

    expect(timeZoneIds(ics)).toEqual(['America/New_York']);
    expect(events(ics).map(({ summary, start, end }) => [summary, start.instant, start.local, end.instant, end.local, start.zone])).toEqual([
      ['On call: Payments primary', '2026-03-28T08:00:00.000Z', '2026-03-28T04:00:00', '2026-03-29T07:00:00.000Z', '2026-03-29T03:00:00', 'America/New_York'],
      ['On call: Search', '2026-03-07T14:00:00.000Z', '2026-03-07T09:00:00', '2026-03-08T13:00:00.000Z', '2026-03-08T09:00:00', 'America/New_York'],
    ]);
  });

  it('titles a schedule feed with the person on call and says whether a layer or an override put them there', () => {
    const ics = shiftCalendar(
      scheduleFeed('Europe/Berlin', [
        shift({ from: '2026-06-01T07:00:00.000Z', to: '2026-06-02T07:00:00.000Z' }),
        shift({ person: 'bob', from: '2026-06-02T07:00:00.000Z', to: '2026-06-02T12:00:00.000Z', source: { kind: 'OVERRIDE', overrideId: 'ovr-3' } }),
      ]),
    );

    expect(events(ics).map(({ summary, description }) => [summary, description])).toEqual([
      ['On call: alice', 'alice is on call for Payments primary by rotation (layer primary).'],
      ['On call: bob', 'bob is on call for Payments primary by an override (ovr-3).'],
    ]);
  });

  it('writes Mexico City without the summer time it dropped in 2022 (a VTIMEZONE from current tzdata)', () => {
    const ics = shiftCalendar(scheduleFeed('America/Mexico_City', [shift({ from: '2026-07-01T15:00:00.000Z', to: '2026-07-02T15:00:00.000Z' })]));

    expect(events(ics)[0].start).toEqual({ instant: '2026-07-01T15:00:00.000Z', zone: 'America/Mexico_City', local: '2026-07-01T09:00:00' });
  });

  it('names the canonical zone for an old alias, with its VTIMEZONE (Europe/Kiev is written as Europe/Kyiv)', () => {
    const ics = shiftCalendar(scheduleFeed('Europe/Kiev', [shift({ from: '2026-06-01T06:00:00.000Z', to: '2026-06-02T06:00:00.000Z' })]));

    expect(timeZoneIds(ics)).toEqual(['Europe/Kyiv']);
    expect(events(ics)[0].start).toEqual({ instant: '2026-06-01T06:00:00.000Z', zone: 'Europe/Kyiv', local: '2026-06-01T09:00:00' });
  });

  it('names the feed, the product and the zone, and asks apps to fetch it again hourly', () => {
    const calendar = parse(shiftCalendar(scheduleFeed('Europe/Berlin', [])));

    expect(calendar.getFirstPropertyValue('x-wr-calname')).toBe('On call: Payments primary');
    expect(calendar.getFirstPropertyValue('name')).toBe('On call: Payments primary');
    expect(calendar.getFirstPropertyValue('prodid')).toMatch(/Incident Ledger/);
    expect(calendar.getFirstPropertyValue('x-wr-timezone')).toBe('Europe/Berlin');
    expect(calendar.getFirstPropertyValue('x-published-ttl')).toBe('PT1H');
    expect(String(calendar.getFirstPropertyValue('refresh-interval'))).toBe('PT1H');
  });

  it('is a valid calendar with no events when nobody is on call', () => {
    const calendar = parse(shiftCalendar(scheduleFeed('Europe/Berlin', [])));

    expect(calendar.name).toBe('vcalendar');
    expect(calendar.getAllSubcomponents('vevent')).toEqual([]);
  });

  it('keeps commas, semicolons and quotes in a schedule name as text', () => {
    const name = 'Payments, EU; "night"';
    const ics = shiftCalendar({
      name: `On call: ${name}`,
      timeZone: 'Europe/Berlin',
      kind: 'person',
      generatedAt: GENERATED_AT,
      shifts: [shift({ scheduleName: name, from: '2026-06-01T07:00:00.000Z', to: '2026-06-02T07:00:00.000Z' })],
    });

    // Escaped as RFC 5545 TEXT, which is how Outlook and Google read these lines.
    expect(ics).toContain('\r\nX-WR-CALNAME:On call: Payments\\, EU\\; "night"\r\n');
    expect(ics).toContain('\r\nSUMMARY:On call: Payments\\, EU\\; "night"\r\n');
    expect(parse(ics).getFirstPropertyValue('x-wr-calname')).toBe('On call: Payments, EU; "night"');
    expect(events(ics)).toEqual([
      expect.objectContaining({ summary: 'On call: Payments, EU; "night"', description: 'alice is on call for Payments, EU; "night" by rotation (layer primary).' }),
    ]);
  });

  it('keeps a line break in a name from adding lines to the feed', () => {
    const person = 'mallory\nX-INJECTED:yes';
    const ics = shiftCalendar({
      ...scheduleFeed('Europe/Berlin', [shift({ person, from: '2026-06-01T07:00:00.000Z', to: '2026-06-02T07:00:00.000Z' })]),
      name: `On call: ${person}`,
    });

    const calendar = parse(ics);
    expect(calendar.getFirstPropertyValue('x-wr-calname')).toBe('On call: mallory\nX-INJECTED:yes');
    expect(calendar.getFirstPropertyValue('x-injected')).toBeNull();
    expect(calendar.getFirstSubcomponent('vevent')?.getFirstPropertyValue('x-injected')).toBeNull();
    expect(events(ics)).toEqual([expect.objectContaining({ summary: 'On call: mallory\nX-INJECTED:yes' })]);
  });

  it('stamps every event with the generation time in UTC', () => {
    const ics = shiftCalendar(scheduleFeed('Europe/Berlin', [shift({ from: '2026-06-01T07:00:00.000Z', to: '2026-06-02T07:00:00.000Z' })]));

    const stamp = parse(ics).getFirstSubcomponent('vevent')?.getFirstPropertyValue('dtstamp') as ICAL.Time;
    expect(parsedTime(stamp)).toEqual({ instant: GENERATED_AT, zone: 'UTC', local: '2026-03-01T12:00:00Z' });
  });

  describe('event ids', () => {
    const first = shift({ from: '2026-06-01T07:00:00.000Z', to: '2026-06-02T07:00:00.000Z' });
    const second = shift({ person: 'bob', from: '2026-06-02T07:00:00.000Z', to: '2026-06-03T07:00:00.000Z' });
    const uids = (calendar: ShiftCalendar) => events(shiftCalendar(calendar)).map((event) => event.uid);

    it('gives the same bytes for the same input', () => {
      expect(shiftCalendar(scheduleFeed('Europe/Berlin', [first, second]))).toBe(shiftCalendar(scheduleFeed('Europe/Berlin', [first, second])));
    });

    it('keeps a shift its id when it is fetched again later or has grown longer, so an app updates it rather than adding another', () => {
      const before = uids(scheduleFeed('Europe/Berlin', [first, second]));
      const later = uids({ ...scheduleFeed('Europe/Berlin', [first, { ...second, to: '2026-06-04T07:00:00.000Z' }]), generatedAt: '2026-06-02T00:00:00.000Z' });

      expect(new Set(before).size).toBe(2);
      expect(later).toEqual(before);
    });

    it('gives one person the same start in two schedules two ids, and the same instant written with another offset the same id', () => {
      const [id] = uids(scheduleFeed('Europe/Berlin', [first]));
      const [otherSchedule] = uids(scheduleFeed('Europe/Berlin', [{ ...first, scheduleId: 'sch-search' }]));
      const [sameInstant] = uids(scheduleFeed('Europe/Berlin', [{ ...first, from: '2026-06-01T09:00:00+02:00' }]));

      expect(otherSchedule).not.toBe(id);
      expect(sameInstant).toBe(id);
    });
  });

  it('refuses a time zone it has no VTIMEZONE for rather than write times no app can place', () => {
    expect(() => shiftCalendar(scheduleFeed('Mars/Olympus_Mons', []))).toThrow('No VTIMEZONE for the time zone "Mars/Olympus_Mons"');
  });
});
