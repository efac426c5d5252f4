import { ContextErrors } from '../shared/domain-error';
import { CATALOGUE_STREAM } from './catalogue.events';

/**
 * Why the catalogue refuses a command, and how each refusal is classified:
 * `invalid` when the request names something that cannot be (a cycle, an
 * unknown owner), `not-found` when the thing addressed does not exist,
 * `conflict` when the catalogue's state forbids it now.
 */
export const CATALOGUE_ERRORS = {
  streams: { [CATALOGUE_STREAM]: 'service catalogue' },
  reasons: {
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
  },
} as const satisfies ContextErrors;

type CatalogueReasonKinds = (typeof CATALOGUE_ERRORS)['reasons'];

declare module '../shared/domain-error' {
  interface DomainErrorReasons extends CatalogueReasonKinds {}
}
