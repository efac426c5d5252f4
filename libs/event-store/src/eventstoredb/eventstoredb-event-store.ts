import {
  AllStreamResolvedEvent,
  AppendExpectedRevision,
  BACKWARDS,
  END,
  EventData,
  EventStoreDBClient,
  FORWARDS,
  NO_STREAM,
  ANY,
  STREAM_EXISTS,
  START,
  ReadPosition,
  ResolvedEvent,
  StreamDeletedError,
  StreamNotFoundError,
  WrongExpectedVersionError,
  streamNameFilter,
} from '@eventstore/db-client';
import { assertAppendable, ImportChecker } from '../append-rules';
import { EventStoreClosedError, ImportRefusedError, StreamErasedError, WrongExpectedRevisionError } from '../event-store.errors';
import {
  AppendResult,
  EventMetadata,
  EventStore,
  EventStoreStats,
  EventSubscription,
  ExpectedRevision,
  Leases,
  NewEvent,
  ReadAllOptions,
  RecordedEvent,
  SubscribeOptions,
} from '../event-store.port';
import { closing } from './closing';
import { EventStoreDbLeases, LEASE_STREAM_PREFIX } from './eventstoredb-leases';
import { CheckpointReached, ResubscribingSubscription, SubscriptionLog } from './resubscribing-subscription';

export interface EventStoreDbOptions {
  /** For example `esdb://localhost:2113?tls=false`. */
  connectionString: string;
  /**
   * Names this ledger's part of a database that several ledgers (or test
   * runs) share: its streams are `<prefix>/<stream>`. Without one, the
   * ledger's streams are the database's streams with no `/` in their name.
   */
  streamNamePrefix?: string;
  /** Where the adapter reports dropped subscriptions and resubscriptions. */
  log?: SubscriptionLog;
  /** First and longest wait before resubscribing after a drop, in ms (doubling in between). */
  resubscribeDelayMs?: { first: number; max: number };
}

/** Ends a ledger's stream name prefix; never part of a stream name within a ledger. */
const NAMESPACE_SEPARATOR = '/';

/** This adapter's lease streams: kept out of what the application reads and writes. */
function isLeaseStream(streamId: string): boolean {
  return streamId.startsWith(LEASE_STREAM_PREFIX);
}
/** Sizes of the pages `headPosition` reads backwards: usually the last event is the ledger's own. */
const HEAD_PAGES = [1, 20, 200];
/** Events per page `findEvent` reads backwards: a retry usually follows its first attempt closely. */
const FIND_PAGE = 50;

/**
 * The event store port on EventStoreDB / KurrentDB, through
 * `@eventstore/db-client`. See docs/eventstoredb.md for the protocol facts
 * this relies on.
 *
 * - Positions are the database's commit positions: they increase, with gaps.
 * - Event ids are unique per stream, not across the database. A retried
 *   append (same ids after the same expected revision) is recognised; but the
 *   database acknowledges some retries itself, exactly like a first write, so
 *   `alreadyAppended` can be false for them.
 * - Each append is one database transaction; there is no group commit.
 * - An import keeps streams, revisions, ids and order; the database assigns
 *   new positions and recording times.
 * - Reads stream from the server (with gRPC flow control): `pageSize` is not used.
 * - An erased stream is tombstoned: its own reads find nothing at once, but its events stay in `$all` (readAll,
 *   subscribe) until the database's next scavenge, which is also when they leave the disk.
 */
export class EventStoreDbEventStore implements EventStore {
  readonly leases: Leases;
  private readonly client: EventStoreDBClient;
  private readonly pending = new Set<Promise<unknown>>();
  private readonly subscriptions = new Set<ResubscribingSubscription>();
  private readonly counters: EventStoreStats = { appends: 0, transactions: 0 };
  /** The newest event of this ledger `headPosition` has found... */
  private knownHead = 0;
  /** ...and the newest event of the database it has looked at: the next call scans only what came after it. */
  private scannedTo = 0;
  private closed = false;

  private readonly namespace: string;

  constructor(private readonly options: EventStoreDbOptions) {
    const prefix = options.streamNamePrefix ?? '';
    if (prefix.startsWith('$') || prefix.includes(NAMESPACE_SEPARATOR)) {
      throw new TypeError(`the stream name prefix cannot start with $ (system streams) or contain ${NAMESPACE_SEPARATOR}`);
    }
    this.namespace = prefix ? prefix + NAMESPACE_SEPARATOR : '';
    this.client = EventStoreDBClient.connectionString(options.connectionString);
    this.leases = new EventStoreDbLeases(this.client, this.namespace + LEASE_STREAM_PREFIX, () => this.assertOpen());
  }

