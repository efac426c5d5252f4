/**
 * The event store port: the only source of truth. Adapters (SQLite, in-memory,
 * EventStoreDB) implement it and pass the same contract suite.
 */

export interface EventMetadata {
  /** Ties together everything caused by one request or alert. */
  correlationId: string;
  /** The command (or event) that caused this event. */
  causationId: string | null;
  /** Who caused it: a person or an integration. */
  actor: string;
  /** When it happened, ISO-8601. */
  occurredAt: string;
  /** The version of the event's `data` shape, for upcasting. */
  schemaVersion: number;
  [extra: string]: unknown;
}

export interface NewEvent<Data = unknown> {
  /** A uuid, unique within its stream; deterministic from the command id when one is given, so a retried command appends nothing twice. */
  id: string;
  /** A stable name such as `IncidentDeclared`, never a class name. */
  type: string;
  data: Data;
  metadata: EventMetadata;
}

export interface RecordedEvent<Data = unknown> extends NewEvent<Data> {
  streamId: string;
  /** 0-based position of the event in its stream. */
  revision: number;
  /** Global position across all streams: strictly increasing and above 0, with gaps on some stores (EventStoreDB). */
  position: number;
  /** When the store committed it, ISO-8601. */
  recordedAt: string;
}

/**
 * What the appender expects of the stream: that it does not exist yet, that it
 * does, nothing, or that its last event has exactly this revision.
 */
export type ExpectedRevision = 'no-stream' | 'stream-exists' | 'any' | number;

export interface AppendResult {
  streamId: string;
  /** Revision of the last event now in the stream for this append. */
  nextRevision: number;
  /** Global position of the first and last appended events. */
  firstPosition: number;
  lastPosition: number;
  /**
   * True when the store recognised a retried append (every event id already stored): nothing was written.
   * EventStoreDB acknowledges some retries exactly like first writes, so there it can be false for a retry too.
   */
  alreadyAppended: boolean;
}

export interface ReadAllOptions {
  /** Read events with a position greater than this; 0 reads from the start. */
  after?: number;
  /** Only streams whose id starts with this prefix. */
  streamPrefix?: string;
  /** Events per page read from the store. */
  pageSize?: number;
}

export interface SubscribeOptions extends ReadAllOptions {}

/** A live feed: catches up from `after`, then delivers new events in position order until closed. */
export interface EventSubscription extends AsyncIterable<RecordedEvent> {
  close(): void;
}

export interface EventStoreStats {
  appends: number;
  transactions: number;
}

/**
 * Time-limited, exclusive claims shared by every process on one store: the
 * way work that must happen once (timers, process managers) runs in one
 * process at a time. A holder renews its lease well before it expires; if it
 * dies, another takes over once the lease has lapsed.
 */
export interface Leases {
  /** Takes or renews the lease for `ttlMs` when it is free, lapsed, or already `holder`'s; says whether `holder` has it. */
  tryAcquire(name: string, holder: string, ttlMs: number): Promise<boolean>;
  /** Gives the lease up, if `holder` has it. */
  release(name: string, holder: string): Promise<void>;
}

export interface EventStore {
  readonly leases: Leases;
  append(streamId: string, events: readonly NewEvent[], expected: ExpectedRevision): Promise<AppendResult>;
  readStream(streamId: string, options?: { fromRevision?: number; pageSize?: number }): AsyncIterable<RecordedEvent>;
  /** The event with this id in this stream, if there is one: how a retried command is recognised without reading its stream. */
  findEvent(streamId: string, eventId: string): Promise<RecordedEvent | undefined>;
  readAll(options?: ReadAllOptions): AsyncIterable<RecordedEvent>;
  subscribe(options?: SubscribeOptions): EventSubscription;
  /** The position of the last committed event, 0 when the store is empty; throws when the store cannot be reached. */
  headPosition(): Promise<number>;
  stats(): EventStoreStats;
  /**
   * Loads events exported from another store into this one, which must be
   * empty, keeping their ids, streams, revisions, positions and recording
   * times. For restoring backups; nothing is written if any event is out of order.
   */
  importRecorded(events: AsyncIterable<RecordedEvent>): Promise<{ events: number; headPosition: number }>;
  /**
   * Removes every event of the stream for good and closes it: for personal data that must be erased, which is why
   * such data lives in a stream of its own. Afterwards no read finds the stream's events, a later append to it throws
   * `StreamErasedError` and writes nothing, other streams' events keep their positions (the log has a gap where the
   * erased events were) and the head position does not go back. Erasing again, or erasing a stream that never
   * existed, is allowed and leaves the stream closed. Copies held elsewhere (read models, backups) are not touched.
   */
  eraseStream(streamId: string): Promise<void>;
  /** Commits what is pending, then releases the store. */
  close(): Promise<void>;
}

export const EVENT_STORE = Symbol('EVENT_STORE');
