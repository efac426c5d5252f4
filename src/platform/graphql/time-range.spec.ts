import { InputValidationError } from '../errors/error-codes';
import { checkTimeRange } from './time-range';

const at = (iso: string) => new Date(iso);
const fields = { from: 'from', to: 'to' };

/** The problem checkTimeRange reports, or undefined when it accepts the range. */
function problemOf(from: string | null, to: string | null, maxDays?: number): { field: string; messages: string[] } | undefined {
  try {
    checkTimeRange({ from: from === null ? null : at(from), to: to === null ? null : at(to) }, { fields, maxDays });
    return undefined;
  } catch (error) {
    if (!(error instanceof InputValidationError)) throw error;
    return error.problems[0];
  }
}

describe('checkTimeRange', () => {
  it('accepts open ranges, and closed ones up to the longest span', () => {
    expect(problemOf(null, null)).toBeUndefined();
    expect(problemOf('2026-03-01T00:00:00Z', null)).toBeUndefined();
    expect(problemOf(null, '2026-03-01T00:00:00Z', 366)).toBeUndefined();
    expect(problemOf('2024-01-01T00:00:00Z', '2025-01-01T00:00:00Z', 366)).toBeUndefined();
    expect(problemOf('1970-01-01T00:00:00Z', '2999-12-31T23:59:59.999Z')).toBeUndefined();
  });

  it('refuses a range that does not end after it starts, naming the end', () => {
    expect(problemOf('2026-03-01T00:00:00Z', '2026-03-01T00:00:00Z')).toEqual({ field: 'to', messages: ['to must be after from'] });
    expect(problemOf('2026-03-02T00:00:00Z', '2026-03-01T00:00:00Z')).toMatchObject({ field: 'to' });
  });

  it('refuses a range longer than the longest span', () => {
    expect(problemOf('2024-01-01T00:00:00Z', '2025-01-01T00:00:01Z', 366)).toEqual({ field: 'to', messages: ['[from, to) may be at most 366 days long'] });
    expect(problemOf('2025-01-01T00:00:00Z', '2026-01-03T00:00:00Z', 366)).toMatchObject({ field: 'to' });
  });

  it('refuses a bound outside the supported years, as it reads it', () => {
    expect(problemOf('1969-12-31T23:00:00Z', '2026-01-01T00:00:00Z')).toEqual({
      field: 'from',
      messages: ['from must be between 1970-01-01T00:00:00.000Z and 2999-12-31T23:59:59.999Z (the supported years); got 1969-12-31T23:00:00.000Z'],
    });
    expect(problemOf('0026-03-01T00:00:00Z', null)?.messages[0]).toMatch(/got 0026-03-01T00:00:00.000Z$/);
    expect(problemOf(null, '3000-01-01T00:00:00Z')).toMatchObject({ field: 'to' });
  });
});
