import { isSupportedInstant, SUPPORTED_INSTANTS } from '@incident-ledger/domain';
import { invalidInput } from '../errors/error-codes';

const DAY = 86_400_000;

export interface TimeRange {
  from?: Date | null;
  to?: Date | null;
}

export interface TimeRangeRule {
  /** The names the client gave the bounds, for the error: `filter.declaredFrom`. */
  fields: { from: string; to: string };
  /** The longest range accepted, in days of 24 hours; no limit when left out. */
  maxDays?: number;
}

/**
 * The one check of every time range the API accepts ([from, to), either
 * bound optional), run before any work: both bounds in the supported years
 * (the DateTime scalar checks what clients send; this catches instants derived
 * from it, such as the local midnight of a plain date), `to` after `from`,
 * and no longer than `maxDays`.
 */
export function checkTimeRange(range: TimeRange, rule: TimeRangeRule): void {
  for (const bound of ['from', 'to'] as const) {
    const instant = range[bound];
    if (instant && !isSupportedInstant(instant)) {
      throw invalidInput(rule.fields[bound], `${rule.fields[bound]} must be ${SUPPORTED_INSTANTS}; got ${instant.toISOString()}`);
    }
  }
  const { from, to } = range;
  if (!from || !to) return;
  if (from.getTime() >= to.getTime()) throw invalidInput(rule.fields.to, `${rule.fields.to} must be after ${rule.fields.from}`);
  if (rule.maxDays !== undefined && to.getTime() - from.getTime() > rule.maxDays * DAY) {
    throw invalidInput(rule.fields.to, `[${rule.fields.from}, ${rule.fields.to}) may be at most ${rule.maxDays} days long`);
  }
}
