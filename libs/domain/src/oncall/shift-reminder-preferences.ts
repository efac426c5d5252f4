import { Decider } from '../shared/decider';
import { invalidInput } from '../shared/domain-error';
import { eventCodec, field } from '../shared/event-codec';

/** One stream per person who chose their shift reminders: `oncall-person-<name>`. */
export const ONCALL_PERSON_STREAM_PREFIX = 'oncall-person-';

export const oncallPersonStreamId = (person: string): string => `${ONCALL_PERSON_STREAM_PREFIX}${person}`;

/** A reminder at most a week before a shift, and a few of them. */
export const SHIFT_REMINDER_LIMITS = { maxHours: 168, maxCount: 5 } as const;

export interface SetShiftReminders {
  type: 'SetShiftReminders';
  person: string;
  /** Hours before each shift; empty for none; null for the server's default. */
  hoursBefore: number[] | null;
  actor: string;
}

export interface ShiftRemindersSet {
  type: 'ShiftRemindersSet';
  data: { person: string; hoursBefore: number[] | null; at: string; by: string };
}

export const shiftReminderPreferencesCodec = eventCodec<ShiftRemindersSet>({
  ShiftRemindersSet: { shape: { person: field.string, hoursBefore: field.nullable(field.integers), at: field.string, by: field.string } },
});

/** Longest first, each once: the form the notices read (and a choice sent again is no change). */
export function checkReminderHours(hours: readonly number[]): number[] {
  const bad = hours.find((value) => !Number.isInteger(value) || value < 1 || value > SHIFT_REMINDER_LIMITS.maxHours);
  if (bad !== undefined) throw invalidInput('hoursBefore', `A reminder comes 1 to ${SHIFT_REMINDER_LIMITS.maxHours} whole hours before a shift; got ${bad}`);
  const unique = [...new Set(hours)].sort((a, b) => b - a);
  if (unique.length > SHIFT_REMINDER_LIMITS.maxCount) throw invalidInput('hoursBefore', `At most ${SHIFT_REMINDER_LIMITS.maxCount} reminders before a shift`);
  return unique;
}

export const shiftReminderPreferencesDecider: Decider<SetShiftReminders, ShiftRemindersSet, { hoursBefore: number[] | null }> = {
  decide(command, state, now) {
    const hoursBefore = command.hoursBefore === null ? null : checkReminderHours(command.hoursBefore);
    if (JSON.stringify(hoursBefore) === JSON.stringify(state.hoursBefore)) return [];
    return [{ type: 'ShiftRemindersSet', data: { person: command.person, hoursBefore, at: now.toISOString(), by: command.actor } }];
  },
  evolve: (_state, event) => ({ hoursBefore: event.data.hoursBefore }),
  initialState: { hoursBefore: null },
};
