import { DateTimeScalar } from './date-time.scalar';

describe('DateTime scalar', () => {
  it.each([
    ['2026-03-01T09:30:00Z', '2026-03-01T09:30:00.000Z'],
    ['2026-03-01T09:30Z', '2026-03-01T09:30:00.000Z'],
    ['2026-03-01T10:30:00.123+01:00', '2026-03-01T09:30:00.123Z'],
    ['2024-02-29T00:00:00Z', '2024-02-29T00:00:00.000Z'],
  ])('reads %s as %s', (input, instant) => {
    expect((DateTimeScalar.parseValue(input) as Date).toISOString()).toBe(instant);
  });

  it.each(['2024-02-30T10:00:00Z', '2023-02-29T10:00:00Z', '2026-01-01T24:00:00Z', '2026-13-01T00:00:00Z', '2026-01-01T10:60:00Z', '2026-01-01T10:00:00', '2026-01-01', 'yesterday', '2026-01-01T10:00:00+25:00', 42])(
    'refuses %p',
    (input) => {
      expect(() => DateTimeScalar.parseValue(input)).toThrow(/ISO-8601/);
    },
  );
});
