import { Temporal } from 'temporal-polyfill';
import { instantAt, localDateOf, parseLocalTime } from './local-time';
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
  // A window that spans midnight or the week's end starts the local day or week before.
  const first = localDateOf(from, timeZone).subtract({ days: 7 });
  const last = localDateOf(to, timeZone);
  const windows = restrictions.flatMap((restriction) => windowsOf(restriction, timeZone, first, last));
  return mergeSpans(windows.map((window) => ({ from: Math.max(window.from, from), to: Math.min(window.to, to) })).filter((span) => span.from < span.to));
}

function windowsOf(restriction: Restriction, timeZone: string, first: Temporal.PlainDate, last: Temporal.PlainDate): Span[] {
  const start = parseLocalTime(restriction.from);
  const end = parseLocalTime(restriction.to);
  const endsNextTime = Temporal.PlainTime.compare(end, start) <= 0;
  const windows: Span[] = [];
  if (restriction.kind === 'DAILY') {
    for (let day = first; Temporal.PlainDate.compare(day, last) <= 0; day = day.add({ days: 1 })) {
      windows.push(window(day, start, endsNextTime ? day.add({ days: 1 }) : day, end, timeZone));
    }
    return windows;
  }
  const lengthInDays = (restriction.toDay - restriction.fromDay + 7) % 7 || (endsNextTime ? 7 : 0);
  const monday = first.subtract({ days: first.dayOfWeek - 1 });
  for (let week = monday; Temporal.PlainDate.compare(week, last) <= 0; week = week.add({ weeks: 1 })) {
    const day = week.add({ days: restriction.fromDay - 1 });
    windows.push(window(day, start, day.add({ days: lengthInDays }), end, timeZone));
  }
  return windows;
}

function window(fromDay: Temporal.PlainDate, from: Temporal.PlainTime, toDay: Temporal.PlainDate, to: Temporal.PlainTime, timeZone: string): Span {
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