  async append(streamId: string, events: readonly NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    assertAppendable(streamId, events);
    this.assertOpen();
    if (!isLedgerStream(streamId)) throw new TypeError(`stream name ${streamId} is reserved: $ (system), ${LEASE_STREAM_PREFIX} or a ${NAMESPACE_SEPARATOR}`);
    return this.track(this.appendNow(streamId, events, expected));
  }

  private async appendNow(streamId: string, events: readonly NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    this.counters.appends++;
    try {
      const result = await this.client.appendToStream(this.namespace + streamId, events.map(toEventData), {
        expectedRevision: toEsdbExpected(expected),
      });
      this.counters.transactions++;
      // Older servers acknowledge a retried append they recognise without a position: read where it went.
      if (!result.position) return (await this.findRetriedAppend(streamId, events, Number(result.nextExpectedRevision) - events.length)) ?? noPosition(streamId);
      return {
        streamId,
        nextRevision: Number(result.nextExpectedRevision),
        // The database answers {commit: last event, prepare: first event} (docs/eventstoredb.md §2).
        firstPosition: toPosition(result.position.prepare),
        lastPosition: toPosition(result.position.commit),
        alreadyAppended: false,
      };
    } catch (error) {
      if (error instanceof StreamDeletedError) throw new StreamErasedError(streamId);
      if (!(error instanceof WrongExpectedVersionError)) throw error;
      const prior = await this.findRetriedAppend(streamId, events, expected);
      if (prior) return prior;
      const actual = typeof error.actualVersion === 'bigint' ? Number(error.actualVersion) : -1;
      throw new WrongExpectedRevisionError(streamId, expected, actual);
    }
  }

  /**
   * Were these very events written right after `expected` (after a conflict,
   * or an acknowledgement without a position)? Then this append is a retry of
   * one that succeeded before, and its result is that one's.
   */
  private async findRetriedAppend(streamId: string, events: readonly NewEvent[], expected: ExpectedRevision): Promise<AppendResult | undefined> {
    const from = expected === 'no-stream' ? 0 : typeof expected === 'number' ? expected + 1 : undefined;
    if (from === undefined) return undefined;
    const stored: RecordedEvent[] = [];
    for await (const event of this.readStreamEvents(streamId, from, events.length)) stored.push(event);
    if (stored.length !== events.length || stored.some((event, index) => event.id !== events[index].id)) return undefined;
    return {
      streamId,
      nextRevision: stored[stored.length - 1].revision,
      firstPosition: stored[0].position,
      lastPosition: stored[stored.length - 1].position,
      alreadyAppended: true,
    };
  }

  /**
   * A hard delete: the database writes a tombstone, after which the stream reads as deleted and refuses appends for
   * good. The events themselves stay on disk, and in `$all`, until the next scavenge, which the operator runs (or
   * schedules) on the database: erasure is complete only then.
   */
  async eraseStream(streamId: string): Promise<void> {
    this.assertOpen();
    if (!isLedgerStream(streamId)) throw new TypeError(`stream name ${streamId} is reserved: $ (system), ${LEASE_STREAM_PREFIX} or a ${NAMESPACE_SEPARATOR}`);
    await this.track(this.tombstone(streamId));
  }

  private async tombstone(streamId: string): Promise<void> {
    try {
      await this.client.tombstoneStream(this.namespace + streamId);
    } catch (error) {
      // Tombstoned already: erasing is idempotent.
      if (!(error instanceof StreamDeletedError)) throw error;
    }
  }

  readStream(streamId: string, options: { fromRevision?: number; pageSize?: number } = {}): AsyncIterable<RecordedEvent> {
    return this.readStreamEvents(streamId, options.fromRevision ?? 0);
  }

  /**
   * The database has no index by event id: the stream is read backwards in
   * pages, each read to its end (see readStreamEvents), so a recent event is
   * found in the first page; an id that is not there costs a read of the
   * whole stream.
   */
  async findEvent(streamId: string, eventId: string): Promise<RecordedEvent | undefined> {
    this.assertOpen();
    let from: bigint | typeof END = END;
    for (;;) {
      const page: RecordedEvent[] = [];
      try {
        const read = this.client.readStream(this.namespace + streamId, { fromRevision: from, direction: BACKWARDS, maxCount: FIND_PAGE });
        for await (const resolved of closing(read)) {
          const event = this.toRecordedEvent(resolved);
          if (event) page.push(event);
        }
      } catch (error) {
        if (isGone(error)) return undefined;
        throw error;
      }
      const found = page.find((event) => event.id === eventId);
      const oldest = page.at(-1)?.revision ?? 0;
      if (found || page.length < FIND_PAGE || oldest === 0) return found;
      from = BigInt(oldest - 1);
    }
  }

