import { AppendRequest, assertAppendable, assertStreamId, findPriorAppend, ImportChecker, WriteRequest, WriteResult } from '../append-rules';
import { CommitSignal, CursorSubscription, LOG_PAGE_SIZE, LogPage, PagedLog, readPages } from '../cursor-subscription';
import {
  EventStoreClosedError,
  ImportRefusedError,
  satisfiesExpected,
  StreamErasedError,
  WrongExpectedRevisionError,
} from '../event-store.errors';
import {
  AppendResult,
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
import { GroupCommitQueue } from '../group-commit';

/** The event store in memory, for unit tests and throw-away servers. Same contract as the durable ones. */
export class InMemoryEventStore implements EventStore, PagedLog {
  /** Every event in position order; positions have gaps where streams were erased. */
  private log: RecordedEvent[] = [];
  /** The highest position ever given: it stays when the events at the end of the log are erased. */
  private head = 0;
  private readonly streams = new Map<string, RecordedEvent[]>();
  private readonly byId = new Map<string, RecordedEvent>();
  private readonly erased = new Set<string>();
  private readonly signal = new CommitSignal();
  private readonly subscriptions = new Set<CursorSubscription>();
  private readonly queue = new GroupCommitQueue<WriteRequest, WriteResult>((batch) => {
    const outcomes = batch.map((request) => {
      try {
        return request.kind === 'append' ? this.appendNow(request) : this.eraseNow(request.streamId);
      } catch (error) {
        return error instanceof Error ? error : new Error(String(error));
      }
    });
    this.signal.notify(this.head);
    return outcomes;
  });
  private closed = false;
  private readonly leaseTable = new Map<string, { holder: string; expiresAt: number }>();
  readonly leases: Leases = {
    tryAcquire: async (name, holder, ttlMs) => {
      const now = this.now().getTime();
      const lease = this.leaseTable.get(name);
      if (lease && lease.holder !== holder && lease.expiresAt > now) return false;
      this.leaseTable.set(name, { holder, expiresAt: now + ttlMs });
      return true;
    },
    release: async (name, holder) => {
      if (this.leaseTable.get(name)?.holder === holder) this.leaseTable.delete(name);
    },
  };

  constructor(private readonly now: () => Date = () => new Date()) {}

  append(streamId: string, events: readonly NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    if (this.closed) return Promise.reject(new EventStoreClosedError());
    try {
      assertAppendable(streamId, events);
    } catch (error) {
      return Promise.reject(error);
    }
    // Copy now: the caller may reuse its objects after the call.
    return this.queue.enqueue({ kind: 'append', streamId, events: structuredClone(events), expected }) as Promise<AppendResult>;
  }

  async eraseStream(streamId: string): Promise<void> {
    this.assertOpen();
    assertStreamId(streamId);
    await this.queue.enqueue({ kind: 'erase', streamId });
  }

  async *readStream(streamId: string, options: { fromRevision?: number } = {}) {
    const stream = this.streams.get(streamId) ?? [];
    for (let revision = options.fromRevision ?? 0; revision < stream.length; revision++) {
      this.assertOpen();
      yield structuredClone(stream[revision]);
    }
  }

  async findEvent(streamId: string, eventId: string): Promise<RecordedEvent | undefined> {
    this.assertOpen();
    const event = this.byId.get(eventId);
    return event?.streamId === streamId ? structuredClone(event) : undefined;
  }

  readAll(options: ReadAllOptions = {}): AsyncIterable<RecordedEvent> {
    this.assertOpen();
    return readPages(this, options.after ?? 0, options.pageSize ?? LOG_PAGE_SIZE, options.streamPrefix);
  }

  subscribe(options: SubscribeOptions = {}): EventSubscription {
    this.assertOpen();
    const subscription: CursorSubscription = new CursorSubscription(
      this,
      this.signal,
      options.after ?? 0,
      options.pageSize ?? LOG_PAGE_SIZE,
      options.streamPrefix,
      () => this.subscriptions.delete(subscription),
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  readPage(after: number, limit: number, streamPrefix?: string): LogPage {
    this.assertOpen();
    const events: RecordedEvent[] = [];
    let scannedTo = after;
    for (let index = this.indexAfter(after); index < this.log.length && events.length < limit; index++) {
      const event = this.log[index];
      scannedTo = event.position;
      if (!streamPrefix || event.streamId.startsWith(streamPrefix)) events.push(structuredClone(event));
    }
    return { events, scannedTo: events.length < limit ? this.head : scannedTo };
  }

  async headPosition(): Promise<number> {
    this.assertOpen();
    return this.head;
  }

  stats(): EventStoreStats {
    return this.queue.stats();
  }

  async importRecorded(events: AsyncIterable<RecordedEvent>): Promise<{ events: number; headPosition: number }> {
    this.assertOpen();
    if (this.head > 0) throw new ImportRefusedError('The store is not empty: import only into an empty one');
    const checker = new ImportChecker();
    const accepted: RecordedEvent[] = [];
    for await (const event of events) {
      checker.check(event);
      accepted.push(structuredClone(event));
    }
    for (const event of accepted) this.record(event);
    this.head = checker.headPosition;
    this.signal.notify(this.head);
    return { events: accepted.length, headPosition: checker.headPosition };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.queue.drain();
    this.closed = true;
    for (const subscription of [...this.subscriptions]) subscription.close();
    this.signal.wakeAll();
  }

  private appendNow({ streamId, events, expected }: AppendRequest): AppendResult {
    if (this.erased.has(streamId)) throw new StreamErasedError(streamId);
    const prior = findPriorAppend(streamId, events, (id) => this.byId.get(id));
    if (prior) return prior;
    const actual = (this.streams.get(streamId)?.length ?? 0) - 1;
    if (!satisfiesExpected(expected, actual)) throw new WrongExpectedRevisionError(streamId, expected, actual);

    const recordedAt = this.now().toISOString();
    const firstPosition = this.head + 1;
    events.forEach((event, index) => {
      this.head += 1;
      this.record({ ...event, streamId, revision: actual + 1 + index, position: this.head, recordedAt });
    });
    return { streamId, nextRevision: actual + events.length, firstPosition, lastPosition: this.head, alreadyAppended: false };
  }

  /** Adds an event at the end of the log and of its stream. */
  private record(event: RecordedEvent): void {
    this.log.push(event);
    this.byId.set(event.id, event);
    const stream = this.streams.get(event.streamId) ?? [];
    stream.push(event);
    this.streams.set(event.streamId, stream);
  }

  private eraseNow(streamId: string): undefined {
    this.erased.add(streamId);
    const stream = this.streams.get(streamId);
    if (!stream) return undefined;
    for (const event of stream) this.byId.delete(event.id);
    this.streams.delete(streamId);
    this.log = this.log.filter((event) => event.streamId !== streamId);
    return undefined;
  }

  /** The index in the log of the first event after `position`: a binary search, since positions may have gaps. */
  private indexAfter(position: number): number {
    let low = 0;
    let high = this.log.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.log[middle].position <= position) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  private assertOpen(): void {
    if (this.closed) throw new EventStoreClosedError();
  }
}
