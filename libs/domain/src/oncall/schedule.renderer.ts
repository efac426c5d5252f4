import { LayerSpan, layerSpans } from './layer.renderer';
import { Span } from './restriction-windows';
import { formatInstant, parseInstant } from './local-time';
import { Gap, IsoInstant, Override, ScheduleDefinition, Shift, ShiftSource } from './oncall.types';
import { Schedule, ScheduleSegment, segmentsOf } from './schedule-timeline';

const DAY_MS = 86_400_000;
/** How far `onCallAt` looks for the start and end of the shift it finds. */
export const ON_CALL_SEARCH_HORIZON_DAYS = 400;

export interface RenderedSchedule {
  /** Who is on call: an override, else the highest layer with someone; one person's consecutive shifts from one source merged. */
  readonly final: Shift[];
  readonly layers: Record<string, Shift[]>;
}

/** Who is on call at an instant, and over which stretch of the final schedule; null bounds lie beyond the search horizon. */
export interface OnCall {
  readonly person: string;
  readonly source: ShiftSource;
  readonly from: IsoInstant | null;
  readonly to: IsoInstant | null;
}

interface FinalSpan extends LayerSpan {
  readonly source: ShiftSource;
}

/** A stretch of the schedule under one definition, with each of its layers' spans over the stretch. */
interface RenderedSegment extends ScheduleSegment {
  readonly layers: readonly LayerSpan[][];
}

/**
 * The schedule over [from, to), every shift cut to that range. Over a
 * timeline, each stretch is rendered by the definition in force then, and a
 * shift that goes on across a change stays one shift.
 */
export function renderSchedule(schedule: Schedule, from: IsoInstant, to: IsoInstant): RenderedSchedule {
  const start = parseInstant(from);
  const end = parseInstant(to);
  const final: FinalSpan[] = [];
  const layers = new Map<string, FinalSpan[]>();
  for (const segment of renderedSegments(schedule, start, end)) {
    const { definition } = segment;
    final.push(...finalSpans(definition, segment.layers, segment.from, segment.to));
    definition.layers.forEach((layer, index) => {
      const own = layers.get(layer.id) ?? [];
      for (const span of segment.layers[index]) appendAcross(own, { ...span, source: { kind: 'LAYER', layerId: layer.id } }, segment.from);
      layers.set(layer.id, own);
    });
  }
  return {
    final: joined(final).map(toShift),
    layers: Object.fromEntries([...layers].map(([layerId, spans]) => [layerId, spans.map(toShift)])),
  };
}

/** A layer's shifts stay apart at each hand-off, but one that a change of definition cut in two is one shift again. */
function appendAcross(shifts: FinalSpan[], span: FinalSpan, segmentStart: number): void {
  const previous = shifts[shifts.length - 1];
  if (previous && span.from === segmentStart && previous.to === segmentStart && previous.person === span.person) {
    shifts[shifts.length - 1] = { ...previous, to: span.to };
  } else {
    shifts.push(span);
  }
}

export function gaps(schedule: Schedule, from: IsoInstant, to: IsoInstant): Gap[] {
  const start = parseInstant(from);
  const end = parseInstant(to);
  const gaps: Gap[] = [];
  let covered = start;
  for (const span of finalSpansOver(schedule, start, end)) {
    if (span.from > covered) gaps.push({ from: formatInstant(covered), to: formatInstant(span.from) });
    covered = span.to;
  }
  if (covered < end) gaps.push({ from: formatInstant(covered), to: formatInstant(end) });
  return gaps;
}

/**
 * Who is on call at `at`. The stretch around it is found by rendering a day
 * either side and widening the range while the stretch reaches its edge, so
 * that a short shift costs a short rendering.
 */
