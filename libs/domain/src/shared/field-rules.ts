import { invalidInput } from './domain-error';

/** How free text is checked across contexts: trimmed, never empty, bounded. */
export function checkText(value: unknown, field: string, maxLength: number): string {
  const text = typeof value === 'string' ? value.trim() : '';
  if (text.length === 0) throw invalidInput(field, `${field} must not be empty`);
  if (text.length > maxLength) throw invalidInput(field, `${field} must be at most ${maxLength} characters`);
  return text;
}

/** Empty means none. */
export function checkOptionalText(value: string | null | undefined, field: string, maxLength: number): string | null {
  const text = value?.trim() ?? '';
  if (text.length > maxLength) throw invalidInput(field, `${field} must be at most ${maxLength} characters`);
  return text.length > 0 ? text : null;
}

/** A list whose order means nothing, in its one canonical form: so that sending back what is there is no change. */
export function sortedUnique<T extends string>(values: readonly T[]): T[] {
  return [...new Set(values)].sort();
}

const EMAIL_ADDRESS = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** RFC 5321's limit on a whole address. */
export const EMAIL_ADDRESS_MAX_LENGTH = 254;

/** Loosely an address (something@domain.tld): the mail server is the judge of the rest. */
export function checkEmailAddress(email: string, field: string): string {
  if (email.length > EMAIL_ADDRESS_MAX_LENGTH || !EMAIL_ADDRESS.test(email)) throw invalidInput(field, `${JSON.stringify(email)} is not an email address`);
  return email;
}
