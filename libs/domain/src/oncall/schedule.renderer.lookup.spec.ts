import fc from 'fast-check';
import { renderLayer } from './layer.renderer';
import { LayerDefinition, Override, ScheduleDefinition, Shift } from './oncall.types';
import { onCallAt, renderSchedule } from './schedule.renderer';
import { definitionAt, ScheduleTimeline } from './schedule-timeline';

// A schedule run for two years has a version per change: hundreds, most
// adding an override and keeping the layers. The renderer finds the overrides
// near a stretch through an index and renders the layers once for versions
// that share them; here its answers on such timelines are checked against
// the rules worked out the plain way, from the version in force: the last
// added override covering the instant, else the highest layer whose own
// rendering (renderLayer) has someone then.

const DAY_MS = 86_400_000;
const START = Date.parse('2027-01-04T00:00:00Z');
const SPAN_MS = 730 * DAY_MS;
const PEOPLE = ['ana', 'ben', 'cai', 'dee', 'eli', 'fay'];

const LAYERS: LayerDefinition[] = [
  { id: 'weekly', members: ['ana', 'ben', 'cai'], rotation: { unit: 'WEEK', length: 1 }, handOff: '09:00', startDate: '2027-01-04', restrictions: [], endsAt: null },
  { id: 'halves', members: ['dee', 'eli'], rotation: { unit: 'HOUR', length: 12 }, handOff: '08:00', startDate: '2027-01-04', restrictions: [{ kind: 'DAILY', from: '20:00', to: '08:00' }], endsAt: null },
  { id: 'weekends', members: ['fay', 'ana'], rotation: { unit: 'WEEK', length: 1 }, handOff: '18:00', startDate: '2027-01-08', restrictions: [{ kind: 'WEEKLY', fromDay: 5, from: '18:00', toDay: 1, to: '08:00' }], endsAt: null },
];

interface Change {
  /** Minutes from START, plus seconds, so that no version starts exactly at a hand-off. */
  readonly at: number;
  readonly kind: 'add' | 'remove' | 'layers';
  readonly person: string;
  readonly offsetMinutes: number;
  readonly lengthMinutes: number;
}

const change: fc.Arbitrary<Change> = fc.record({
  at: fc.integer({ min: 0, max: SPAN_MS / 1000 }).map((seconds) => START + seconds * 1000 + 7),
  kind: fc.constantFrom<Change['kind']>('add', 'add', 'add', 'add', 'add', 'add', 'add', 'add', 'remove', 'layers'),
  person: fc.constantFrom(...PEOPLE),
  offsetMinutes: fc.integer({ min: 0, max: 14 * 24 * 60 }),
  // Mostly hours, now and then weeks: the index must still find a long override that started well before a stretch.
  lengthMinutes: fc.oneof({ weight: 9, arbitrary: fc.integer({ min: 30, max: 48 * 60 }) }, { weight: 1, arbitrary: fc.integer({ min: 48 * 60, max: 21 * 24 * 60 }) }),
});

/** A timeline of one version per change, as the decider folds them: each adds an override, removes one, or changes the layers. */
function timelineOf(changes: readonly Change[]): ScheduleTimeline {
  let definition: ScheduleDefinition = { timeZone: 'Europe/Berlin', layers: LAYERS, overrides: [] };
  const timeline: Array<{ from: number; definition: ScheduleDefinition }> = [{ from: START - DAY_MS, definition }];
  [...changes]
    .sort((a, b) => a.at - b.at)
    .forEach((next, index) => {
      if (next.at === timeline[timeline.length - 1].from) return;
      if (next.kind === 'add') {
        const from = next.at + next.offsetMinutes * 60_000;
        const override: Override = { id: `override-${index}`, person: next.person, from: new Date(from).toISOString(), to: new Date(from + next.lengthMinutes * 60_000).toISOString() };
        definition = { ...definition, overrides: [...definition.overrides, override] };
      } else if (next.kind === 'remove') {
        definition = { ...definition, overrides: definition.overrides.filter((_, position) => position !== next.offsetMinutes % Math.max(1, definition.overrides.length)) };
      } else {
        definition = { ...definition, layers: definition.layers.map((layer) => ({ ...layer, members: [...layer.members.slice(1), layer.members[0]] })) };
      }
      timeline.push({ from: next.at, definition });
    });
  return timeline;
}

/** Who the rules put on call at an instant, from the version in force then. */
function byTheRules(timeline: ScheduleTimeline, instant: number): Pick<Shift, 'person' | 'source'> | null {
  const definition = definitionAt(timeline, instant);
  if (!definition) return null;
  const override = definition.overrides.findLast((entry) => Date.parse(entry.from) <= instant && instant < Date.parse(entry.to));
  if (override) return { person: override.person, source: { kind: 'OVERRIDE', overrideId: override.id } };
  for (const layer of [...definition.layers].reverse()) {
    const shift = covering(renderLayer(layer, definition.timeZone, iso(instant - 8 * DAY_MS), iso(instant + 8 * DAY_MS)), instant);
    if (shift) return { person: shift.person, source: shift.source };
  }
  return null;
}

const iso = (instant: number): string => new Date(instant).toISOString();

function covering(shifts: readonly Shift[], instant: number): Shift | undefined {
  return shifts.find((shift) => Date.parse(shift.from) <= instant && instant < Date.parse(shift.to));
}

describe('renderSchedule and onCallAt on timelines of hundreds of versions', () => {
  it('answer as the rules do, from the version in force, at random instants', () => {
    fc.assert(
      fc.property(fc.array(change, { minLength: 200, maxLength: 400 }), fc.array(fc.integer({ min: START, max: START + SPAN_MS }), { minLength: 60, maxLength: 60 }), (changes, instants) => {
        const timeline = timelineOf(changes);
        for (const instant of instants) {
          const expected = byTheRules(timeline, instant);
          const final = covering(renderSchedule(timeline, iso(instant - 3 * DAY_MS), iso(instant + 3 * DAY_MS)).final, instant);
          expect(final ? { person: final.person, source: final.source } : null).toEqual(expected);

          // onCallAt's stretch is the final shift around the instant in a rendering wide enough to hold it.
          const onCall = onCallAt(timeline, iso(instant));
          const wide = covering(renderSchedule(timeline, iso(instant - 40 * DAY_MS), iso(instant + 40 * DAY_MS)).final, instant);
          expect(onCall).toEqual(wide ? { person: wide.person, source: wide.source, from: wide.from, to: wide.to } : null);
        }
      }),
      { numRuns: 6 },
    );
  });

  it("render each layer as the layer alone does, across versions that share the layers", () => {
    fc.assert(
      fc.property(fc.array(change.filter((entry) => entry.kind !== 'layers'), { minLength: 200, maxLength: 400 }), (changes) => {
        const timeline = timelineOf(changes);
        const [from, to] = [iso(START), iso(START + 120 * DAY_MS)];
        const rendered = renderSchedule(timeline, from, to);
        for (const layer of LAYERS) expect(rendered.layers[layer.id]).toEqual(renderLayer(layer, 'Europe/Berlin', from, to));
      }),
      { numRuns: 4 },
    );
  });
});
