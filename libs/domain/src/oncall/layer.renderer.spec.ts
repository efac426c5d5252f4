import { renderLayer } from './layer.renderer';
import { LayerDefinition } from './oncall.types';

// Every expected instant below is worked out by hand from the zone's rules
// (offsets noted beside each), never by the renderer.

function layer(overrides: Partial<LayerDefinition>): LayerDefinition {
  return { id: 'primary', members: ['alice', 'bob'], rotation: { unit: 'WEEK', length: 1 }, handOff: '09:00', startDate: '2026-03-23', restrictions: [], endsAt: null, ...overrides };
}

function shifts(definition: LayerDefinition, timeZone: string, from: string, to: string): [string, string, string][] {
  return renderLayer(definition, timeZone, from, to).map((shift) => [shift.person, shift.from, shift.to]);
}

describe('renderLayer: weekly rotations keep their local hand-off across both DST changes', () => {
  it('Europe/Berlin: 09:00 every Monday, CET (+01:00) and CEST (+02:00)', () => {
    const weekly = layer({ members: ['alice', 'bob'], handOff: '09:00', startDate: '2026-03-23' });
    // Spring forward on Sunday 29 March: the week that contains it lasts 6 days 23 hours, and ends at 09:00 as always.
    expect(shifts(weekly, 'Europe/Berlin', '2026-03-23T08:00:00Z', '2026-04-06T07:00:00Z')).toEqual([
      ['alice', '2026-03-23T08:00:00.000Z', '2026-03-30T07:00:00.000Z'],
      ['bob', '2026-03-30T07:00:00.000Z', '2026-04-06T07:00:00.000Z'],
    ]);
    // Fall back on Sunday 25 October: 7 days 1 hour. 19 October is 30 weeks after the start: alice again.
    expect(shifts(weekly, 'Europe/Berlin', '2026-10-19T07:00:00Z', '2026-11-02T08:00:00Z')).toEqual([
      ['alice', '2026-10-19T07:00:00.000Z', '2026-10-26T08:00:00.000Z'],
      ['bob', '2026-10-26T08:00:00.000Z', '2026-11-02T08:00:00.000Z'],
    ]);
  });

  it('America/New_York: 10:00 every Monday, EST (-05:00) and EDT (-04:00)', () => {
    const weekly = layer({ members: ['ana', 'ben', 'cai'], handOff: '10:00', startDate: '2026-03-02' });
    // Spring forward on Sunday 8 March.
    expect(shifts(weekly, 'America/New_York', '2026-03-02T15:00:00Z', '2026-03-16T14:00:00Z')).toEqual([
      ['ana', '2026-03-02T15:00:00.000Z', '2026-03-09T14:00:00.000Z'],
      ['ben', '2026-03-09T14:00:00.000Z', '2026-03-16T14:00:00.000Z'],
    ]);
    // Fall back on Sunday 1 November; 26 October is week 34, and 34 mod 3 is ben.
    expect(shifts(weekly, 'America/New_York', '2026-10-26T14:00:00Z', '2026-11-02T15:00:00Z')).toEqual([['ben', '2026-10-26T14:00:00.000Z', '2026-11-02T15:00:00.000Z']]);
    expect(shifts(weekly, 'America/New_York', '2026-11-02T15:00:00Z', '2026-11-02T16:00:00Z')).toEqual([['cai', '2026-11-02T15:00:00.000Z', '2026-11-02T16:00:00.000Z']]);
  });

  it('Australia/Sydney (southern hemisphere): 08:00 every Monday, AEDT (+11:00) and AEST (+10:00)', () => {
    const weekly = layer({ members: ['sam', 'tia'], handOff: '08:00', startDate: '2026-03-30' });
    // Daylight saving ends on Sunday 5 April: 7 days 1 hour.
    expect(shifts(weekly, 'Australia/Sydney', '2026-03-29T21:00:00Z', '2026-04-05T22:00:00Z')).toEqual([['sam', '2026-03-29T21:00:00.000Z', '2026-04-05T22:00:00.000Z']]);
    // It starts on Sunday 4 October: 6 days 23 hours. 28 September is week 26: sam.
    expect(shifts(weekly, 'Australia/Sydney', '2026-09-27T22:00:00Z', '2026-10-11T21:00:00Z')).toEqual([
      ['sam', '2026-09-27T22:00:00.000Z', '2026-10-04T21:00:00.000Z'],
      ['tia', '2026-10-04T21:00:00.000Z', '2026-10-11T21:00:00.000Z'],
    ]);
  });
});

