import type { DomainErrorKind } from '../shared/domain-error';

/**
 * Why the catalogue refuses a command, and how each refusal is classified:
 * `invalid` when the request names something that cannot be (a cycle, an
 * unknown owner), `not-found` when the thing addressed does not exist,
 * `conflict` when the catalogue's state forbids it now.
 */
export const CATALOGUE_ERROR_KINDS = {
  SERVICE_NOT_FOUND: 'not-found',
  SERVICE_EXISTS: 'conflict',
  SERVICE_RETIRED: 'conflict',
  SERVICE_HAS_DEPENDENTS: 'conflict',
  UNKNOWN_SERVICE: 'invalid',
  DEPENDENCY_CYCLE: 'invalid',
  TEAM_NOT_FOUND: 'not-found',
  TEAM_EXISTS: 'conflict',
  UNKNOWN_TEAM: 'invalid',
  PERSON_NOT_FOUND: 'not-found',
  PERSON_EXISTS: 'conflict',
  UNKNOWN_PERSON: 'invalid',
} as const satisfies Record<string, DomainErrorKind>;

export type CatalogueErrorReason = keyof typeof CATALOGUE_ERROR_KINDS;
