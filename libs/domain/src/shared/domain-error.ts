// Each context's reasons live with the context; the catalogue is the first to keep its own.
import { CATALOGUE_ERROR_KINDS, CatalogueErrorReason } from '../catalogue/catalogue.errors';

/**
 * How a rejected command is classified for its caller. The GraphQL layer maps
 * each kind to one `extensions.code` in a single place.
 */
export type DomainErrorKind = 'invalid' | 'not-found' | 'conflict';

export type DomainErrorReason =
  | 'INVALID_INPUT'
  | 'INCIDENT_NOT_FOUND'
  | 'INCIDENT_ALREADY_EXISTS'
  | 'INCIDENT_CLOSED'
  | 'INCIDENT_NOT_ACTIVE'
  | 'INVALID_STATUS_TRANSITION'
  | 'ALREADY_ACKNOWLEDGED'
  | 'NO_CHANGE'
  | 'ROLE_ALREADY_HELD'
  | 'ROLE_NOT_HELD'
  | 'MILESTONE_NOT_REACHED'
  | 'INCIDENT_MERGED'
  | 'CANNOT_MERGE'
  | 'NO_REPORT_DRAFT'
  | 'REPORT_INCOMPLETE'
  | 'INCIDENT_UNRESOLVED'
  | 'REPORT_REQUIRED'
  | 'ACTION_ITEM_NOT_FOUND'
  | 'ACTION_ITEM_EXISTS'
  | 'API_KEY_NOT_FOUND'
  | 'ALREADY_REVOKED'
  | 'ALREADY_EXISTS'
  | CatalogueErrorReason;

const kindOf: Record<DomainErrorReason, DomainErrorKind> = {
  INVALID_INPUT: 'invalid',
  INCIDENT_NOT_FOUND: 'not-found',
  INCIDENT_ALREADY_EXISTS: 'conflict',
  INCIDENT_CLOSED: 'conflict',
  INCIDENT_NOT_ACTIVE: 'conflict',
  INVALID_STATUS_TRANSITION: 'conflict',
  ALREADY_ACKNOWLEDGED: 'conflict',
  NO_CHANGE: 'conflict',
  ROLE_ALREADY_HELD: 'conflict',
  ROLE_NOT_HELD: 'conflict',
  MILESTONE_NOT_REACHED: 'conflict',
  INCIDENT_MERGED: 'conflict',
  CANNOT_MERGE: 'conflict',
  NO_REPORT_DRAFT: 'conflict',
  REPORT_INCOMPLETE: 'conflict',
  INCIDENT_UNRESOLVED: 'conflict',
  REPORT_REQUIRED: 'conflict',
  ACTION_ITEM_NOT_FOUND: 'not-found',
  ACTION_ITEM_EXISTS: 'conflict',
  API_KEY_NOT_FOUND: 'not-found',
  ALREADY_REVOKED: 'conflict',
  ALREADY_EXISTS: 'conflict',
  ...CATALOGUE_ERROR_KINDS,
};

/** A command the domain refuses. Carries a stable reason and the facts behind it. */
export class DomainError extends Error {
  readonly kind: DomainErrorKind;

  constructor(
    readonly reason: DomainErrorReason,
    message: string,
    readonly details: Readonly<Record<string, string | number | boolean | null>> = {},
  ) {
    super(message);
    this.name = 'DomainError';
    this.kind = kindOf[reason];
  }
}

export function invalidInput(field: string, message: string): DomainError {
  return new DomainError('INVALID_INPUT', message, { field });
}