describe('renderLayer: daily hand-offs on the DST change days', () => {
  it('a 02:30 hand-off on the spring-forward day, when 02:30 does not exist, is at 03:00 EDT: no gap and no overlap', () => {
    const daily = layer({ members: ['ana', 'ben'], rotation: { unit: 'DAY', length: 1 }, handOff: '02:30', startDate: '2026-03-07' });
    expect(shifts(daily, 'America/New_York', '2026-03-07T07:30:00Z', '2026-03-10T06:30:00Z')).toEqual([
      ['ana', '2026-03-07T07:30:00.000Z', '2026-03-08T07:00:00.000Z'], // 02:30 EST to 03:00 EDT: 23.5 hours
      ['ben', '2026-03-08T07:00:00.000Z', '2026-03-09T06:30:00.000Z'], // 03:00 EDT to 02:30 EDT: 23.5 hours
      ['ana', '2026-03-09T06:30:00.000Z', '2026-03-10T06:30:00.000Z'],
    ]);
  });

  it('a hand-off at the very start of the skipped hour (02:00 in Europe/Berlin) is at the change, 03:00 CEST', () => {
    const daily = layer({ members: ['alice', 'bob'], rotation: { unit: 'DAY', length: 1 }, handOff: '02:00', startDate: '2026-03-28' });
    expect(shifts(daily, 'Europe/Berlin', '2026-03-28T01:00:00Z', '2026-03-30T00:00:00Z')).toEqual([
      ['alice', '2026-03-28T01:00:00.000Z', '2026-03-29T01:00:00.000Z'], // 02:00 CET to 03:00 CEST: 23 hours
      ['bob', '2026-03-29T01:00:00.000Z', '2026-03-30T00:00:00.000Z'], // 03:00 CEST to 02:00 CEST
    ]);
  });

  it('a 01:30 hand-off on the fall-back day, when 01:30 happens twice, is at the earlier one (EDT): that day lasts 25 hours', () => {
    const daily = layer({ members: ['ana', 'ben'], rotation: { unit: 'DAY', length: 1 }, handOff: '01:30', startDate: '2026-10-31' });
    expect(shifts(daily, 'America/New_York', '2026-10-31T05:30:00Z', '2026-11-02T06:30:00Z')).toEqual([
      ['ana', '2026-10-31T05:30:00.000Z', '2026-11-01T05:30:00.000Z'], // 01:30 EDT to 01:30 EDT
      ['ben', '2026-11-01T05:30:00.000Z', '2026-11-02T06:30:00.000Z'], // 01:30 EDT to 01:30 EST
    ]);
  });
});

describe('renderLayer: half-hour offsets, restrictions, lengths and ends', () => {
  it('Asia/Kolkata (+05:30): a 09:00 hand-off is at 03:30 UTC', () => {
    const daily = layer({ members: ['ira', 'jay'], rotation: { unit: 'DAY', length: 1 }, handOff: '09:00', startDate: '2026-01-05' });
    expect(shifts(daily, 'Asia/Kolkata', '2026-01-05T00:00:00Z', '2026-01-07T00:00:00Z')).toEqual([
      ['ira', '2026-01-05T03:30:00.000Z', '2026-01-06T03:30:00.000Z'],
      ['jay', '2026-01-06T03:30:00.000Z', '2026-01-07T00:00:00.000Z'],
    ]);
  });

  it('a daily night window 22:00–06:00 spans midnight, and the night of the spring-forward change is 7 hours long (Europe/Berlin)', () => {
    const nights = layer({ members: ['nina'], rotation: { unit: 'WEEK', length: 1 }, handOff: '09:00', startDate: '2026-03-23', restrictions: [{ kind: 'DAILY', from: '22:00', to: '06:00' }] });
    expect(shifts(nights, 'Europe/Berlin', '2026-03-27T12:00:00Z', '2026-03-29T12:00:00Z')).toEqual([
      ['nina', '2026-03-27T21:00:00.000Z', '2026-03-28T05:00:00.000Z'], // 22:00 CET to 06:00 CET
      ['nina', '2026-03-28T21:00:00.000Z', '2026-03-29T04:00:00.000Z'], // 22:00 CET to 06:00 CEST
    ]);
  });

  it('a weekly window Friday 18:00 to Monday 08:00 spans the week’s end (Asia/Kolkata)', () => {
    const weekends = layer({ members: ['ira'], handOff: '09:00', startDate: '2026-01-05', restrictions: [{ kind: 'WEEKLY', fromDay: 5, from: '18:00', toDay: 1, to: '08:00' }] });
    expect(shifts(weekends, 'Asia/Kolkata', '2026-01-05T00:00:00Z', '2026-01-19T00:00:00Z')).toEqual([
      ['ira', '2026-01-09T12:30:00.000Z', '2026-01-12T02:30:00.000Z'],
      ['ira', '2026-01-16T12:30:00.000Z', '2026-01-19T00:00:00.000Z'],
    ]);
  });

  it('a window cuts a shift that crosses a hand-off into each person’s part', () => {
    const businessHours = layer({ members: ['ana', 'ben'], rotation: { unit: 'DAY', length: 1 }, handOff: '12:00', startDate: '2026-01-05', restrictions: [{ kind: 'DAILY', from: '09:00', to: '17:00' }] });
    expect(shifts(businessHours, 'UTC', '2026-01-06T00:00:00Z', '2026-01-07T00:00:00Z')).toEqual([
      ['ana', '2026-01-06T09:00:00.000Z', '2026-01-06T12:00:00.000Z'],
      ['ben', '2026-01-06T12:00:00.000Z', '2026-01-06T17:00:00.000Z'],
    ]);
  });

  it('HOUR rotations are fixed durations, even across a DST change', () => {
    const twelveHours = layer({ members: ['ana', 'ben'], rotation: { unit: 'HOUR', length: 12 }, handOff: '20:00', startDate: '2026-03-07' });
    expect(shifts(twelveHours, 'America/New_York', '2026-03-08T01:00:00Z', '2026-03-09T01:00:00Z')).toEqual([
      ['ana', '2026-03-08T01:00:00.000Z', '2026-03-08T13:00:00.000Z'], // 20:00 EST to 09:00 EDT
      ['ben', '2026-03-08T13:00:00.000Z', '2026-03-09T01:00:00.000Z'],
    ]);
  });

  it('nobody before the first hand-off, nor from the layer’s end', () => {
    const ending = layer({ members: ['ana', 'ben'], rotation: { unit: 'DAY', length: 2 }, handOff: '09:00', startDate: '2026-01-05', endsAt: '2026-01-08T12:00:00Z' });
    expect(shifts(ending, 'UTC', '2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z')).toEqual([
      ['ana', '2026-01-05T09:00:00.000Z', '2026-01-07T09:00:00.000Z'],
      ['ben', '2026-01-07T09:00:00.000Z', '2026-01-08T12:00:00.000Z'],
    ]);
  });
});
