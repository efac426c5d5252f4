import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  AppendRequest,
  assertAppendable,
  assertStreamId,
  findPriorAppend,
  ImportChecker,
  StoredEventRef,
  WriteRequest,
  WriteResult,
} from '../append-rules';
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

export type SqliteDurability = 'full' | 'normal';

export interface SqliteEventStoreOptions {
  /** A file path, or ':memory:'. */
  path: string;
  /**
   * `full` (default): every commit is fsynced before it is acknowledged, so an
   * acknowledged append survives a power loss. `normal`: survives a process
   * crash, but the last commits may be lost on power loss.
   */
  durability?: SqliteDurability;
  /**
   * How often, in ms, to look for commits made by other processes on the same
   * file (another server, the CLI), while anyone is subscribed. That is the
   * added latency for them; this process's own commits wake subscribers at once.
   */
  pollIntervalMs?: number;
  now?: () => Date;
}

/**
 * A row of `events` as an array, in the order of EVENT_COLUMNS: better-sqlite3's
 * raw mode, which reads a page about 1.6 times as fast as one object per row.
 */
type EventRow = [position: number, eventId: string, streamId: string, revision: number, type: string, data: string, metadata: string, recordedAt: string];
const EVENT_COLUMNS = 'position, event_id, stream_id, revision, type, data, metadata, recorded_at';
const POSITION = 0;
const REVISION = 3;

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS events (
    position    INTEGER PRIMARY KEY,
    event_id    TEXT    NOT NULL UNIQUE,
    stream_id   TEXT    NOT NULL,
    revision    INTEGER NOT NULL,
    type        TEXT    NOT NULL,
    data        TEXT    NOT NULL,
    metadata    TEXT    NOT NULL,
    recorded_at TEXT    NOT NULL,
    UNIQUE (stream_id, revision)
  );
  CREATE TABLE IF NOT EXISTS leases (
    name        TEXT    PRIMARY KEY,
    holder      TEXT    NOT NULL,
    expires_at  INTEGER NOT NULL
  );
  -- Tombstones of erased streams (created on open, so older files gain it). head_position is the store's head when
  -- the stream was erased: new positions stay above it even when the erased events were the last ones.
  CREATE TABLE IF NOT EXISTS erased_streams (
    stream_id     TEXT    PRIMARY KEY,
    erased_at     TEXT    NOT NULL,
    head_position INTEGER NOT NULL
  );
  CREATE INDEX IF NOT EXISTS erased_streams_by_head ON erased_streams (head_position);