export function onCallAt(schedule: Schedule, at: IsoInstant): OnCall | null {
  const instant = parseInstant(at);
  for (let days = 1; ; days *= 2) {
    const reach = Math.min(days, ON_CALL_SEARCH_HORIZON_DAYS) * DAY_MS;
    const start = instant - reach;
    const end = instant + reach;
    const current = finalSpansOver(schedule, start, end).find((span) => span.from <= instant && instant < span.to);
    if (!current) return null;
    const atHorizon = days >= ON_CALL_SEARCH_HORIZON_DAYS;
    const fromKnown = current.from > start || atHorizon;
    const toKnown = current.to < end || atHorizon;
    if (fromKnown && toKnown) {
      return {
        person: current.person,
        source: current.source,
        from: current.from > start ? formatInstant(current.from) : null,
        to: current.to < end ? formatInstant(current.to) : null,
      };
    }
  }
}

function finalSpansOver(schedule: Schedule, start: number, end: number): FinalSpan[] {
  return joined(renderedSegments(schedule, start, end).flatMap((segment) => finalSpans(segment.definition, segment.layers, segment.from, segment.to)));
}

/**
 * The segments of [start, end) with their layers rendered. Most versions of a
 * timeline differ from the one before only by an override, and keep its
 * layers (the same array): consecutive segments that share them are
 * rendered once, over all of them, and cut at the segments' edges, which
 * gives the same spans as rendering each segment apart.
 */
function renderedSegments(schedule: Schedule, start: number, end: number): RenderedSegment[] {
  const segments = segmentsOf(schedule, start, end);
  const rendered: RenderedSegment[] = [];
  for (let first = 0; first < segments.length; ) {
    const { definition } = segments[first];
    let last = first;
    while (last + 1 < segments.length && sameLayers(segments[last + 1].definition, definition)) last += 1;
    const spans = definition.layers.map((layer) => layerSpans(layer, layer.timeZone ?? definition.timeZone, segments[first].from, segments[last].to));
    const next = spans.map(() => 0);
    for (const segment of segments.slice(first, last + 1)) rendered.push({ ...segment, layers: spans.map((own, layer) => cut(own, next, layer, segment)) });
    first = last + 1;
  }
  return rendered;
}

function sameLayers(a: ScheduleDefinition, b: ScheduleDefinition): boolean {
  return a.layers === b.layers && a.timeZone === b.timeZone;
}

/** The parts of a layer's sorted spans inside the segment; `next` keeps the layer's place, as segments only move on. */
function cut(spans: readonly LayerSpan[], next: number[], layer: number, segment: ScheduleSegment): LayerSpan[] {
  while (next[layer] < spans.length && spans[next[layer]].to <= segment.from) next[layer] += 1;
  const inside: LayerSpan[] = [];
  for (let index = next[layer]; index < spans.length && spans[index].from < segment.to; index += 1) {
    const span = spans[index];
    inside.push(span.from >= segment.from && span.to <= segment.to ? span : { ...span, from: Math.max(span.from, segment.from), to: Math.min(span.to, segment.to) });
  }
  return inside;
}

/**
 * A definition's overrides as numbers, by start, so that a stretch reads
 * only the overrides near it: a lookup on a schedule with years of overrides
 * reads a handful, not all. Built once per definition (every version of a
 * timeline is its own object, read again by each lookup), from overrides
 * parsed once each (a version keeps the earlier versions' override objects).
 */
interface OverrideIndex {
  /** By start; `rank` is the order of adding, which decides between overlapping ones. */
  readonly byStart: ReadonlyArray<{ readonly span: FinalSpan; readonly rank: number }>;
  /** The longest override: one that starts further back than this before a stretch ends before it. */
  readonly longest: number;
}

const overrideIndexes = new WeakMap<ScheduleDefinition, OverrideIndex>();
const parsedOverrides = new WeakMap<Override, FinalSpan>();

/** The overrides over [start, end), cut to it, in the order they were added. */
function overridesWithin(definition: ScheduleDefinition, start: number, end: number): FinalSpan[] {
  const { byStart, longest } = overrideIndexOf(definition);
  const within: Array<{ span: FinalSpan; rank: number }> = [];
  for (let index = firstStartingFrom(byStart, start - longest); index < byStart.length && byStart[index].span.from < end; index += 1) {
    if (byStart[index].span.to > start) within.push(byStart[index]);
  }
  return within.sort((a, b) => a.rank - b.rank).map(({ span }) => ({ ...span, from: Math.max(span.from, start), to: Math.min(span.to, end) }));
}

