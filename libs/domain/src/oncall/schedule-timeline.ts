import { ScheduleDefinition } from './oncall.types';

/**
 * A schedule as it changes over time. Every change takes effect from an
 * instant (never before it was recorded), so the timeline is a list of
 * definitions, each in force from its instant until the next one's: who was
 * on call last Tuesday is rendered by the definition of last Tuesday, however
 * the schedule was edited since.
 */
export interface ScheduleVersion<Definition extends ScheduleDefinition = ScheduleDefinition> {
  /** Epoch milliseconds; -Infinity for a definition that was always in force. */
  readonly from: number;
  readonly definition: Definition;
}

/** Sorted by `from`, each `from` once; before the first, nothing is defined (nobody is on call). */
export type ScheduleTimeline<Definition extends ScheduleDefinition = ScheduleDefinition> = readonly ScheduleVersion<Definition>[];

/** What the renderer takes: one definition (always in force) or a timeline. */
export type Schedule = ScheduleDefinition | ScheduleTimeline;

export interface ScheduleSegment {
  readonly from: number;
  readonly to: number;
  readonly definition: ScheduleDefinition;
}

/**
 * A change made from `from` on: the version in force at `from` is changed
 * from there, and so is every later version (a change planned for next week
 * keeps the overrides added today).
 */
export function changedFrom<Definition extends ScheduleDefinition>(
  timeline: ScheduleTimeline<Definition>,
  from: number,
  change: (definition: Definition) => Definition,
  empty: Definition,
): ScheduleTimeline<Definition> {
  const before = timeline.filter((version) => version.from < from);
  const after = timeline.filter((version) => version.from > from);
  const inForce = timeline.find((version) => version.from === from) ?? before[before.length - 1];
  return [...before, { from, definition: change(inForce?.definition ?? empty) }, ...after.map((version) => ({ from: version.from, definition: change(version.definition) }))];
}

/** The definition in force at an instant, if any. */
export function definitionAt<Definition extends ScheduleDefinition>(timeline: ScheduleTimeline<Definition>, instant: number): Definition | undefined {
  return timeline.findLast((version) => version.from <= instant)?.definition;
}

/** [from, to) cut where the definition changes; stretches before the first version are left out. */
export function segmentsOf(schedule: Schedule, from: number, to: number): ScheduleSegment[] {
  const timeline: ScheduleTimeline = isTimeline(schedule) ? schedule : [{ from: -Infinity, definition: schedule }];
  const segments: ScheduleSegment[] = [];
  timeline.forEach((version, index) => {
    const start = Math.max(version.from, from);
    const end = Math.min(timeline[index + 1]?.from ?? Infinity, to);
    if (start < end) segments.push({ from: start, to: end, definition: version.definition });
  });
  return segments;
}

function isTimeline(schedule: Schedule): schedule is ScheduleTimeline {
  return Array.isArray(schedule);
}
