import { ContextErrors, Decider, EventCodec } from '@incident-ledger/domain';
import { CheckpointedReadModel } from '@incident-ledger/read-models';

// A registry holds read models and deciders of every shape.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyReadModel = CheckpointedReadModel<any, any>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDecider = Decider<any, any, any>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyCodec = EventCodec<any>;

/** A read model of a context: fed by the projector, one part of the snapshot, named in `/health`. */
export interface ReadModelRegistration {
  /** Its name in the snapshot, in `/health` and in the logs: unique across contexts, and kept (a new name is a new part, rebuilt once). */
  readonly name: string;
  /** Bump it whenever the projection's output changes: a snapshot of another version is replayed for this read model alone. */
  readonly version: number;
  /** Its class, made with no arguments: the factory, and the token the server provides it under. */
  readonly type: new () => AnyReadModel;
}

/** The streams a context writes: one per aggregate, named by prefix, decided by its decider, read through its codec. */
export interface StreamRegistration {
  /** No other context's prefix may start with it, nor it with theirs: a stream belongs to one context. */
  readonly prefix: string;
  readonly decider: AnyDecider;
  /** How its events are stored and read back: checked, and upcast from older versions. */
  readonly codec: AnyCodec;
}

/** A process manager of a context (reminders, escalations, deliveries): read from its checkpoint under the once-only-work lease. None yet. */
export interface ProcessManagerRegistration {
  readonly name: string;
}

/**
 * What a context brings to the ledger, in libs so that the server and the
 * command line read the same thing: its streams and deciders, its read models
 * (each one also a part of the read-model snapshot) and its process managers.
 * Listed once in LEDGER_CONTEXTS; the context's Nest module names it with
 * `@LedgerContext` (src/platform/core), and a server whose modules and list
 * disagree does not start.
 */
export interface ContextRegistration {
  readonly name: string;
  readonly streams: readonly StreamRegistration[];
  readonly readModels: readonly ReadModelRegistration[];
  readonly processManagers: readonly ProcessManagerRegistration[];
  /** Why its commands are refused (reason → kind) and what its streams hold: one mapping turns them into codes for GraphQL and HTTP. None for a context that writes no stream. */
  readonly errors?: ContextErrors;
}

/**
 * Refuses a list where two contexts, or two read models, share a name, two
 * contexts' stream prefixes overlap, or a context writes a stream its errors
 * do not name (a lost race on it could not say what changed).
 */
export function checkContexts(contexts: readonly ContextRegistration[]): void {
  const problems = [
    ...duplicates(contexts.map((context) => context.name)).map((name) => `two contexts are named ${name}`),
    ...duplicates(contexts.flatMap((context) => context.readModels.map((readModel) => readModel.name))).map((name) => `two read models are named ${name}`),
    ...overlappingPrefixes(contexts),
    ...unnamedStreams(contexts),
  ];
  if (problems.length > 0) throw new Error(`The ledger's contexts do not fit together: ${problems.join('; ')}`);
}

function duplicates(names: readonly string[]): string[] {
  return [...new Set(names.filter((name, index) => names.indexOf(name) !== index))];
}

function unnamedStreams(contexts: readonly ContextRegistration[]): string[] {
  return contexts.flatMap((context) =>
    context.streams
      .filter((stream) => context.errors?.streams[stream.prefix] === undefined)
      .map((stream) => `the context ${context.name} writes ${stream.prefix}… streams but its errors do not say what they hold`),
  );
}

function overlappingPrefixes(contexts: readonly ContextRegistration[]): string[] {
  const owned = contexts.flatMap((context) => context.streams.map((stream) => ({ context: context.name, prefix: stream.prefix })));
  return owned.flatMap((one, i) =>
    owned
      .slice(i + 1)
      .filter((other) => one.prefix.startsWith(other.prefix) || other.prefix.startsWith(one.prefix))
      .map((other) => `the streams ${one.prefix}… (${one.context}) and ${other.prefix}… (${other.context}) overlap`),
  );
}