  /**
   * Reads that end by themselves (a `maxCount`, not a `break`): each cancelled
   * call is an HTTP/2 stream reset, and servers close connections that reset
   * many streams quickly (the "rapid reset" defence).
   */
  private async *readStreamEvents(streamId: string, fromRevision: number, maxCount?: number): AsyncIterable<RecordedEvent> {
    this.assertOpen();
    const read = this.client.readStream(this.namespace + streamId, { fromRevision: BigInt(fromRevision), direction: FORWARDS, maxCount });
    try {
      for await (const resolved of closing(read)) {
        const event = this.toRecordedEvent(resolved);
        if (event) yield event;
      }
    } catch (error) {
      if (isGone(error)) return;
      throw error;
    }
  }

  async *readAll(options: ReadAllOptions = {}): AsyncIterable<RecordedEvent> {
    this.assertOpen();
    const after = options.after ?? 0;
    // 6.2.1 sends no filter with readAll: application streams and the prefix are picked here.
    for await (const resolved of closing(this.client.readAll({ fromPosition: positionAfter(after), direction: FORWARDS }))) {
      const event = this.toRecordedEvent(resolved);
      // readAll starts at its position, inclusive.
      if (!event || event.position <= after) continue;
      if (options.streamPrefix && !event.streamId.startsWith(options.streamPrefix)) continue;
      yield event;
    }
  }

