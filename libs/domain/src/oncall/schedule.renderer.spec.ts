import { LayerDefinition, Override, ScheduleDefinition } from './oncall.types';
import { gaps, onCallAt, renderSchedule } from './schedule.renderer';

// Expected instants worked out by hand; Europe/Berlin in January is CET (+01:00).

function layer(definition: Pick<LayerDefinition, 'id' | 'members' | 'rotation' | 'handOff'> & Partial<LayerDefinition>): LayerDefinition {
  return { startDate: '2026-01-05', restrictions: [], endsAt: null, ...definition };
}

const base = layer({ id: 'base', members: ['a1', 'a2'], rotation: { unit: 'WEEK', length: 1 }, handOff: '09:00' });
const days = layer({ id: 'days', members: ['b1', 'b2'], rotation: { unit: 'DAY', length: 1 }, handOff: '09:00', restrictions: [{ kind: 'DAILY', from: '09:00', to: '17:00' }] });
const weekends = layer({ id: 'weekends', members: ['c1'], rotation: { unit: 'WEEK', length: 1 }, handOff: '00:00', restrictions: [{ kind: 'WEEKLY', fromDay: 6, from: '00:00', toDay: 1, to: '00:00' }] });
const overrides: Override[] = [
  { id: 'o1', person: 'x', from: '2026-01-06T12:00:00Z', to: '2026-01-06T20:00:00Z' },
  { id: 'o2', person: 'y', from: '2026-01-10T10:00:00Z', to: '2026-01-10T12:00:00Z' },
  // Added after o1 and overlapping it: the later override wins.
  { id: 'o3', person: 'z', from: '2026-01-06T19:00:00Z', to: '2026-01-06T21:00:00Z' },
];
const threeLayers: ScheduleDefinition = { timeZone: 'Europe/Berlin', layers: [base, days, weekends], overrides };

type Row = [string, string, string, string];
const rows = (shifts: { person: string; from: string; to: string; source: { kind: string; layerId?: string; overrideId?: string } }[]): Row[] =>
  shifts.map((shift) => [shift.person, shift.source.kind === 'LAYER' ? shift.source.layerId! : shift.source.overrideId!, shift.from, shift.to]);

