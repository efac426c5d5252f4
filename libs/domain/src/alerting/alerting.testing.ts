import { DomainError } from '../shared/domain-error';

/** The field a parser's refusal names, and its message; fails when the parser accepts. */
export function refusalOf(parse: () => unknown): { field: unknown; message: string } {
  try {
    parse();
  } catch (error) {
    if (error instanceof DomainError && error.reason === 'INVALID_INPUT') return { field: error.details.field, message: error.message };
    throw error;
  }
  throw new Error('the payload was accepted');
}

/** A deep copy to change one field of a fixture in. */
export function copyOf<T>(value: T): T {
  return structuredClone(value);
}
