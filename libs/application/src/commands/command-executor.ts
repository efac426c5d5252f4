import { Clock, Decider, EncodedEvent, EventCodec, foldEvents, Principal } from '@incident-ledger/domain';
import { EventStore, newEventId, NewEvent, RecordedEvent, WrongExpectedRevisionError } from '@incident-ledger/event-store';
import { createHash } from 'node:crypto';
import { eventIdForCommand } from './deterministic-id';
import { KeyedLock } from './keyed-lock';
import { VersionConflictError } from './version-conflict.error';

export interface CommandContext {
  /** Who issues the command. */
  actor: string;
  correlationId: string;
  /** The stream version the client last saw; the command is refused if the stream moved on in what the command changes. */
  expectedVersion?: number | null;
  /** A client-chosen id: retrying a command with the same id writes nothing twice. */
  commandId?: string | null;
  /** The authenticated caller, for access checks on the stream's state. */
  principal?: Principal;
}

export interface CommandOutcome {
  streamId: string;
  /** Global position of the command's last event: read models at or past it include the write. */
  position: number;
  /**
   * The stream's version once the command's events were written (events up to and including them); for a
   * retry, the version its first attempt wrote, whatever was written since: the answer is the same both times.
   */
  version: number;
  /** True when the command id had already been handled: nothing new was written. */
  replayed: boolean;
}

/** A command id came back with a different command than the first time. */
export class CommandIdReusedError extends Error {
  constructor(readonly commandId: string) {
    super(`commandId ${commandId} was already used for a different command`);
    this.name = 'CommandIdReusedError';
  }
}

/** Checks, on the state the decision is made on, that the caller may act on the stream at all. */
export type AccessCheck<Command, State> = (command: Command, state: State, context: CommandContext) => void;

/**
 * How often a command without `expectedVersion` is re-decided after losing a
 * race. Within one process commands on a stream are queued, so only writers
 * in other processes can make it lose.
 */
const MAX_ATTEMPTS = 10;
/** Streams whose folded state is kept between commands (least recently used dropped first). */
const CACHED_STREAMS = 10_000;

/**
 * The write path of every command: load the stream, decide, append with the
 * revision that was decided on. Commands on the same stream run one at a time
 * in this process; different streams proceed concurrently (and share the
 * store's group commits).
 *
 * With `expectedVersion` the client's view is part of the decision, so a
 * conflict is reported: when events written since touch what the command
 * changes, which the decider says (for incidents: its own lifecycle). Without it, losing a race only means the decision was
 * made on stale state: the command is decided again on the fresh state, a few
 * times at most.
 */