`;

/**
 * The head: the highest position ever given, kept by the tombstones when the last events were erased. Both maxima
 * are one probe of an index. Positions are given explicitly from it, since SQLite would reuse the rowid of an erased
 * last event.
 */
const HEAD_QUERY = `SELECT MAX(IFNULL((SELECT MAX(position) FROM events), 0), IFNULL((SELECT MAX(head_position) FROM erased_streams), 0)) AS head`;

/** Events per page of a stream read (a stream is an incident or the catalogue: most fit in one). */
const STREAM_PAGE_SIZE = 500;

/** Pages an online backup copies per step, between which the event loop runs (better-sqlite3's default). */
const BACKUP_PAGES_PER_STEP = 100;

/**
 * The embedded event store: one SQLite file in WAL mode, one connection per
 * process (better-sqlite3 is synchronous, so a pool would add nothing), and
 * group commit so that concurrent appends share one fsync.
 *
 * Positions are SQLite rowids, given in increasing order: an erased stream's events leave a gap, and the head never
 * goes back (see HEAD_QUERY).
 */
export class SqliteEventStore implements EventStore, PagedLog {
  private readonly db: Database.Database;
  private readonly queue: GroupCommitQueue<WriteRequest, WriteResult>;
  private readonly signal = new CommitSignal();
  private readonly subscriptions = new Set<CursorSubscription>();
  private readonly now: () => Date;
  private readonly pollIntervalMs: number;
  readonly leases: Leases;
  private pollTimer: NodeJS.Timeout | undefined;
  private dataVersion = 0;
  private closed = false;

  private readonly statements: {
    streamHead: Database.Statement<[string], { revision: number | null }>;
    eventRef: Database.Statement<[string], { stream_id: string; revision: number; position: number }>;
    insert: Database.Statement<[number, string, string, number, string, string, string, string]>;
    isErased: Database.Statement<[string], { erased: number }>;
    recordErasure: Database.Statement<[string, string, number]>;
    deleteStream: Database.Statement<[string]>;
    readStream: Database.Statement<[string, number, number], EventRow>;
    eventById: Database.Statement<[string, string], EventRow>;
    readAll: Database.Statement<[number, number, number], EventRow>;
    readAllWithPrefix: Database.Statement<[number, number, number, string, number], EventRow>;
    head: Database.Statement<[], { head: number | null }>;
    dataVersion: Database.Statement<[], { data_version: number }>;
  };

  constructor(options: SqliteEventStoreOptions) {
    if (options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true });
    this.db = new Database(options.path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma(`synchronous = ${options.durability === 'normal' ? 'NORMAL' : 'FULL'}`);
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(SCHEMA);
    this.now = options.now ?? (() => new Date());

    const columns = EVENT_COLUMNS;
    const raw = <Parameters extends unknown[]>(statement: Database.Statement<Parameters, unknown>) =>
      statement.raw(true) as unknown as Database.Statement<Parameters, EventRow>;
    this.statements = {
      streamHead: this.db.prepare('SELECT MAX(revision) AS revision FROM events WHERE stream_id = ?'),
      eventRef: this.db.prepare('SELECT stream_id, revision, position FROM events WHERE event_id = ?'),
      insert: this.db.prepare(
        'INSERT INTO events (position, event_id, stream_id, revision, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      isErased: this.db.prepare('SELECT 1 AS erased FROM erased_streams WHERE stream_id = ?'),
      // The first erasure's record stays: erasing again changes nothing.
      recordErasure: this.db.prepare('INSERT OR IGNORE INTO erased_streams (stream_id, erased_at, head_position) VALUES (?, ?, ?)'),
      deleteStream: this.db.prepare('DELETE FROM events WHERE stream_id = ?'),
      readStream: raw(this.db.prepare<[string, number, number]>(`SELECT ${columns} FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision LIMIT ?`)),
      eventById: raw(this.db.prepare<[string, string]>(`SELECT ${columns} FROM events WHERE event_id = ? AND stream_id = ?`)),
      readAll: raw(this.db.prepare<[number, number, number]>(`SELECT ${columns} FROM events WHERE position > ? AND position <= ? ORDER BY position LIMIT ?`)),
      readAllWithPrefix: raw(
        this.db.prepare<[number, number, number, string, number]>(
          `SELECT ${columns} FROM events WHERE position > ? AND position <= ? AND substr(stream_id, 1, ?) = ? ORDER BY position LIMIT ?`,
        ),
      ),
      head: this.db.prepare(HEAD_QUERY),
      dataVersion: this.db.prepare('PRAGMA data_version'),
    };
    this.pollIntervalMs = options.pollIntervalMs ?? 200;
    this.leases = this.sqliteLeases();

    const writeOne = this.db.transaction((request: WriteRequest) =>
      request.kind === 'append' ? this.appendInTransaction(request) : this.eraseInTransaction(request.streamId),
    );
    const commitBatch = this.db.transaction((batch: WriteRequest[]) =>
      batch.map((request) => {
        try {
          // A nested transaction is a savepoint: a refused append rolls back alone.
          return writeOne(request);
        } catch (error) {
          return error instanceof Error ? error : new Error(String(error));
        }
      }),
    );
    this.queue = new GroupCommitQueue((batch) => {
      const erasing = batch.some((request) => request.kind === 'erase');
      // secure_delete overwrites deleted rows and freed pages with zeros, so the erased bytes do not stay in the
      // file's free space. Set around batches that erase only (appends free nothing), outside the transaction.
      if (erasing) this.db.pragma('secure_delete = ON');
      let outcomes: Array<WriteResult | Error>;
      try {
        // BEGIN IMMEDIATE: the write lock is taken first, waiting busy_timeout for another process's commit. A deferred
        // transaction reads first and then asks for the lock; when another process committed in between, SQLite refuses
        // at once with "database is locked" (its snapshot is stale, so waiting could not help): two servers on one store
        // then failed commands while either wrote steadily.
        outcomes = commitBatch.immediate(batch);
      } finally {
        if (erasing) this.db.pragma('secure_delete = OFF');
      }
      if (erasing) this.truncateWal();
      // Positions only grow, so the highest one written is the new head.
      let head = 0;
      for (const outcome of outcomes) if (outcome && !(outcome instanceof Error)) head = Math.max(head, outcome.lastPosition);
      if (head > 0) this.signal.notify(head);
      return outcomes;
    });
    this.signal.notify(this.readHead());
  }

  append(streamId: string, events: readonly NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    if (this.closed) return Promise.reject(new EventStoreClosedError());
    try {
      assertAppendable(streamId, events);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.queue.enqueue({ kind: 'append', streamId, events, expected }) as Promise<AppendResult>;
  }

  /**
   * Deletes the stream's rows and records its tombstone in one transaction of the group commit, then checkpoints the
   * WAL: once this resolves, the erased bytes are in neither the database file nor the WAL (unless another process
   * held a read snapshot, which makes the checkpoint stop short: the next checkpoint then finishes the work).
   */
  async eraseStream(streamId: string): Promise<void> {
    this.assertOpen();
    assertStreamId(streamId);
    await this.queue.enqueue({ kind: 'erase', streamId });
  }

  async *readStream(streamId: string, options: { fromRevision?: number; pageSize?: number } = {}) {
    const pageSize = options.pageSize ?? STREAM_PAGE_SIZE;
    let from = options.fromRevision ?? 0;
    // A reader that is caught up (the command executor, usually) asks from past the stream's end:
    // the stream's head, one probe of the index, answers that at a third of a page query's cost.
    if (from > 0) {
      this.assertOpen();
      if ((this.statements.streamHead.get(streamId)?.revision ?? -1) < from) return;
    }
    for (;;) {
      this.assertOpen();
      const rows = this.statements.readStream.all(streamId, from, pageSize);
      for (const row of rows) yield toRecordedEvent(row);
      if (rows.length < pageSize) return;
      from = rows[rows.length - 1][REVISION] + 1;
    }
  }

  async findEvent(streamId: string, eventId: string): Promise<RecordedEvent | undefined> {
    this.assertOpen();
    // Event ids are unique in the table: one probe of its index.
    const row = this.statements.eventById.get(eventId, streamId);
    return row ? toRecordedEvent(row) : undefined;
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
      () => {
        this.subscriptions.delete(subscription);
        if (this.subscriptions.size === 0) this.stopWatching();
      },
    );
    this.subscriptions.add(subscription);
    this.watchOtherWriters();
    return subscription;
  }

  readPage(after: number, limit: number, streamPrefix?: string): LogPage {
    this.assertOpen();
    const head = this.readHead();
    const rows = streamPrefix
      ? this.statements.readAllWithPrefix.all(after, head, streamPrefix.length, streamPrefix, limit)
      : this.statements.readAll.all(after, head, limit);
    return { events: rows.map(toRecordedEvent), scannedTo: rows.length < limit ? head : rows[rows.length - 1][POSITION] };
  }

  async headPosition(): Promise<number> {
    this.assertOpen();
    return this.readHead();
  }

  /** The `synchronous` setting in force on the store's connection: FULL fsyncs every commit, NORMAL only at checkpoints. */
  get synchronous(): string {
    const level = Number(this.db.pragma('synchronous', { simple: true }));
    return ['OFF', 'NORMAL', 'FULL', 'EXTRA'][level] ?? String(level);
  }

  stats(): EventStoreStats {
    return this.queue.stats();
  }

  async importRecorded(events: AsyncIterable<RecordedEvent>): Promise<{ events: number; headPosition: number }> {
    this.assertOpen();
    if (this.readHead() !== 0) throw new ImportRefusedError('The store is not empty: import only into an empty one');
    const checker = new ImportChecker();
    const { insert } = this.statements;
    let count = 0;
    // One transaction: an import is all or nothing. Written in batches so the event loop breathes.
    this.db.exec('BEGIN IMMEDIATE');
    try {
      let batch: RecordedEvent[] = [];
      const flush = () => {
        for (const event of batch) {
          insert.run(event.position, event.id, event.streamId, event.revision, event.type, JSON.stringify(event.data), JSON.stringify(event.metadata), event.recordedAt);
        }
        count += batch.length;
        batch = [];
      };
      for await (const event of events) {
        checker.check(event);
        batch.push(event);
        if (batch.length >= 1000) flush();
      }
      flush();
      this.db.exec('COMMIT');
    } catch (error) {
      this.db.exec('ROLLBACK');
      throw error;
    }
    this.signal.notify(this.readHead());
    return { events: count, headPosition: checker.headPosition };
  }

  /**
   * A consistent copy of the database while it is in use (SQLite's online
   * backup), to a file that opens like the original. `onProgress` hears the
   * fraction of pages copied after each step (it can fall back: SQLite starts
   * the copy over when another process writes meanwhile).
   */
  async backup(destination: string, onProgress?: (fraction: number) => void): Promise<void> {
    this.assertOpen();
    mkdirSync(dirname(destination), { recursive: true });
    await this.db.backup(destination, {
      // Called between steps only, while pages remain.
      progress: ({ totalPages, remainingPages }) => {
        onProgress?.(1 - remainingPages / totalPages);
        return BACKUP_PAGES_PER_STEP;
      },
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.queue.drain();
    this.closed = true;
    this.stopWatching();
    for (const subscription of [...this.subscriptions]) subscription.close();
    this.signal.wakeAll();
    this.db.close();
  }

  private appendInTransaction({ streamId, events, expected }: AppendRequest): AppendResult {
    const actual = this.statements.streamHead.get(streamId)?.revision ?? -1;
    // An erased stream has no rows: only then is its tombstone looked for.
    if (actual === -1 && this.statements.isErased.get(streamId)) throw new StreamErasedError(streamId);
    const prior = findPriorAppend(streamId, events, (id) => this.lookup(id));
    if (prior) return prior;
    if (!satisfiesExpected(expected, actual)) throw new WrongExpectedRevisionError(streamId, expected, actual);

    const recordedAt = this.now().toISOString();
    const firstPosition = this.readHead() + 1;
    events.forEach((event, index) => {
      const data = JSON.stringify(event.data);
      const metadata = JSON.stringify(event.metadata);
      this.statements.insert.run(firstPosition + index, event.id, streamId, actual + 1 + index, event.type, data, metadata, recordedAt);
    });
    const lastPosition = firstPosition + events.length - 1;
    return { streamId, nextRevision: actual + events.length, firstPosition, lastPosition, alreadyAppended: false };
  }

  private eraseInTransaction(streamId: string): undefined {
    // The head is read before the delete, so that it counts the erased events.
    this.statements.recordErasure.run(streamId, this.now().toISOString(), this.readHead());
    this.statements.deleteStream.run(streamId);
    return undefined;
  }

  /**
   * Copies the WAL into the database file and empties it, so the pages that held the erased rows leave the WAL.
   * Best effort: the erasure is committed already, and a checkpoint that another process's reader stops short is
   * finished by a later one.
   */
  private truncateWal(): void {
    try {
      this.db.pragma('wal_checkpoint(TRUNCATE)');
    } catch {
      // An erasure must not be reported as failed once it is committed.
    }
  }

  private lookup(eventId: string): StoredEventRef | undefined {
    const row = this.statements.eventRef.get(eventId);
    return row ? { streamId: row.stream_id, revision: row.revision, position: row.position } : undefined;
  }

  /** Leases in their own table: taken with one conditional upsert, so two processes cannot both win. */
  private sqliteLeases(): Leases {
    const take = this.db.prepare(
      `INSERT INTO leases (name, holder, expires_at) VALUES (@name, @holder, @expiresAt)
       ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
       WHERE leases.holder = excluded.holder OR leases.expires_at <= @now`,
    );
    const release = this.db.prepare('DELETE FROM leases WHERE name = ? AND holder = ?');
    return {
      tryAcquire: async (name, holder, ttlMs) => {
        this.assertOpen();
        const now = this.now().getTime();
        return take.run({ name, holder, expiresAt: now + ttlMs, now }).changes === 1;
      },
      release: async (name, holder) => {
        if (!this.closed) release.run(name, holder);
      },
    };
  }

  /** `PRAGMA data_version` changes when another connection commits: then wake the subscribers. */
  private watchOtherWriters(): void {
    if (this.pollTimer || this.pollIntervalMs <= 0) return;
    this.dataVersion = this.statements.dataVersion.get()?.data_version ?? 0;
    this.pollTimer = setInterval(() => {
      if (this.closed) return;
      const version = this.statements.dataVersion.get()?.data_version ?? 0;
      if (version === this.dataVersion) return;
      this.dataVersion = version;
      this.signal.notify(this.readHead());
    }, this.pollIntervalMs);
    this.pollTimer.unref();
  }

  private stopWatching(): void {
    if (this.pollTimer) clearInterval(this.pollTimer);
    this.pollTimer = undefined;
  }

  private readHead(): number {
    return this.statements.head.get()?.head ?? 0;
  }

  private assertOpen(): void {
    if (this.closed) throw new EventStoreClosedError();
  }
}

function toRecordedEvent([position, id, streamId, revision, type, data, metadata, recordedAt]: EventRow): RecordedEvent {
  return { id, type, data: JSON.parse(data), metadata: JSON.parse(metadata), streamId, revision, position, recordedAt };
}