  subscribe(options: SubscribeOptions = {}): EventSubscription {
    this.assertOpen();
    // Filtered on the server, so that the database's own events and the lease renewals never travel.
    const filterFor = (checkpointReached: CheckpointReached) =>
      options.streamPrefix
        ? streamNameFilter({ prefixes: [this.namespace + options.streamPrefix], checkpointReached })
        : streamNameFilter({ regex: `^${escapeRegex(this.namespace)}(?!\\$|${LEASE_STREAM_PREFIX})[^${NAMESPACE_SEPARATOR}]*$`, checkpointReached });
    const subscription = new ResubscribingSubscription(
      (after, checkpointReached) => this.client.subscribeToAll({ fromPosition: positionAfter(after), filter: filterFor(checkpointReached) }),
      (resolved) => this.toRecordedEvent(resolved),
      options.after ?? 0,
      this.options.log,
      this.options.resubscribeDelayMs,
      () => this.subscriptions.delete(subscription),
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  async headPosition(): Promise<number> {
    this.assertOpen();
    // Walks back from the end past the database's own events (and other ledgers'), down to what the last call looked at.
    const floor = this.scannedTo;
    let top: number | undefined;
    let from: ReadPosition = END;
    let found: number | undefined;
    for (let page = 0; ; page = Math.min(page + 1, HEAD_PAGES.length - 1)) {
      const maxCount = HEAD_PAGES[page];
      let read = 0;
      let reachedFloor = false;
      // Each page is read to its end (see readStreamEvents), then looked at.
      for await (const resolved of this.client.readAll({ fromPosition: from, direction: BACKWARDS, maxCount }) as AsyncIterable<AllStreamResolvedEvent>) {
        read++;
        if (found !== undefined || reachedFloor || !resolved.event) continue;
        const position = toPosition(resolved.event.position.commit);
        top ??= position;
        if (position <= floor) reachedFloor = true;
        else if (this.toRecordedEvent(resolved)) found = position;
        else from = resolved.event.position;
      }
      if (found !== undefined || reachedFloor || read < maxCount) break;
    }
    // Concurrent calls may finish in any order: keep the furthest.
    if (top !== undefined) this.scannedTo = Math.max(this.scannedTo, top);
    if (found !== undefined) this.knownHead = Math.max(this.knownHead, found);
    return this.knownHead;
  }

  stats(): EventStoreStats {
    return { ...this.counters };
  }

  async importRecorded(events: AsyncIterable<RecordedEvent>): Promise<{ events: number; headPosition: number }> {
    this.assertOpen();
    if ((await this.headPosition()) !== 0) throw new ImportRefusedError('The store is not empty: import only restores into an empty store');
    // EventStoreDB has no transaction across streams: everything is checked before the first write.
    const checker = new ImportChecker();
    const all: RecordedEvent[] = [];
    for await (const event of events) {
      checker.check(event);
      all.push(event);
    }
    let headPosition = 0;
    let written = 0;
    try {
      for (let start = 0; start < all.length; ) {
        // Consecutive events of one stream, up to IMPORT_APPEND_BYTES: one append each (the server refuses appends over 1 MiB).
        let end = start + 1;
        let bytes = approximateSize(all[start]);
        while (end < all.length && all[end].streamId === all[start].streamId) {
          const size = approximateSize(all[end]);
          if (bytes + size > IMPORT_APPEND_BYTES) break;
          bytes += size;
          end++;
        }
        const run = all.slice(start, end);
        const result = await this.append(run[0].streamId, run.map(toNewEvent), run[0].revision === 0 ? 'no-stream' : run[0].revision - 1);
        headPosition = result.lastPosition;
        written = end;
        start = end;
      }
    } catch (error) {
      throw new Error(
        `the import stopped after ${written} of ${all.length} events (EventStoreDB has no transaction across streams; ` +
          `start again on an empty database): ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    return { events: all.length, headPosition };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.allSettled([...this.pending]);
    for (const subscription of this.subscriptions) subscription.close();
    await this.client.dispose();
  }

  /**
   * The port's view of an event of this ledger; undefined for everything else
   * in `$all`: the database's own events (`$`…), link events, lease streams,
   * and other ledgers' streams.
   */
  private toRecordedEvent(resolved: ResolvedEvent | AllStreamResolvedEvent): RecordedEvent | undefined {
    const raw = resolved.event;
    if (!raw || raw.type.startsWith('$') || !raw.streamId.startsWith(this.namespace)) return undefined;
    const streamId = raw.streamId.slice(this.namespace.length);
    if (!isLedgerStream(streamId)) return undefined;
    if (!raw.position) throw new Error(`EventStoreDB gave no position for ${raw.streamId}@${raw.revision}`);
    return {
      id: raw.id,
      type: raw.type,
      data: raw.isJson ? raw.data : decodeJson(raw.data as Uint8Array),
      metadata: (raw.metadata instanceof Uint8Array ? decodeJson(raw.metadata) : raw.metadata) as EventMetadata,
      streamId,
      revision: Number(raw.revision),
      position: toPosition(raw.position.commit),
      recordedAt: raw.created.toISOString(),
    };
  }

  private assertOpen(): void {
    if (this.closed) throw new EventStoreClosedError();
  }

  private track<T>(work: Promise<T>): Promise<T> {
    this.pending.add(work);
    const forget = () => this.pending.delete(work);
    work.then(forget, forget);
    return work;
  }
}

/** A read of a stream that never existed, or that was erased (tombstoned): both read as empty. */
function isGone(error: unknown): boolean {
  return error instanceof StreamNotFoundError || error instanceof StreamDeletedError;
}

function noPosition(streamId: string): never {
  throw new Error(`EventStoreDB acknowledged an append to ${streamId} without a position, and the events are not where it said`);
}

/** Well under the server's default maxAppendSize of 1 MiB. */
const IMPORT_APPEND_BYTES = 512 * 1024;

function approximateSize(event: RecordedEvent): number {
  return JSON.stringify(event.data).length + JSON.stringify(event.metadata).length + event.type.length + 64;
}

function toEsdbExpected(expected: ExpectedRevision): AppendExpectedRevision {
  switch (expected) {
    case 'any':
      return ANY;
    case 'no-stream':
      return NO_STREAM;
    case 'stream-exists':
      return STREAM_EXISTS;
    default:
      return BigInt(expected);
  }
}

/** Where to start reading or subscribing so that events after `after` come next (readAll's start is inclusive and skipped by the caller). */
function positionAfter(after: number): ReadPosition {
  return after > 0 ? { commit: BigInt(after), prepare: BigInt(after) } : START;
}

function toPosition(value: bigint): number {
  const position = Number(value);
  if (!Number.isSafeInteger(position) || position < 0) {
    throw new Error(`EventStoreDB position ${value} is out of range (servers older than 21.10 give no positions on stream reads)`);
  }
  return position;
}

function toEventData(event: NewEvent): EventData {
  return {
    id: event.id,
    contentType: 'application/json',
    type: event.type,
    data: event.data as EventData['data'],
    metadata: event.metadata as unknown as Record<string, unknown>,
  } as EventData;
}

function toNewEvent(event: RecordedEvent): NewEvent {
  return { id: event.id, type: event.type, data: event.data, metadata: event.metadata };
}

/** A stream of the ledger itself, once its prefix is taken off: not a system, lease or other ledger's stream. */
function isLedgerStream(streamId: string): boolean {
  return !streamId.startsWith('$') && !isLeaseStream(streamId) && !streamId.includes(NAMESPACE_SEPARATOR);
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function decodeJson(bytes: Uint8Array): unknown {
  return bytes.length === 0 ? null : JSON.parse(Buffer.from(bytes).toString('utf8'));
}