export class CommandExecutor<Command extends { type: string }, Event extends { type: string; data: unknown }, State> {
  private readonly lock = new KeyedLock();
  /**
   * Each recently used stream's state as folded up to `revision`: a command
   * then reads only the events written since (normally none; another process's
   * otherwise) instead of the whole stream. Only touched under the stream's lock.
   */
  private readonly folded = new Map<string, { state: State; revision: number }>();

  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
    private readonly decider: Decider<Command, Event, State>,
    /** Reads the stream's stored events into the decider's, and stamps the decided ones with their schema version. */
    private readonly codec: EventCodec<Event>,
    private readonly streamIdOf: (command: Command) => string,
    private readonly checkAccess: AccessCheck<Command, State> = () => undefined,
  ) {}

  execute(command: Command, context: CommandContext): Promise<CommandOutcome> {
    const streamId = this.streamIdOf(command);
    return this.lock.run(streamId, () => this.decideAndAppend(streamId, command, context));
  }

  /** The stream's state as the next command on it would be decided on: for processes that plan from it (reminders). */
  stateOf(streamId: string): Promise<State> {
    return this.lock.run(streamId, async () => (await this.catchUp(streamId)).state);
  }

  private async decideAndAppend(streamId: string, command: Command, context: CommandContext): Promise<CommandOutcome> {
    const fingerprint = fingerprintOf(command);
    const { commandId, expectedVersion } = context;

    for (let attempt = 1; ; attempt++) {
      const { state, revision } = await this.catchUp(streamId);
      // Before anything else, a retried command included: whoever may not act on the stream learns nothing of it.
      this.checkAccess(command, state, context);
      if (commandId) {
        const replayed = await this.findHandled(streamId, commandId, command, fingerprint);
        if (replayed) return replayed;
      }
      if (expectedVersion != null && expectedVersion - 1 !== revision) await this.refuseIfStale(streamId, command, expectedVersion, revision);
      // One reading of the clock: the events' `at` and their metadata's `occurredAt` agree.
      const now = this.clock.now();
      const decided = this.decider.decide(command, state, now);
      if (decided.length === 0) return { streamId, position: 0, version: revision + 1, replayed: false };
      const events = eventsToAppend(command, decided.map(this.codec.encode), {
        ids: (index) => (commandId ? eventIdForCommand(streamId, commandId, index) : newEventId()),
        correlationId: context.correlationId,
        causationId: commandId ?? null,
        actor: context.actor,
        occurredAt: now.toISOString(),
        fingerprint,
      });
      try {
        const result = await this.store.append(streamId, events, revision < 0 ? 'no-stream' : revision);
        // A recognised retry wrote nothing: the next command reads its events as anyone else's.
        if (!result.alreadyAppended) this.remember(streamId, foldEvents({ evolve: this.decider.evolve, initialState: state }, decided), result.nextRevision);
        return { streamId, position: result.lastPosition, version: result.nextRevision + 1, replayed: result.alreadyAppended };
      } catch (error) {
        // The cached state is still right up to its revision: the next round reads only the winner's events.
        // Another process got there first, maybe with a retry of this very command: the next
        // round finds it by its ids, or reports the conflict to a client that gave
        // expectedVersion, or decides again on the fresh state.
        if (!(error instanceof WrongExpectedRevisionError) || attempt >= MAX_ATTEMPTS) throw error;
        // A random pause, growing with each loss, so that two writers racing in step fall out of step.
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 2 ** attempt));
      }
    }
  }

  /**
   * The outcome of a command already handled on this stream under the same
   * `commandId`, found by its events' ids (they derive from the command id),
   * so without reading the stream; refuses the id if it came with a different
   * command.
   */
  private async findHandled(streamId: string, commandId: string, command: Command, fingerprint: string): Promise<CommandOutcome | undefined> {
    const first = await this.store.findEvent(streamId, eventIdForCommand(streamId, commandId, 0));
    if (!first) return undefined;
    const stored = first.metadata.commandFingerprint;
    const same = stored === fingerprint || (!String(stored).startsWith(FINGERPRINT_VERSION) && stored === legacyFingerprintOf(command));
    if (!same) throw new CommandIdReusedError(commandId);
    const count = typeof first.metadata.eventsInCommand === 'number' ? first.metadata.eventsInCommand : 1;
    const last = count > 1 ? ((await this.store.findEvent(streamId, eventIdForCommand(streamId, commandId, count - 1))) ?? first) : first;
    return { streamId, position: last.position, version: last.revision + 1, replayed: true };
  }

  /**
   * A client acted on an older version than the stream's: its command is stale
   * if the decider finds, among the events written since, one that touches
   * what the command changes (by default any event does). A version the
   * stream never had is always stale. The append still expects the revision
   * decided on, so concurrent writers serialise all the same.
   */
  private async refuseIfStale(streamId: string, command: Command, expectedVersion: number, revision: number): Promise<void> {
    const writtenSince: string[] = [];
    if (expectedVersion <= revision) {
      for await (const event of this.store.readStream(streamId, { fromRevision: expectedVersion })) {
        if (event.revision > revision) break;
        writtenSince.push(event.type);
      }
    }
    const changes = this.decider.conflicts ? this.decider.conflicts(command, writtenSince) : writtenSince;
    if (expectedVersion - 1 > revision || changes.length > 0) throw new VersionConflictError(streamId, expectedVersion - 1, revision, changes);
  }

  /** The whole stream, folded. */
  private async loadWhole(streamId: string): Promise<{ state: State; revision: number }> {
    const events: RecordedEvent[] = [];
    for await (const event of this.store.readStream(streamId)) events.push(event);
    const state = this.foldOnto(this.decider.initialState, events);
    const revision = events.length > 0 ? events[events.length - 1].revision : -1;
    this.remember(streamId, state, revision);
    return { state, revision };
  }

  /** The stream's state: the cached fold plus whatever was written after it. */
  private async catchUp(streamId: string): Promise<{ state: State; revision: number }> {
    const cached = this.folded.get(streamId);
    if (!cached) return this.loadWhole(streamId);
    const events: RecordedEvent[] = [];
    for await (const event of this.store.readStream(streamId, { fromRevision: cached.revision + 1 })) events.push(event);
    const state = this.foldOnto(cached.state, events);
    const revision = events.length > 0 ? events[events.length - 1].revision : cached.revision;
    this.remember(streamId, state, revision);
    return { state, revision };
  }

  /** Folds stored events onto `state`, each decoded (upcast and checked) first. */
  private foldOnto(state: State, events: readonly RecordedEvent[]): State {
    for (const event of events) state = this.decider.evolve(state, this.codec.decodeRecorded(event));
    return state;
  }

  private remember(streamId: string, state: State, revision: number): void {
    // Delete first: a Map keeps insertion order, so the first key is the least recently used.
    this.folded.delete(streamId);
    this.folded.set(streamId, { state, revision });
    if (this.folded.size > CACHED_STREAMS) this.folded.delete(this.folded.keys().next().value as string);
  }
}

