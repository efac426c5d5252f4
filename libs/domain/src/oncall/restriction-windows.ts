import { instantAt, isoWeekdayOf, LocalClock, LocalDay, localDayOf, parseLocalTime } from './local-time';
import { Restriction } from './oncall.types';

/** [from, to) in epoch milliseconds. */
export interface Span {
  readonly from: number;
  readonly to: number;
}

/**
 * The parts of [from, to) that a layer's restrictions allow, in order and
 * merged: each window is placed in local time day by day (or week by week),
 * so that 09:00–17:00 stays 09:00–17:00 on both sides of a DST change.
 */
export function allowedSpans(restrictions: readonly Restriction[], timeZone: string, from: number, to: number): Span[] {
  if (restrictions.length === 0) return [{ from, to }];
  const first = localDayOf(from, timeZone);
  const last = localDayOf(to, timeZone);
  const windows = restrictions.flatMap((restriction) => windowsOf(restriction, timeZone, first, last));
  return mergeSpans(windows.map((window) => ({ from: Math.max(window.from, from), to: Math.min(window.to, to) })).filter((span) => span.from < span.to));
}

/**
 * Every window of the restriction that can reach into the local days
 * [first, last]: one spanning midnight starts the day before, one spanning
 * the week's end (at most seven days and a part) up to a week before.
 */
function windowsOf(restriction: Restriction, timeZone: string, first: LocalDay, last: LocalDay): Span[] {
  const start = parseLocalTime(restriction.from);
  const end = parseLocalTime(restriction.to);
  const endsNextTime = end <= start;
  const windows: Span[] = [];
  if (restriction.kind === 'DAILY') {
    for (let day = first - 1; day <= last; day += 1) windows.push(window(day, start, endsNextTime ? day + 1 : day, end, timeZone));
    return windows;
  }
  const lengthInDays = (restriction.toDay - restriction.fromDay + 7) % 7 || (endsNextTime ? 7 : 0);
  const weekBefore = first - 7;
  const monday = weekBefore - (isoWeekdayOf(weekBefore) - 1);
  for (let week = monday; week <= last; week += 7) {
    const day = week + restriction.fromDay - 1;
    windows.push(window(day, start, day + lengthInDays, end, timeZone));
  }
  return windows;
}

function window(fromDay: LocalDay, from: LocalClock, toDay: LocalDay, to: LocalClock, timeZone: string): Span {
  return { from: instantAt(fromDay, from, timeZone), to: instantAt(toDay, to, timeZone) };
}

/** Sorted, with overlapping and touching spans joined. */
export function mergeSpans(spans: readonly Span[]): Span[] {
  const sorted = [...spans].sort((a, b) => a.from - b.from);
  const merged: Span[] = [];
  for (const span of sorted) {
    const previous = merged[merged.length - 1];
    if (previous && span.from <= previous.to) merged[merged.length - 1] = { from: previous.from, to: Math.max(previous.to, span.to) };
    else merged.push(span);
  }
  return merged;
}