function overrideIndexOf(definition: ScheduleDefinition): OverrideIndex {
  let index = overrideIndexes.get(definition);
  if (!index) {
    const byStart = definition.overrides.map((override, rank) => ({ span: parsed(override), rank })).sort((a, b) => a.span.from - b.span.from);
    index = { byStart, longest: byStart.reduce((longest, { span }) => Math.max(longest, span.to - span.from), 0) };
    overrideIndexes.set(definition, index);
  }
  return index;
}

function parsed(override: Override): FinalSpan {
  let span = parsedOverrides.get(override);
  if (!span) {
    span = { person: override.person, from: parseInstant(override.from), to: parseInstant(override.to), source: { kind: 'OVERRIDE', overrideId: override.id } };
    parsedOverrides.set(override, span);
  }
  return span;
}

/** The first position whose override starts at or after `instant` (binary search). */
function firstStartingFrom(byStart: OverrideIndex['byStart'], instant: number): number {
  let low = 0;
  let high = byStart.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (byStart[middle].span.from < instant) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Cut at every edge of every layer's and override's shift, decide each piece, then join what reads as one shift. */
function finalSpans(schedule: ScheduleDefinition, layers: readonly LayerSpan[][], start: number, end: number): FinalSpan[] {
  const overrides = overridesWithin(schedule, start, end);
  const edges = sortedEdges(start, end, [...layers, overrides]);
  const next = layers.map(() => 0);
  const pieces: FinalSpan[] = [];
  for (let index = 0; index + 1 < edges.length; index += 1) {
    const piece = { from: edges[index], to: edges[index + 1] };
    const winner = overrideAt(overrides, piece.from) ?? layerAt(schedule, layers, next, piece.from);
    if (winner) pieces.push({ ...winner, ...piece });
  }
  return joined(pieces);
}

/** Every distinct edge of the spans and of [start, end), in order. */
function sortedEdges(start: number, end: number, groups: ReadonlyArray<readonly Span[]>): Float64Array {
  const edges = [start, end];
  for (const spans of groups) for (const span of spans) edges.push(span.from, span.to);
  const sorted = Float64Array.from(edges).sort();
  return sorted.filter((edge, index) => index === 0 || edge !== sorted[index - 1]);
}

/** The last added override covering the instant wins: adding one is how a later arrangement replaces an earlier. */
function overrideAt(overrides: readonly FinalSpan[], instant: number): FinalSpan | undefined {
  return overrides.findLast((override) => override.from <= instant && instant < override.to);
}

/** The highest layer with someone at the instant; `next` keeps each layer's place, as instants only grow. */
function layerAt(schedule: ScheduleDefinition, layers: readonly LayerSpan[][], next: number[], instant: number): FinalSpan | undefined {
  for (let layer = layers.length - 1; layer >= 0; layer -= 1) {
    const spans = layers[layer];
    while (next[layer] < spans.length && spans[next[layer]].to <= instant) next[layer] += 1;
    const span = spans[next[layer]];
    if (span && span.from <= instant) return { ...span, source: { kind: 'LAYER', layerId: schedule.layers[layer].id } };
  }
  return undefined;
}

/** One person's touching pieces from one source are one shift; a change of source stays visible. */
function joined(pieces: readonly FinalSpan[]): FinalSpan[] {
  const shifts: FinalSpan[] = [];
  for (const piece of pieces) {
    const previous = shifts[shifts.length - 1];
    if (previous && previous.to === piece.from && previous.person === piece.person && sameSource(previous.source, piece.source)) {
      shifts[shifts.length - 1] = { ...previous, to: piece.to };
    } else {
      shifts.push(piece);
    }
  }
  return shifts;
}

function sameSource(a: ShiftSource, b: ShiftSource): boolean {
  return a.kind === 'LAYER' ? b.kind === 'LAYER' && a.layerId === b.layerId : b.kind === 'OVERRIDE' && a.overrideId === b.overrideId;
}

function toShift(span: FinalSpan): Shift {
  return { person: span.person, from: formatInstant(span.from), to: formatInstant(span.to), source: span.source };
}