describe('renderSchedule', () => {
  it('three layers with overrides on top: an override, else the highest layer with someone', () => {
    const rendered = renderSchedule(threeLayers, '2026-01-05T08:00:00Z', '2026-01-12T08:00:00Z');
    expect(rows(rendered.final)).toEqual([
      ['b1', 'days', '2026-01-05T08:00:00.000Z', '2026-01-05T16:00:00.000Z'],
      ['a1', 'base', '2026-01-05T16:00:00.000Z', '2026-01-06T08:00:00.000Z'],
      ['b2', 'days', '2026-01-06T08:00:00.000Z', '2026-01-06T12:00:00.000Z'],
      ['x', 'o1', '2026-01-06T12:00:00.000Z', '2026-01-06T19:00:00.000Z'],
      ['z', 'o3', '2026-01-06T19:00:00.000Z', '2026-01-06T21:00:00.000Z'],
      ['a1', 'base', '2026-01-06T21:00:00.000Z', '2026-01-07T08:00:00.000Z'],
      ['b1', 'days', '2026-01-07T08:00:00.000Z', '2026-01-07T16:00:00.000Z'],
      ['a1', 'base', '2026-01-07T16:00:00.000Z', '2026-01-08T08:00:00.000Z'],
      ['b2', 'days', '2026-01-08T08:00:00.000Z', '2026-01-08T16:00:00.000Z'],
      ['a1', 'base', '2026-01-08T16:00:00.000Z', '2026-01-09T08:00:00.000Z'],
      ['b1', 'days', '2026-01-09T08:00:00.000Z', '2026-01-09T16:00:00.000Z'],
      ['a1', 'base', '2026-01-09T16:00:00.000Z', '2026-01-09T23:00:00.000Z'],
      // The weekend layer is above the daytime one: it wins on Saturday and Sunday daytime too.
      ['c1', 'weekends', '2026-01-09T23:00:00.000Z', '2026-01-10T10:00:00.000Z'],
      ['y', 'o2', '2026-01-10T10:00:00.000Z', '2026-01-10T12:00:00.000Z'],
      ['c1', 'weekends', '2026-01-10T12:00:00.000Z', '2026-01-11T23:00:00.000Z'],
      ['a1', 'base', '2026-01-11T23:00:00.000Z', '2026-01-12T08:00:00.000Z'],
    ]);
  });

  it('each layer’s own rendering, cut to the range', () => {
    const rendered = renderSchedule(threeLayers, '2026-01-05T08:00:00Z', '2026-01-12T08:00:00Z');
    expect(rows(rendered.layers.base)).toEqual([['a1', 'base', '2026-01-05T08:00:00.000Z', '2026-01-12T08:00:00.000Z']]);
    expect(rows(rendered.layers.days).map(([person, , from]) => [person, from])).toEqual([
      ['b1', '2026-01-05T08:00:00.000Z'],
      ['b2', '2026-01-06T08:00:00.000Z'],
      ['b1', '2026-01-07T08:00:00.000Z'],
      ['b2', '2026-01-08T08:00:00.000Z'],
      ['b1', '2026-01-09T08:00:00.000Z'],
      ['b2', '2026-01-10T08:00:00.000Z'],
      ['b1', '2026-01-11T08:00:00.000Z'],
    ]);
    expect(rows(rendered.layers.weekends)).toEqual([['c1', 'weekends', '2026-01-09T23:00:00.000Z', '2026-01-11T23:00:00.000Z']]);
    expect(renderSchedule(threeLayers, '2026-01-06T10:00:00Z', '2026-01-06T11:00:00Z').layers.base).toEqual([
      { person: 'a1', from: '2026-01-06T10:00:00.000Z', to: '2026-01-06T11:00:00.000Z', source: { kind: 'LAYER', layerId: 'base' } },
    ]);
  });

  it('merges one person’s consecutive shifts from one source, and keeps a change of source visible', () => {
    const solo = layer({ id: 'solo', members: ['sol'], rotation: { unit: 'DAY', length: 1 }, handOff: '09:00' });
    const schedule: ScheduleDefinition = { timeZone: 'UTC', layers: [solo], overrides: [] };
    const rendered = renderSchedule(schedule, '2026-01-05T09:00:00Z', '2026-01-08T09:00:00Z');
    expect(rendered.layers.solo).toHaveLength(3);
    expect(rows(rendered.final)).toEqual([['sol', 'solo', '2026-01-05T09:00:00.000Z', '2026-01-08T09:00:00.000Z']]);

    const covering = { ...schedule, overrides: [{ id: 'self', person: 'sol', from: '2026-01-06T00:00:00Z', to: '2026-01-06T12:00:00Z' }] };
    expect(rows(renderSchedule(covering, '2026-01-05T09:00:00Z', '2026-01-08T09:00:00Z').final)).toEqual([
      ['sol', 'solo', '2026-01-05T09:00:00.000Z', '2026-01-06T00:00:00.000Z'],
      ['sol', 'self', '2026-01-06T00:00:00.000Z', '2026-01-06T12:00:00.000Z'],
      ['sol', 'solo', '2026-01-06T12:00:00.000Z', '2026-01-08T09:00:00.000Z'],
    ]);
  });
});

describe('gaps', () => {
  it('are the times with nobody on call in the range, an override filling part of one', () => {
    const daytime: ScheduleDefinition = { timeZone: 'Europe/Berlin', layers: [days], overrides: [{ id: 'evening', person: 'x', from: '2026-01-05T20:00:00Z', to: '2026-01-05T22:00:00Z' }] };
    expect(gaps(daytime, '2026-01-05T00:00:00Z', '2026-01-07T00:00:00Z')).toEqual([
      { from: '2026-01-05T00:00:00.000Z', to: '2026-01-05T08:00:00.000Z' }, // before the layer's first hand-off
      { from: '2026-01-05T16:00:00.000Z', to: '2026-01-05T20:00:00.000Z' },
      { from: '2026-01-05T22:00:00.000Z', to: '2026-01-06T08:00:00.000Z' },
      { from: '2026-01-06T16:00:00.000Z', to: '2026-01-07T00:00:00.000Z' },
    ]);
  });

  it('are none where someone always is', () => {
    expect(gaps(threeLayers, '2026-01-05T08:00:00Z', '2026-03-01T00:00:00Z')).toEqual([]);
  });
});

