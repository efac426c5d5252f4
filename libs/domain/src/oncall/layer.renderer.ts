import { formatInstant, instantAt, localDayOf, parseInstant, parseLocalDate, parseLocalTime } from './local-time';
import { IsoInstant, LayerDefinition, Shift } from './oncall.types';
import { allowedSpans, Span } from './restriction-windows';

const HOUR_MS = 3_600_000;

/** One person's part of a layer, [from, to) in epoch milliseconds. */
export interface LayerSpan extends Span {
  readonly person: string;
}

/**
 * A layer's shifts over [from, to), cut to that range and to its
 * restrictions. DAY and WEEK rotations hand off at the same local wall-clock
 * time on every hand-off day, so a "daily" shift across a DST change lasts 23
 * or 25 hours and a weekly one is always 7 local days; HOUR rotations are
 * fixed durations from the first hand-off.
 */
export function renderLayer(layer: LayerDefinition, timeZone: string, from: IsoInstant, to: IsoInstant): Shift[] {
  return layerSpans(layer, timeZone, parseInstant(from), parseInstant(to)).map((span) => ({
    person: span.person,
    from: formatInstant(span.from),
    to: formatInstant(span.to),
    source: { kind: 'LAYER', layerId: layer.id },
  }));
}

export function layerSpans(layer: LayerDefinition, timeZone: string, from: number, to: number): LayerSpan[] {
  const end = Math.min(to, layer.endsAt === null ? Infinity : parseInstant(layer.endsAt));
  if (from >= end) return [];
  const handOff = handOffClock(layer, timeZone);
  const allowed = allowedSpans(layer.restrictions, timeZone, from, end);
  const spans: LayerSpan[] = [];
  const cursor = { window: 0 };
  let index = handOff.firstIndexNear(from);
  for (let start = handOff.at(index); start < end; index += 1) {
    const next = handOff.at(index + 1);
    if (next > from) pushAllowed(spans, layer.members[index % layer.members.length], { from: Math.max(start, from), to: Math.min(next, end) }, allowed, cursor);
    start = next;
  }
  return spans;
}

/** The instant of the layer's n-th hand-off (0 is its start), and where to begin counting for a range. */
interface HandOffClock {
  at(index: number): number;
  /** An index whose hand-off is at or before `instant` (or 0): counting from there misses no shift. */
  firstIndexNear(instant: number): number;
}

function handOffClock(layer: LayerDefinition, timeZone: string): HandOffClock {
  const startDay = parseLocalDate(layer.startDate);
  const time = parseLocalTime(layer.handOff);
  const start = instantAt(startDay, time, timeZone);
  const { unit, length } = layer.rotation;
  if (unit === 'HOUR') {
    const period = length * HOUR_MS;
    return { at: (index) => start + index * period, firstIndexNear: (instant) => Math.max(0, Math.floor((instant - start) / period)) };
  }
  const periodDays = unit === 'WEEK' ? 7 * length : length;
  return {
    at: (index) => instantAt(startDay + index * periodDays, time, timeZone),
    // The local day of an instant can be a day before its hand-off's: step one rotation back to be safe.
    firstIndexNear: (instant) => Math.max(0, Math.floor((localDayOf(instant, timeZone) - startDay) / periodDays) - 1),
  };
}

/**
 * The parts of a shift inside the sorted, disjoint allowed spans, as the
 * person's. `cursor` keeps the first window that can still matter: shifts
 * come in order, so a window that ended before one ended before all the next.
 */
function pushAllowed(spans: LayerSpan[], person: string, shift: Span, allowed: readonly Span[], cursor: { window: number }): void {
  while (cursor.window < allowed.length && allowed[cursor.window].to <= shift.from) cursor.window += 1;
  for (let index = cursor.window; index < allowed.length && allowed[index].from < shift.to; index += 1) {
    spans.push({ from: Math.max(allowed[index].from, shift.from), to: Math.min(allowed[index].to, shift.to), person });
  }
}
