import { definitionAt, IsoInstant, NamedScheduleDefinition, OnCall, parseInstant, ScheduleState, Shift, ShiftSource } from '@incident-ledger/domain';
import { invalidInput } from '../../platform/errors/error-codes';
import { ScheduleObject, ShiftObject, ShiftSourceKind } from './oncall.objects';

/** A schedule as a query shows it: its state (now, or as of a past instant) and the instant its definition is read at. */
export interface ScheduleView extends ScheduleObject {
  readonly state: ScheduleState;
  /** The instant the layers and overrides shown are the ones in force at: `asOf`, or now. */
  readonly at: IsoInstant;
}

export function scheduleView(state: ScheduleState, at: IsoInstant, asOf: IsoInstant | null): ScheduleView {
  const { scheduleId: id, name, ownerTeam, timeZone, createdAt, updatedAt } = state;
  return { id, name, ownerTeam, timeZone, createdAt, updatedAt, asOf, state, at };
}

export function definitionShown(view: ScheduleView): NamedScheduleDefinition {
  return definitionAt(view.state.timeline, parseInstant(view.at)) ?? { timeZone: view.state.timeZone, layers: [], overrides: [] };
}

export function sourceFields(source: ShiftSource): Pick<ShiftObject, 'source' | 'layerId' | 'overrideId'> {
  return source.kind === 'LAYER'
    ? { source: ShiftSourceKind.LAYER, layerId: source.layerId, overrideId: null }
    : { source: ShiftSourceKind.OVERRIDE, layerId: null, overrideId: source.overrideId };
}

export function shiftObject(scheduleId: string, shift: Shift | (OnCall & { from: string | null; to: string | null })): ShiftObject {
  return { scheduleId, person: shift.person, from: shift.from as string, to: shift.to as string, ...sourceFields(shift.source) };
}

/** The most shifts one list answers: a year of a twice-daily hand-off fits; more asks for a shorter range. */
export const MAX_SHIFTS = 1_000;

/** The shifts, unless there are more than a list answers. */
export function atMostMaxShifts<T>(shifts: T[]): T[] {
  if (shifts.length > MAX_SHIFTS) throw invalidInput('to', `${shifts.length} shifts in this range; a list answers at most ${MAX_SHIFTS}: ask for a shorter range`);
  return shifts;
}

/** The longest range a query renders: a year (and a day, for leap years). */
const MAX_RANGE_DAYS = 366;

/** [from, to) as ISO instants, checked: `to` after `from`, at most a year apart. */
export function checkedRange(from: Date, to: Date): { from: IsoInstant; to: IsoInstant } {
  if (to.getTime() <= from.getTime()) throw invalidInput('to', `to must be after from: ${to.toISOString()} is not after ${from.toISOString()}`);
  if (to.getTime() - from.getTime() > MAX_RANGE_DAYS * 86_400_000) throw invalidInput('to', `A range covers at most ${MAX_RANGE_DAYS} days; ask for the rest in another query`);
  return { from: from.toISOString(), to: to.toISOString() };
}