describe('onCallAt', () => {
  it('says who, from which layer or override, since and until when', () => {
    expect(onCallAt(threeLayers, '2026-01-06T13:00:00Z')).toEqual({ person: 'x', source: { kind: 'OVERRIDE', overrideId: 'o1' }, from: '2026-01-06T12:00:00.000Z', to: '2026-01-06T19:00:00.000Z' });
    expect(onCallAt(threeLayers, '2026-01-07T03:00:00Z')).toEqual({ person: 'a1', source: { kind: 'LAYER', layerId: 'base' }, from: '2026-01-06T21:00:00.000Z', to: '2026-01-07T08:00:00.000Z' });
    expect(onCallAt(threeLayers, '2026-01-10T13:00:00Z')).toEqual({ person: 'c1', source: { kind: 'LAYER', layerId: 'weekends' }, from: '2026-01-10T12:00:00.000Z', to: '2026-01-11T23:00:00.000Z' });
  });

  it('a hand-off instant belongs to the incoming person', () => {
    expect(onCallAt(threeLayers, '2026-01-06T08:00:00Z')?.person).toBe('b2');
  });

  it('is null when nobody is on call', () => {
    expect(onCallAt(threeLayers, '2026-01-04T12:00:00Z')).toBeNull();
  });

  it('finds a long stretch’s start, and leaves an end beyond the search horizon unknown', () => {
    const forever: ScheduleDefinition = { timeZone: 'UTC', layers: [layer({ id: 'solo', members: ['sol'], rotation: { unit: 'DAY', length: 1 }, handOff: '09:00' })], overrides: [] };
    expect(onCallAt(forever, '2026-06-01T00:00:00Z')).toEqual({ person: 'sol', source: { kind: 'LAYER', layerId: 'solo' }, from: '2026-01-05T09:00:00.000Z', to: null });
  });
});

describe('layers in their own zones (follow the sun)', () => {
  // Each region holds 08:00–20:00 of its own day: Berlin (CET +01:00 in January, CEST +02:00 in July)
  // and Sydney (AEDT +11:00 in January, AEST +10:00 in July). The higher layer, Sydney, wins where they meet.
  const region = (id: string, person: string, timeZone: string): LayerDefinition =>
    layer({ id, members: [person], rotation: { unit: 'DAY', length: 1 }, handOff: '08:00', startDate: '2026-12-01', restrictions: [{ kind: 'DAILY', from: '08:00', to: '20:00' }], timeZone });
  const sun: ScheduleDefinition = { timeZone: 'UTC', layers: [region('europe', 'eve', 'Europe/Berlin'), region('apac', 'sam', 'Australia/Sydney')], overrides: [] };

  it('hands off in each layer’s local time, and the seams move with each region’s clock changes', () => {
    expect(rows(renderSchedule(sun, '2027-01-05T00:00:00Z', '2027-01-06T00:00:00Z').final)).toEqual([
      ['sam', 'apac', '2027-01-05T00:00:00.000Z', '2027-01-05T09:00:00.000Z'],
      ['eve', 'europe', '2027-01-05T09:00:00.000Z', '2027-01-05T19:00:00.000Z'],
      ['sam', 'apac', '2027-01-05T21:00:00.000Z', '2027-01-06T00:00:00.000Z'],
    ]);
    expect(gaps(sun, '2027-01-05T00:00:00Z', '2027-01-06T00:00:00Z')).toEqual([{ from: '2027-01-05T19:00:00.000Z', to: '2027-01-05T21:00:00.000Z' }]);
    // In July both have moved the other way: the gap is four hours.
    expect(gaps(sun, '2027-07-06T00:00:00Z', '2027-07-07T00:00:00Z')).toEqual([{ from: '2027-07-06T18:00:00.000Z', to: '2027-07-06T22:00:00.000Z' }]);
  });
});

