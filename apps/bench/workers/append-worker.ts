/**
 * One variant of the store-append benchmark, run in a process of its own so
 * that each variant starts equal (fresh heap, fresh file, nothing else in the
 * event loop):
 *
 *   node dist/apps/bench/workers/append-worker.js '<spec>'
 *
 * `spec.variant` picks what appends:
 *   ledger               the product's SqliteEventStore (group commit, synchronous=FULL)
 *   sqlite-per-event     raw better-sqlite3, one transaction per event: the naive way
 *   sqlite-batch-100     raw better-sqlite3, 100 events per transaction: the practical ceiling
 *
 * The workload is the same for every variant, and for Emmett's peer in
 * bench/peers/src/emmett-append.ts: `events` single-event appends over
 * `streams` streams (event i goes to stream i % streams), each with the
 * stream's expected revision, durable (WAL, synchronous=FULL). Where appends
 * are asynchronous, `writers` concurrent writers issue them; stream k is
 * owned by writer k % writers, so expected revisions never conflict. The raw
 * variants are synchronous, so they append in order of i. No new append
 * starts after `deadlineMs`. The events appended are then counted back from
 * the file. Prints one JSON line (AppendResult).
 */
import { EventMetadata, newEventId, SqliteEventStore } from '@incident-ledger/event-store';
import Database from 'better-sqlite3';
import { performance } from 'node:perf_hooks';

export interface AppendSpec {
  variant: 'ledger' | 'sqlite-per-event' | 'sqlite-batch-100';
  path: string;
  events: number;
  streams: number;
  writers: number;
  deadlineMs: number;
  event: { type: string; data: Record<string, unknown>; metadata: EventMetadata };
}

export interface AppendResult {
  variant: string;
  events: number;
  ms: number;
  eventsPerSecond: number;
  verifiedEvents: number;
  journalMode: string;
  /** As read back from the connection that wrote, before it closed. */
  synchronous: string | number;
  transactions?: number;
  note?: string;
}

type Appended = Omit<AppendResult, 'verifiedEvents' | 'journalMode'>;

const streamName = (k: number) => `incident-${k}`;

/** The product's store: the writers' appends share transactions through its group commit. */
async function appendThroughLedger(spec: AppendSpec): Promise<Appended> {
  const store = new SqliteEventStore({ path: spec.path, durability: 'full' });
  let appended = 0;
  const started = performance.now();
  const writer = async (w: number) => {
    const revisions = new Map<number, number>();
    for (let i = w % spec.streams; i < spec.events; i++) {
      const k = i % spec.streams;
      if (k % spec.writers !== w) continue;
      if (performance.now() - started > spec.deadlineMs) return;
      const previous = revisions.get(k);
      const result = await store.append(
        streamName(k),
        [{ id: newEventId(), type: spec.event.type, data: { ...spec.event.data, seq: i }, metadata: spec.event.metadata }],
        previous === undefined ? 'no-stream' : previous,
      );
      revisions.set(k, result.nextRevision);
      appended++;
    }
  };
  await Promise.all(Array.from({ length: spec.writers }, (_, w) => writer(w)));
  const ms = performance.now() - started;
  const { transactions } = store.stats();
  const { synchronous } = store;
  await store.close();
  return { variant: spec.variant, events: appended, ms, eventsPerSecond: appended / (ms / 1000), transactions, synchronous };
}

const RAW_SCHEMA = `
  CREATE TABLE events (
    position INTEGER PRIMARY KEY, event_id TEXT NOT NULL UNIQUE, stream_id TEXT NOT NULL, revision INTEGER NOT NULL,
    type TEXT NOT NULL, data TEXT NOT NULL, metadata TEXT NOT NULL, recorded_at TEXT NOT NULL,
    UNIQUE (stream_id, revision)
  )`;

/** Raw better-sqlite3 on the ledger's table: check the stream's head, insert; `perTransaction` appends per commit. */
function appendRaw(spec: AppendSpec, perTransaction: number): Appended {
  const db = new Database(spec.path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(RAW_SCHEMA);
  const head = db.prepare<[string], { revision: number | null }>('SELECT MAX(revision) AS revision FROM events WHERE stream_id = ?');
  const insert = db.prepare('INSERT INTO events (event_id, stream_id, revision, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const revisions = new Map<number, number>();
  const metadata = JSON.stringify(spec.event.metadata);
  const appendOne = (i: number) => {
    const k = i % spec.streams;
    const expected = revisions.get(k) ?? -1;
    const current = head.get(streamName(k))?.revision ?? -1;
    if (current !== expected) throw new Error(`stream ${streamName(k)} is at ${current}, expected ${expected}`);
    insert.run(newEventId(), streamName(k), expected + 1, spec.event.type, JSON.stringify({ ...spec.event.data, seq: i }), metadata, new Date().toISOString());
    revisions.set(k, expected + 1);
  };
  const commit = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) appendOne(i);
  });
  let appended = 0;
  let transactions = 0;
  const started = performance.now();
  while (appended < spec.events && performance.now() - started <= spec.deadlineMs) {
    const to = Math.min(appended + perTransaction, spec.events);
    commit(appended, to);
    transactions++;
    appended = to;
  }
  const ms = performance.now() - started;
  const synchronous = Number(db.pragma('synchronous', { simple: true }));
  db.close();
  return { variant: spec.variant, events: appended, ms, eventsPerSecond: appended / (ms / 1000), transactions, synchronous };
}

async function main(): Promise<void> {
  const spec = JSON.parse(process.argv[2] ?? '') as AppendSpec;
  const result =
    spec.variant === 'ledger'
      ? await appendThroughLedger(spec)
      : spec.variant === 'sqlite-per-event'
        ? appendRaw(spec, 1)
        : spec.variant === 'sqlite-batch-100'
          ? appendRaw(spec, 100)
          : undefined;
  if (!result) throw new Error(`unknown variant ${String(spec.variant)}`);
  // Count what the file holds, on a connection of its own.
  const db = new Database(spec.path, { readonly: true });
  const verifiedEvents = (db.prepare('SELECT COUNT(*) AS n FROM events').get() as { n: number }).n;
  const journalMode = String(db.pragma('journal_mode', { simple: true }));
  db.close();
  const output: AppendResult = {
    ...result,
    verifiedEvents,
    journalMode,
    note: result.events < spec.events ? `stopped at the ${spec.deadlineMs} ms deadline` : undefined,
  };
  process.stdout.write(`${JSON.stringify(output)}\n`);
  if (verifiedEvents !== result.events) {
    process.stderr.write(`append: ${result.events} appends acknowledged but ${verifiedEvents} events in the file\n`);
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
