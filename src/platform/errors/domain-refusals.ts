import {
  ACCESS_ERRORS,
  CATALOGUE_ERRORS,
  ContextErrors,
  DomainError,
  DomainErrorKind,
  DomainErrorReason,
  INCIDENT_ERRORS,
  SHARED_ERRORS,
} from '@incident-ledger/domain';

/** Every context's errors (its `<context>.errors.ts`): a new context adds its own here and to KINDS below. */
export const CONTEXT_ERRORS: readonly ContextErrors[] = [SHARED_ERRORS, INCIDENT_ERRORS, ACCESS_ERRORS, CATALOGUE_ERRORS];

/**
 * Every reason's kind. Typed with every reason any context declares, so a
 * context whose reasons are left out here does not compile.
 */
const KINDS: Readonly<Record<DomainErrorReason, DomainErrorKind>> = {
  ...SHARED_ERRORS.reasons,
  ...INCIDENT_ERRORS.reasons,
  ...ACCESS_ERRORS.reasons,
  ...CATALOGUE_ERRORS.reasons,
};

export function kindOf(error: DomainError): DomainErrorKind {
  return KINDS[error.reason];
}

const STREAM_NOUNS = CONTEXT_ERRORS.flatMap((context) => Object.entries(context.streams));

/**
 * What a stream holds ("incident", "API key"), from its name's prefix: the
 * noun of a conflict message. Every stream the ledger writes has a context;
 * "record" only keeps an unforeseen one from being called an incident.
 */
export function streamNoun(streamId: string): string {
  return STREAM_NOUNS.find(([prefix]) => streamId.startsWith(prefix))?.[1] ?? 'record';
}
