import { invalidInput } from '../shared/domain-error';
import { INCIDENT_LIMITS } from './incident.limits';

/** What every event of an incident records: which incident, when, and who. */
export type Fact = { incidentId: string; at: string; by: string };

export function factOf(command: { incidentId: string; actor: string }, now: Date): Fact {
  return { incidentId: command.incidentId, at: now.toISOString(), by: command.actor };
}

// The input rules both lifecycles apply.

export function assertValidInstant(field: string, value: Date): void {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) throw invalidInput(field, `${field} is not a valid time`);
}

export function requiredText(field: string, value: string | null | undefined, maxLength: number): string {
  const text = typeof value === 'string' ? value.trim() : '';
  if (text.length === 0) throw invalidInput(field, `${field} must not be empty`);
  if (text.length > maxLength) throw invalidInput(field, `${field} must be at most ${maxLength} characters`);
  return text;
}

export function optionalText(field: string, value: string | null | undefined, maxLength: number): string | null {
  if (value == null || value.trim().length === 0) return null;
  return requiredText(field, value, maxLength);
}

/** Tags are compared without case or surrounding space: `Database ` and `database` are one tag. */
export function normalizeTags(field: string, tags: readonly string[]): string[] {
  if (!Array.isArray(tags)) throw invalidInput(field, `${field} must be a list`);
  if (tags.length > INCIDENT_LIMITS.tagsMaxCount) throw invalidInput(field, `at most ${INCIDENT_LIMITS.tagsMaxCount} tags`);
  return [...new Set(tags.map((tag) => requiredText(field, tag, INCIDENT_LIMITS.tagMaxLength).toLowerCase()))];
}
