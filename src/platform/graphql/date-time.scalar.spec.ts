import { DateTimeScalar } from './date-time.scalar';

describe('DateTime scalar', () => {
  it.each([
    ['2026-03-01T09:30:00Z', '2026-03-01T09:30:00.000Z'],
    ['2026-03-01T09:30Z', '2026-03-01T09:30:00.000Z'],
    ['2026-03-01T10:30:00.123+01:00', '2026-03-01T09:30:00.123Z'],
    ['2024-02-29T00:00:00Z', '2024-02-29T00:00:00.000Z'],
    ['1970-01-01T00:00:00Z', '1970-01-01T00:00:00.000Z'],
    ['2999-12-31T23:59:59.999Z', '2999-12-31T23:59:59.999Z'],
  ])('reads %s as %s', (input, instant) => {
    expect((DateTimeScalar.parseValue(input) as Date).toISOString()).toBe(instant);
  });

  it.each(['2024-02-30T10:00:00Z', '2023-02-29T10:00:00Z', '2026-01-01T24:00:00Z', '2026-13-01T00:00:00Z', '2026-01-01T10:60:00Z', '2026-01-01T10:00:00', '2026-01-01', 'yesterday', '2026-01-01T10:00:00+25:00', 42])(
    'refuses %p',
    (input) => {
      expect(() => DateTimeScalar.parseValue(input)).toThrow(/ISO-8601/);
    },
  );

  it.each([
    '0026-03-01T00:00:00Z',
    '0000-01-01T00:00:00Z',
    '0000-02-29T00:00:00Z',
    '1969-12-31T23:59:59.999Z',
    '1970-01-01T00:30:00+01:00',
    '2999-12-31T23:00:00-01:00',
    '3000-01-01T00:00:00Z',
    '9999-06-01T00:00:00Z',
  ])('refuses %s, outside the supported years, saying which they are and what it read', (input) => {
    expect(() => DateTimeScalar.parseValue(input)).toThrow(/between 1970-01-01T00:00:00.000Z and 2999-12-31T23:59:59.999Z/);
    expect(() => DateTimeScalar.parseValue(input)).toThrow(input);
  });

  it('refuses a literal outside the supported years with BAD_USER_INPUT', () => {
    expect.assertions(1);
    try {
      DateTimeScalar.parseLiteral({ kind: 'StringValue', value: '0026-03-01T00:00:00Z' } as never);
    } catch (error) {
      expect(error).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    }
  });
});
