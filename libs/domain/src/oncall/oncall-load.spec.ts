import { onCallLoad } from './oncall-load';
import { Shift } from './oncall.types';

const shift = (person: string, from: string, to: string): Shift => ({ person, from, to, source: { kind: 'LAYER', layerId: 'layer-1' } });

describe('onCallLoad', () => {
  it('counts hours per person, and those outside Monday–Friday 09:00–17:00 in their own zone', () => {
    const load = onCallLoad(
      [
        // Monday 2026-01-05 00:00Z to Tuesday 00:00Z: 24 h; in Berlin (+01:00) 09:00–17:00 is 08:00Z–16:00Z, so 16 h outside.
        shift('ann', '2026-01-05T00:00:00Z', '2026-01-06T00:00:00Z'),
        // The same day for someone in Sydney (+11:00): their working day is 22:00Z Sunday to 06:00Z Monday, so 00:00Z–06:00Z is in it.
        shift('bob', '2026-01-05T00:00:00Z', '2026-01-06T00:00:00Z'),
        // Saturday: all of it outside.
        shift('ann', '2026-01-10T10:00:00Z', '2026-01-10T14:00:00Z'),
      ],
      (person) => (person === 'ann' ? 'Europe/Berlin' : 'Australia/Sydney'),
    );
    expect(load).toEqual([
      { person: 'ann', hours: 28, hoursOutsideWorkingHours: 20, shifts: 2 },
      // Sydney's Monday 22:00Z–Tuesday 06:00Z adds 22:00Z–24:00Z: 6 + 2 = 8 h inside.
      { person: 'bob', hours: 24, hoursOutsideWorkingHours: 16, shifts: 1 },
    ]);
  });
});
