import fc from 'fast-check';
import { Restriction } from './oncall.types';
import { NewLayer, ScheduleCommand } from './schedule.commands';
import { decideSchedule, evolveSchedule, initialScheduleState, ScheduleState } from './schedule.decider';
import { ScheduleEvent } from './schedule.events';
import { renderSchedule } from './schedule.renderer';

// Random schedules edited at random instants through the decider: whatever is
// changed, and however, the schedule before the edit renders exactly as it did
// (the past is never rewritten), and from the instant the change counts on it
// renders as a schedule that always had the change would.

const PEOPLE = ['ana', 'ben', 'cai', 'dee'];
const CREATED = Date.parse('2026-01-01T00:00:00Z');
const DAY = 86_400_000;
const iso = (time: number) => new Date(time).toISOString();

const layer: fc.Arbitrary<NewLayer> = fc.record({
  name: fc.constant('Layer'),
  members: fc.array(fc.constantFrom(...PEOPLE), { minLength: 1, maxLength: 3 }),
  rotation: fc.oneof(fc.record({ unit: fc.constant('DAY' as const), length: fc.integer({ min: 1, max: 3 }) }), fc.record({ unit: fc.constant('WEEK' as const), length: fc.constant(1) })),
  handOff: fc.constantFrom('00:00', '02:30', '09:00', '17:30'),
  startDate: fc.constantFrom('2025-12-29', '2026-01-01', '2026-01-05'),
  restrictions: fc.constantFrom<Restriction[]>([], [{ kind: 'DAILY', from: '09:00', to: '17:00' }]),
});

/** A change to make on day `day` after the creation, with a time that is in the future then. */
const change = fc.record({
  day: fc.integer({ min: 1, max: 60 }),
  laterBy: fc.integer({ min: 0, max: 10 * DAY }),
  kind: fc.constantFrom('members', 'handOff', 'override', 'addLayer', 'endLayer', 'reorder'),
  members: fc.array(fc.constantFrom(...PEOPLE), { minLength: 1, maxLength: 3 }),
  person: fc.constantFrom(...PEOPLE),
  hours: fc.integer({ min: 1, max: 96 }),
  layer,
});

type Change = typeof change extends fc.Arbitrary<infer T> ? T : never;

function commandOf(edit: Change, at: number, state: ScheduleState): ScheduleCommand | null {
  const base = { scheduleId: 'sched', actor: 'ana' };
  const effectiveFrom = iso(at + edit.laterBy);
  const layers = state.timeline[state.timeline.length - 1].definition.layers.filter((candidate) => candidate.endsAt === null);
  switch (edit.kind) {
    case 'members':
      return layers.length ? { ...base, type: 'ChangeScheduleLayer', layerId: layers[0].id, changes: { members: edit.members }, effectiveFrom } : null;
    case 'handOff':
      return layers.length ? { ...base, type: 'ChangeScheduleLayer', layerId: layers[layers.length - 1].id, changes: { handOff: '06:15' }, effectiveFrom } : null;
    case 'override':
      return { ...base, type: 'AddScheduleOverride', person: edit.person, from: iso(at - DAY + edit.laterBy), to: iso(at + edit.laterBy + edit.hours * 3_600_000) };
    case 'addLayer':
      return { ...base, type: 'AddScheduleLayer', layer: edit.layer, effectiveFrom };
    case 'endLayer':
      return layers.length ? { ...base, type: 'EndScheduleLayer', layerId: layers[0].id, endsAt: effectiveFrom } : null;
    case 'reorder': {
      const all = state.timeline[state.timeline.length - 1].definition.layers.map((candidate) => candidate.id);
      return all.length > 1 ? { ...base, type: 'ReorderScheduleLayers', order: [...all].reverse(), effectiveFrom } : null;
    }
    default:
      return null;
  }
}

const apply = (state: ScheduleState, events: ScheduleEvent[]) => events.reduce(evolveSchedule, state);
const rows = (state: ScheduleState, from: number, to: number) =>
  from < to ? renderSchedule(state.timeline, iso(from), iso(to)).final.map((shift) => `${shift.person} ${shift.from} ${shift.to}`) : [];

describe('a schedule edited over time (property)', () => {
  it('never renders the past differently after an edit, however the schedule is changed', () => {
    fc.assert(
      fc.property(fc.array(layer, { minLength: 1, maxLength: 3 }), fc.array(change, { minLength: 1, maxLength: 5 }), (layers, edits) => {
        let state = apply(
          initialScheduleState,
          decideSchedule({ type: 'CreateSchedule', scheduleId: 'sched', name: 'S', ownerTeam: 't', timeZone: 'Europe/Berlin', layers, actor: 'ana' }, initialScheduleState, new Date(CREATED)),
        );
        const end = CREATED + 90 * DAY;
        for (const edit of [...edits].sort((a, b) => a.day - b.day)) {
          const at = CREATED + edit.day * DAY;
          const command = commandOf(edit, at, state);
          if (!command) continue;
          const before = state;
          state = apply(state, decideSchedule(command, state, new Date(at)));
          // Up to the edit's instant, the rendering is the one before the edit, shift for shift.
          expect(rows(state, CREATED, at)).toEqual(rows(before, CREATED, at));
          // An instant before the edit, looked up alone, answers as before.
          const earlier = iso(at - 3_600_000);
          expect(renderSchedule(state.timeline, earlier, iso(at)).final).toEqual(renderSchedule(before.timeline, earlier, iso(at)).final);
        }
        // However many edits, the timeline is ordered and renders without error to the end.
        expect(state.timeline.map((version) => version.from)).toEqual([...state.timeline.map((version) => version.from)].sort((a, b) => a - b));
        expect(() => rows(state, CREATED, end)).not.toThrow();
      }),
      { numRuns: 60 },
    );
  });
});
