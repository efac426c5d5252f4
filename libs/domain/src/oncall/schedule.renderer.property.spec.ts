import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { IsoWeekday, LayerDefinition, Override, Restriction, ScheduleDefinition, Shift } from './oncall.types';
import { renderSchedule } from './schedule.renderer';

// Random schedules over a year, checked against what the rules say rather
// than against a second renderer: one person per layer at a time, the final
// schedule is "override, else highest layer with someone", and every hand-off
// is at its local wall-clock time (or, where that time does not exist that
// day, at the change itself; where it happens twice, at the earlier one).

const YEAR = { from: '2026-01-01T00:00:00Z', to: '2027-01-01T00:00:00Z' };
// Northern and southern DST, half-hour and 45-minute offsets, a half-hour DST change (Lord Howe), a midnight change (Santiago).
const ZONES = ['Europe/Berlin', 'America/New_York', 'Australia/Sydney', 'Asia/Kolkata', 'Pacific/Chatham', 'Australia/Lord_Howe', 'America/Santiago', 'UTC'];
const PEOPLE = ['ana', 'ben', 'cai', 'dee', 'eli'];

const anyLocalTime = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.constantFrom(0, 15, 30, 45)).map(([hour, minute]) => `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`);
// Times that some of the zones skip or repeat on their change days, drawn often enough to meet them.
const localTime = fc.oneof(anyLocalTime, fc.constantFrom('00:00', '00:30', '01:30', '02:00', '02:30', '02:45', '03:00'));
const weekday = fc.integer({ min: 1, max: 7 }) as fc.Arbitrary<IsoWeekday>;
const instantIn2026 = fc.integer({ min: Date.parse(YEAR.from), max: Date.parse(YEAR.to) }).map((time) => new Date(time - (time % 60_000)).toISOString());

const restriction: fc.Arbitrary<Restriction> = fc.oneof(
  fc.record({ kind: fc.constant('DAILY' as const), from: localTime, to: localTime }),
  fc.record({ kind: fc.constant('WEEKLY' as const), fromDay: weekday, from: localTime, toDay: weekday, to: localTime }),
);

const rotation = fc.oneof(
  fc.record({ unit: fc.constant('HOUR' as const), length: fc.integer({ min: 4, max: 48 }) }),
  // Daily hand-offs meet every change day; longer rotations meet them only when a hand-off falls on one.
  fc.record({ unit: fc.constant('DAY' as const), length: fc.oneof(fc.constant(1), fc.integer({ min: 1, max: 14 })) }),
  fc.record({ unit: fc.constant('WEEK' as const), length: fc.integer({ min: 1, max: 4 }) }),
);

const layerAt = (index: number): fc.Arbitrary<LayerDefinition> =>
  fc.record({
    id: fc.constant(`layer-${index}`),
    members: fc.array(fc.constantFrom(...PEOPLE), { minLength: 1, maxLength: 4 }),
    rotation,
    handOff: localTime,
    startDate: fc.integer({ min: 0, max: 60 }).map((days) => Temporal.PlainDate.from('2025-12-01').add({ days }).toString()),
    restrictions: fc.oneof({ weight: 2, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: fc.array(restriction, { minLength: 1, maxLength: 2 }) }),
    endsAt: fc.option(instantIn2026, { nil: null }),
  });

const override = (index: number): fc.Arbitrary<Override> =>
  fc.tuple(fc.constantFrom(...PEOPLE), instantIn2026, fc.integer({ min: 1, max: 14 * 24 * 60 })).map(([person, from, minutes]) => ({
    id: `override-${index}`,
    person,
    from,
    to: new Date(Date.parse(from) + minutes * 60_000).toISOString(),
  }));

const schedule: fc.Arbitrary<ScheduleDefinition> = fc
  .tuple(fc.constantFrom(...ZONES), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 0, max: 6 }))
  .chain(([timeZone, layerCount, overrideCount]) =>
    fc.record({
      timeZone: fc.constant(timeZone),
      layers: fc.tuple(...Array.from({ length: layerCount }, (_, index) => layerAt(index))),
      overrides: overrideCount === 0 ? fc.constant([]) : fc.tuple(...Array.from({ length: overrideCount }, (_, index) => override(index))),
    }),
  );

interface Timed {
  readonly person: string;
  readonly from: number;
  readonly to: number;
  readonly source: Shift['source'];
}

const timed = (shift: Shift | Override, source: Shift['source']): Timed => ({ person: shift.person, from: Date.parse(shift.from), to: Date.parse(shift.to), source });

/** The shift of a sorted, disjoint list that covers an instant. */
function covering(shifts: readonly Timed[], instant: number): Timed | undefined {
  let low = 0;
  let high = shifts.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (shifts[middle].to <= instant) low = middle + 1;
    else if (shifts[middle].from > instant) high = middle - 1;
    else return shifts[middle];
  }
  return undefined;
}

