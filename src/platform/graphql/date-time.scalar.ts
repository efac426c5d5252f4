import { isSupportedInstant, SUPPORTED_INSTANTS, utcTime } from '@incident-ledger/domain';
import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|([+-])(\d{2}):(\d{2}))$/i;

/** True when every part is in range: no 30 February, no 24:00, no offset beyond ±23:59. */
function isRealInstant(match: RegExpExecArray): boolean {
  const [year, month, day, hour, minute, second = '0', , offsetHours = '0', offsetMinutes = '0'] = match.slice(1);
  const daysInMonth = new Date(utcTime(Number(year), Number(month) + 1, 0)).getUTCDate();
  return (
    Number(month) >= 1 &&
    Number(month) <= 12 &&
    Number(day) >= 1 &&
    Number(day) <= daysInMonth &&
    Number(hour) <= 23 &&
    Number(minute) <= 59 &&
    Number(second) <= 59 &&
    Number(offsetHours) <= 23 &&
    Number(offsetMinutes) <= 59
  );
}

/** What a text reads as: the instant it names, or why the API does not accept it (not a date-time, or outside the supported years). */
export type DateTimeReading = { instant: Date } | { problem: 'FORMAT' | 'UNSUPPORTED'; message: string };

/**
 * The one reader of instants the API is given (the DateTime scalar, the HTML
 * report's query string): an ISO-8601 date-time with a time zone, in the
 * supported years. Years are read as written (`0026` is the year 26, refused
 * here, never 1926), so every caller gets the same refusal before any work.
 */
export function readDateTime(value: unknown, name = 'DateTime'): DateTimeReading {
  const match = typeof value === 'string' ? ISO_DATE_TIME.exec(value) : null;
  const instant = match && isRealInstant(match) ? new Date(value as string) : undefined;
  if (!instant || Number.isNaN(instant.getTime())) {
    return { problem: 'FORMAT', message: `${name} must be an ISO-8601 date-time with a time zone, such as 2026-03-01T09:30:00Z; got ${JSON.stringify(value)}` };
  }
  if (!isSupportedInstant(instant)) return { problem: 'UNSUPPORTED', message: `${name} must be ${SUPPORTED_INSTANTS}; got ${JSON.stringify(value)}` };
  return { instant };
}

function parse(value: unknown): Date {
  const reading = readDateTime(value);
  if ('instant' in reading) return reading.instant;
  throw new GraphQLError(reading.message, { extensions: { code: 'BAD_USER_INPUT' } });
}

/** An instant, as an ISO-8601 string with a time zone; always answered in UTC. */
export const DateTimeScalar = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  description: `An instant, as an ISO-8601 date-time with a time zone (answered in UTC), such as 2026-03-01T09:30:00.000Z; ${SUPPORTED_INSTANTS}.`,
  serialize(value) {
    if (value instanceof Date) return value.toISOString();
    if (typeof value === 'string') return value;
    throw new GraphQLError('DateTime cannot represent this value');
  },
  parseValue: parse,
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw new GraphQLError('DateTime must be a string', { extensions: { code: 'BAD_USER_INPUT' } });
    return parse(ast.value);
  },
});
