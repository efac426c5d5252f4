import { assertAppendable, findPriorAppend, ImportChecker } from '../append-rules';
import { CommitSignal, CursorSubscription, LOG_PAGE_SIZE, LogPage, PagedLog, readPages } from '../cursor-subscription';
import { EventStoreClosedError, ImportRefusedError, satisfiesExpected, WrongExpectedRevisionError } from '../event-store.errors';
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

interface AppendRequest {
  streamId: string;
  events: readonly NewEvent[];
  expected: ExpectedRevision;
}

/** The event store in memory, for unit tests and throw-away servers. Same contract as the durable ones. */
export class InMemoryEventStore implements EventStore, PagedLog {
  private readonly log: RecordedEvent[] = [];
  private readonly streams = new Map<string, RecordedEvent[]>();
  private readonly byId = new Map<string, RecordedEvent>();
  private readonly signal = new CommitSignal();
  private readonly subscriptions = new Set<CursorSubscription>();
  private readonly queue = new GroupCommitQueue<AppendRequest, AppendResult>((batch) => {
    const outcomes = batch.map((request) => {
      try {
        return this.appendNow(request);
      } catch (error) {
        return error instanceof Error ? error : new Error(String(error));
      }
    });
    this.signal.notify(this.log.length);
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
    return this.queue.enqueue({ streamId, events: structuredClone(events), expected });
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
    const head = this.log.length;
    const events: RecordedEvent[] = [];
    // Positions are 1-based indexes into the log.
    let position = Math.max(after, 0) + 1;
    for (; position <= head && events.length < limit; position++) {
      const event = this.log[position - 1];
      if (!streamPrefix || event.streamId.startsWith(streamPrefix)) events.push(structuredClone(event));
    }
    return { events, scannedTo: events.length < limit ? head : position - 1 };
  }

  async headPosition(): Promise<number> {
    this.assertOpen();
    return this.log.length;
  }

  stats(): EventStoreStats {
    return this.queue.stats();
  }

  async importRecorded(events: AsyncIterable<RecordedEvent>): Promise<{ events: number; headPosition: number }> {
    this.assertOpen();
    if (this.log.length > 0) throw new ImportRefusedError('The store is not empty: import only into an empty one');
    const checker = new ImportChecker();
    const accepted: RecordedEvent[] = [];
    for await (const event of events) {
      checker.check(event);
      // Positions here are indexes into the log, so they must have no gaps.
      if (event.position !== accepted.length + 1) {
        throw new ImportRefusedError(`The in-memory store keeps positions without gaps; event ${event.id} is at ${event.position}`);
      }
      accepted.push(structuredClone(event));
    }
    for (const event of accepted) {
      this.log.push(event);
      this.byId.set(event.id, event);
      const stream = this.streams.get(event.streamId) ?? [];
      stream.push(event);
      this.streams.set(event.streamId, stream);
    }
    this.signal.notify(this.log.length);
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
    const prior = findPriorAppend(streamId, events, (id) => this.byId.get(id));
    if (prior) return prior;
    const stream = this.streams.get(streamId) ?? [];
    const actual = stream.length - 1;
    if (!satisfiesExpected(expected, actual)) throw new WrongExpectedRevisionError(streamId, expected, actual);

    const recordedAt = this.now().toISOString();
    const firstPosition = this.log.length + 1;
    for (const event of events) {
      const recorded: RecordedEvent = {
        ...event,
        streamId,
        revision: stream.length,
        position: this.log.length + 1,
        recordedAt,
      };
      stream.push(recorded);
      this.log.push(recorded);
      this.byId.set(recorded.id, recorded);
    }
    this.streams.set(streamId, stream);
    return {
      streamId,
      nextRevision: stream.length - 1,
      firstPosition,
      lastPosition: this.log.length,
      alreadyAppended: false,
    };
  }

  private assertOpen(): void {
    if (this.closed) throw new EventStoreClosedError();
  }
}