function expectDisjointAndSorted(shifts: readonly Timed[]): void {
  shifts.forEach((shift, index) => {
    expect(shift.from).toBeLessThan(shift.to);
    if (index > 0) expect(shifts[index - 1].to).toBeLessThanOrEqual(shift.from);
  });
}

/** Where a hand-off of `time` belongs on the local day of `instant`, by Temporal's own 'earlier' and 'later' answers. */
function expectAtLocalHandOff(instant: number, time: string, timeZone: string): void {
  const zoned = Temporal.Instant.fromEpochMilliseconds(instant).toZonedDateTimeISO(timeZone);
  const wanted = zoned.toPlainDate().toPlainDateTime(Temporal.PlainTime.from(time));
  const earlier = wanted.toZonedDateTime(timeZone, { disambiguation: 'earlier' });
  if (Temporal.PlainDateTime.compare(earlier.toPlainDateTime(), wanted) === 0) {
    // The time exists that day (once or twice): the hand-off is at it, the earlier one if twice.
    expect(new Date(instant).toISOString()).toBe(new Date(earlier.epochMilliseconds).toISOString());
    return;
  }
  // Skipped that day: the hand-off is the change itself, the first instant whose offset is the new one.
  const later = wanted.toZonedDateTime(timeZone, { disambiguation: 'later' });
  expect(instant).toBeGreaterThan(earlier.epochMilliseconds);
  expect(instant).toBeLessThanOrEqual(later.epochMilliseconds);
  const before = Temporal.Instant.fromEpochMilliseconds(instant - 1).toZonedDateTimeISO(timeZone);
  expect(before.offsetNanoseconds).not.toBe(zoned.offsetNanoseconds);
}

describe('renderSchedule over a year of random schedules', () => {
  it('one person per layer at a time; final = override, else the highest layer with someone; hand-offs at their local time', () => {
    fc.assert(
      fc.property(schedule, (definition) => {
        const rendered = renderSchedule(definition, YEAR.from, YEAR.to);
        const layers = definition.layers.map((layer) => rendered.layers[layer.id].map((shift) => timed(shift, shift.source)));
        const final = rendered.final.map((shift) => timed(shift, shift.source));
        const overrides = definition.overrides.map((entry) => timed(entry, { kind: 'OVERRIDE', overrideId: entry.id }));

        layers.forEach(expectDisjointAndSorted);
        expectDisjointAndSorted(final);

        // Every edge of every shift, and a moment inside each piece between edges.
        const edges = [...new Set([...layers.flat(), ...overrides, ...final].flatMap((shift) => [shift.from, shift.to]).filter((time) => time >= Date.parse(YEAR.from) && time < Date.parse(YEAR.to)))].sort((a, b) => a - b);
        const instants = edges.flatMap((edge, index) => (index + 1 < edges.length ? [edge, (edge + edges[index + 1]) / 2] : [edge]));
        for (const instant of instants) {
          const expected = overrides.findLast((entry) => entry.from <= instant && instant < entry.to) ?? layers.map((shifts) => covering(shifts, instant)).findLast((shift) => shift !== undefined);
          const actual = covering(final, instant);
          expect(actual && { person: actual.person, source: actual.source }).toEqual(expected && { person: expected.person, source: expected.source });
        }

        definition.layers.forEach((layer) => {
          if (layer.rotation.unit !== 'HOUR' && layer.restrictions.length === 0) expectHandOffsAtLocalTime(rendered.layers[layer.id], layer.handOff, definition.timeZone);
        });
      }),
      { numRuns: 40 },
    );
  });

  it('every daily hand-off is at its local time by the rule, on the change days of every zone too', () => {
    // Random schedules seldom put a daily hand-off inside a skipped or repeated hour: here every run does, twice a year.
    const daily = fc.record({
      timeZone: fc.constantFrom(...ZONES),
      handOff: fc.constantFrom('00:00', '00:30', '01:30', '02:00', '02:15', '02:30', '02:45'),
      members: fc.array(fc.constantFrom(...PEOPLE), { minLength: 1, maxLength: 3 }),
    });
    fc.assert(
      fc.property(daily, ({ timeZone, handOff, members }) => {
        const layer: LayerDefinition = { id: 'daily', members, rotation: { unit: 'DAY', length: 1 }, handOff, startDate: '2025-12-31', restrictions: [], endsAt: null };
        expectHandOffsAtLocalTime(renderSchedule({ timeZone, layers: [layer], overrides: [] }, YEAR.from, YEAR.to).layers.daily, handOff, timeZone);
      }),
      { numRuns: 25 },
    );
  });
});

function expectHandOffsAtLocalTime(shifts: readonly Shift[], handOff: string, timeZone: string): void {
  shifts.slice(1).forEach((shift, previous) => {
    // No DST change opens a gap or an overlap inside an unrestricted layer...
    expect(shift.from).toBe(shifts[previous].to);
    // ...and every hand-off is at the local hand-off time, by the rule.
    expectAtLocalHandOff(Date.parse(shift.from), handOff, timeZone);
  });
}
