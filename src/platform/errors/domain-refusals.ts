import { LEDGER_CONTEXTS } from '@incident-ledger/application';
import { ContextErrors, DomainError, DomainErrorKind, SHARED_ERRORS } from '@incident-ledger/domain';

/** Every context's errors, as each registers them (`errors` in its `<context>.context.ts`), and the reason they all share. */
export const CONTEXT_ERRORS: readonly ContextErrors[] = [SHARED_ERRORS, ...LEDGER_CONTEXTS.flatMap((context) => (context.errors ? [context.errors] : []))];

/** Every reason's kind. A reason no registered context declares is a fault of ours (the registration test checks every stream has them). */
const KINDS: ReadonlyMap<string, DomainErrorKind> = new Map(CONTEXT_ERRORS.flatMap((context) => Object.entries(context.reasons)));

export function kindOf(error: DomainError): DomainErrorKind {
  const kind = KINDS.get(error.reason);
  if (!kind) throw new Error(`No registered context declares the refusal reason ${error.reason}: add it to its <context>.errors.ts and its registration`);
  return kind;
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
