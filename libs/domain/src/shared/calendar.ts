/**
 * The years the ledger accepts a time in, as the instants that bound them
 * (UTC). Nothing an incident tool records happened before the Unix epoch, an
 * imported history included, and a due date centuries ahead is a typo. Both
 * edges stay far from where date arithmetic changes shape: every date derived
 * from a supported one (a review's previous period of up to a year, the
 * Monday of its week, its local day in a zone up to 14 h from UTC) still has a
 * four-digit year, so day names sort as text and never overflow.
 */
export const SUPPORTED_YEARS = { first: 1970, last: 2999 } as const;
export const EARLIEST_SUPPORTED_INSTANT = new Date('1970-01-01T00:00:00.000Z');
export const LATEST_SUPPORTED_INSTANT = new Date('2999-12-31T23:59:59.999Z');

/** The rule as a refusal states it. */
export const SUPPORTED_INSTANTS = `between ${EARLIEST_SUPPORTED_INSTANT.toISOString()} and ${LATEST_SUPPORTED_INSTANT.toISOString()} (the supported years)`;

export function isSupportedInstant(instant: Date): boolean {
  const time = instant.getTime();
  return time >= EARLIEST_SUPPORTED_INSTANT.getTime() && time <= LATEST_SUPPORTED_INSTANT.getTime();
}

/**
 * `Date.UTC`, but with years as written: `Date.UTC` reads the years 0 to 99
 * as 1900 to 1999, so `0026-03-01` would become 1926. Months are 1 to 12.
 */
export function utcTime(year: number, month: number, day: number, hour = 0, minute = 0): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, 0, 0);
  return date.getTime();
}
