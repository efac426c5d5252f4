/**
 * A rotation of at most a year: longer ones are typos (52 weeks, not 52
 * months) and would make "who is next" a question about the next decade.
 * A year here is 366 days, so a leap year's daily rotation still fits.
 */
export const ONCALL_LIMITS = {
  rotationMaxLength: { HOUR: 366 * 24, DAY: 366, WEEK: 52 },
  membersMaxCount: 200,
  /** Two windows a day, every day of the week. */
  restrictionsMaxCount: 14,
  layersMaxCount: 10,
  idMaxLength: 200,
  /** A swap is a stretch of someone's shifts: a month covers any rotation's share of a holiday. */
  swapMaxDays: 31,
} as const;