/**
 * The events a decided command appends, with the metadata every writer of
 * the log records (the command executor, and the bench's log generator).
 */
export function eventsToAppend(
  command: { type: string },
  decided: readonly EncodedEvent[],
  meta: { ids: (index: number) => string; correlationId: string; causationId: string | null; actor: string; occurredAt: string; fingerprint: string },
): NewEvent[] {
  return decided.map((event, index) => ({
    id: meta.ids(index),
    type: event.type,
    data: event.data,
    metadata: {
      correlationId: meta.correlationId,
      causationId: meta.causationId,
      actor: meta.actor,
      occurredAt: meta.occurredAt,
      schemaVersion: event.schemaVersion,
      commandType: command.type,
      commandFingerprint: meta.fingerprint,
      eventsInCommand: decided.length,
    },
  }));
}

/**
 * Fields the server fills in, not the client: who asks, and the close policy
 * from the configuration. A retry is the same request whatever they are (the
 * policy may change between a first attempt and its retry).
 */
const SERVER_SUPPLIED_FIELDS = new Set(['actor', 'reportRequiredFor']);

/** What the client asks for: the command without the fields the server adds. */
function requestOf(command: { type: string }): Record<string, unknown> {
  return Object.fromEntries(Object.entries(command).filter(([field]) => !SERVER_SUPPLIED_FIELDS.has(field)));
}

/** Marks the digests that cover nested fields, so they are never compared with the older kind. */
const FINGERPRINT_VERSION = 'v2:';

/** A digest of what the client asks for, nested fields included, to recognise a retried command. */
export function fingerprintOf(command: { type: string }): string {
  return FINGERPRINT_VERSION + createHash('sha256').update(canonicalJson(requestOf(command))).digest('base64url');
}

/**
 * The digest written before nested fields counted: JSON.stringify's key list
 * applies at every depth, so a report's or an import's content was left out.
 * Still accepted for events written then (their digests carry no version),
 * so that a retry across the upgrade is recognised.
 */
function legacyFingerprintOf(command: { type: string }): string {
  const request = requestOf(command);
  return createHash('sha256').update(JSON.stringify(request, Object.keys(request).sort())).digest('base64url');
}

/** JSON with every object's keys in order, at every depth: equal requests give equal text. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, field: unknown) =>
    field !== null && typeof field === 'object' && !Array.isArray(field)
      ? Object.fromEntries(Object.entries(field).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : field,
  );
}
