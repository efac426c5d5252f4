import { localTime, startOfLocalDay, weeksBetween } from './time-zones';

describe('time zone arithmetic at the edges of the calendar', () => {
  it('reads years below 100 as written, not as 19xx', () => {
    expect(startOfLocalDay('0026-03-01', 'UTC').toISOString()).toBe('0026-03-01T00:00:00.000Z');
    expect(startOfLocalDay('0000-01-01', 'UTC').toISOString()).toBe('0000-01-01T00:00:00.000Z');
    expect(localTime(new Date('0026-03-01T12:30:00Z'), 'UTC')).toMatchObject({ year: 26, month: 3, day: 1, hour: 12, minute: 30 });
  });

  it('counts the weeks of a period by day numbers, across a change in the number of digits of the year', () => {
    // The week of 27 December 9999 and the one after it, which begins in the year 10000.
    expect(weeksBetween(new Date('9999-12-28T00:00:00Z'), new Date('+010000-01-05T00:00:00Z'), 'UTC')).toEqual(['9999-12-27', '+010000-01-03']);
  });

  it('gives a leap year its 53 Mondays in any time zone', () => {
    for (const timeZone of ['UTC', 'Europe/Berlin', 'Pacific/Kiritimati', 'Pacific/Pago_Pago']) {
      const weeks = weeksBetween(startOfLocalDay('2024-01-01', timeZone), startOfLocalDay('2025-01-01', timeZone), timeZone);
      expect([timeZone, weeks.length, weeks[0], weeks.at(-1)]).toEqual([timeZone, 53, '2024-01-01', '2024-12-30']);
    }
  });
});
