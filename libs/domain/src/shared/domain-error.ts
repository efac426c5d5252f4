/**
 * How a refusal is classified for its caller: the API maps each kind to one
 * `code` (BAD_USER_INPUT, NOT_FOUND, CONFLICT) in one place, for GraphQL and
 * HTTP alike.
 */
export type DomainErrorKind = 'invalid' | 'not-found' | 'conflict';

/**
 * What a context owns of the errors its commands raise, in its
 * `<context>.errors.ts`: each reason it may refuse with and that reason's
 * kind, and what its streams hold (by the prefix of their names), so that a
 * lost race is told as "the API key has changed", not always "the incident".
 */
export interface ContextErrors {
  readonly streams: Readonly<Record<string, string>>;
  readonly reasons: Readonly<Record<string, DomainErrorKind>>;
}

/** The reason every context shares: a command's own input is wrong. */
export const SHARED_ERRORS = {
  streams: {},
  reasons: { INVALID_INPUT: 'invalid' },
} as const satisfies ContextErrors;

type SharedReasonKinds = (typeof SHARED_ERRORS)['reasons'];

/**
 * Every refusal reason with its kind. Each context adds its own reasons from
 * its `<context>.errors.ts` (declaration merging), so the reasons stay with
 * their context while a reason no context declares does not compile, and a
 * reason two contexts declare with different kinds does not either.
 */
export interface DomainErrorReasons extends SharedReasonKinds {}

export type DomainErrorReason = keyof DomainErrorReasons;

/**
 * A command the domain refuses: the one carrier of every context's refusals.
 * Carries a stable reason (what clients read in `extensions.reason`) and the
 * facts behind it; the reason's kind comes from the context that declares it.
 */
export class DomainError extends Error {
  constructor(
    readonly reason: DomainErrorReason,
    message: string,
    readonly details: Readonly<Record<string, string | number | boolean | null>> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export function invalidInput(field: string, message: string): DomainError {
  return new DomainError('INVALID_INPUT', message, { field });
}
