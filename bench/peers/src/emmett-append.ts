/**
 * Emmett's variant of the store-append benchmark: durable single-event appends
 * through Emmett's SQLite event store (@event-driven-io/emmett-sqlite 0.42,
 * on node-sqlite3), run in a process of its own:
 *
 *   node dist/emmett-append.js '{"path":…,"events":100000,"streams":1000,"writers":64,
 *                                "deadlineMs":60000,"event":{"type":…,"data":{…},"metadata":{…}}}'
 *
 * The workload is the one apps/bench/workers/append-worker.ts gives the
 * ledger and raw SQLite, so the numbers compare: `events` appends of one event
 * each over `streams` streams (event i goes to `incident-<i % streams>`), each
 * with the stream's expected version, from `writers` concurrent async writers.
 * Stream k is owned by writer k % writers, which appends its events in order
 * of i, so expected versions never conflict. No append starts after
 * `deadlineMs`; the one in flight finishes. The timed phase runs from the
 * first append's start to the last one's end; the events are then counted
 * back from the file. Prints one JSON line (the fields of AppendResult).
 *
 * How Emmett is driven, and why:
 *
 * - Concurrency. Emmett 0.42's SQLite store cannot take concurrent appends on
 *   one connection: its `withTransaction` keeps a nesting counter per
 *   connection, so a second append that starts while one is open joins that
 *   transaction instead of starting its own (appends are acknowledged before
 *   they commit, and a failure in one rolls back the others). Its default pool
 *   opens a connection per operation, and with 64 writers those fail with
 *   SQLITE_BUSY after node-sqlite3's 1 s busy timeout (and cannot be given any
 *   pragma). So each writer gets an event store of its own on a connection of
 *   its own, through Emmett's ambient-connection option
 *   (`connectionOptions: { singleton: true, connection }`): 64 connections
 *   that contend for SQLite's write lock, as 64 separate Emmett users would.
 *   Emmett begins every append with BEGIN IMMEDIATE, so a writer waits for the
 *   lock in SQLite's busy handler; that wait is given a timeout longer than
 *   the run (it is a lock wait, not a retry: an append that fails still fails
 *   the run).
 * - Threads. node-sqlite3 runs each statement on libuv's thread pool (4
 *   threads by default), and a statement waiting for the lock holds its
 *   thread. With more connections than threads the holder's COMMIT can find no
 *   thread and everything stalls until the busy timeout, so the pool is sized
 *   to the writers before the first database call.
 * - Durability. Emmett sets `journal_mode = WAL` on every connection it opens
 *   and leaves `synchronous` at the SQLite build's default (FULL in the
 *   SQLite node-sqlite3 bundles, but nothing Emmett promises); this program
 *   executes `PRAGMA synchronous = FULL` on each writer's connection, and
 *   reads both settings back through those same connections for the result.
 * - Expected versions. Emmett's SQLite versions start at 0n for a stream that
 *   does not exist (SQLiteEventStoreDefaultStreamVersion); each append then
 *   expects the `nextExpectedStreamVersion` the previous one returned. The
 *   first append passes 0n rather than STREAM_DOES_NOT_EXIST because 0.42.4
 *   does not enforce the latter (it reads the stream's current version and
 *   appends anyway); 0n makes Emmett insert the stream row, which fails if the
 *   stream exists.
 * - Schema. Created once before the timed phase (`schema.migrate()`), with
 *   automatic migration off in the stores, as Emmett's own benchmark does.
 */
import { existsSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { Event } from '@event-driven-io/emmett';
import {
  getSQLiteEventStore,
  sqliteConnection,
  SQLiteEventStoreDefaultStreamVersion,
  type SQLiteConnection,
  type SQLiteEventStore,
} from '@event-driven-io/emmett-sqlite';

interface AppendSpec {
  path: string;
  events: number;
  streams: number;
  writers: number;
  deadlineMs: number;
  event: { type: string; data: Record<string, unknown>; metadata: Record<string, unknown> };
}

/** The fields apps/bench/workers/append-worker.ts's AppendResult has, for this variant. */
interface AppendResult {
  variant: 'emmett-sqlite';
  events: number;
  ms: number;
  eventsPerSecond: number;
  verifiedEvents: number;
  journalMode: string;
  synchronous: string | number;
  note: string;
}

type BenchEvent = Event<string, Record<string, unknown>, Record<string, unknown>>;

/** One writer's own connection and the event store on it. */
interface Writer {
  connection: SQLiteConnection;
  store: SQLiteEventStore;
}

const streamName = (k: number) => `incident-${k}`;

/** SQLite's names for PRAGMA synchronous values. */
const SYNCHRONOUS_NAMES: Record<number, string> = { 0: 'OFF', 1: 'NORMAL', 2: 'FULL', 3: 'EXTRA' };

/** libuv will not use more threads than this. */
const MAX_THREAD_POOL = 1024;

const log = (message: string) => process.stderr.write(`emmett-append: ${message}\n`);

function parseSpec(json: string | undefined): AppendSpec {
  const spec = JSON.parse(json ?? '') as AppendSpec;
  for (const key of ['events', 'streams', 'writers', 'deadlineMs'] as const) {
    if (!Number.isInteger(spec[key]) || spec[key] < 1) throw new Error(`spec.${key} must be a positive integer, got ${String(spec[key])}`);
  }
  if (typeof spec.path !== 'string' || spec.path === '') throw new Error('spec.path must name the SQLite file to create');
  if (typeof spec.event?.type !== 'string') throw new Error('spec.event.type must be a string');
  return spec;
}

/**
 * Opens one writer: an Emmett connection with synchronous=FULL and a busy
 * timeout of `busyTimeoutMs`, and an event store bound to that connection only.
 */
async function openWriter(path: string, busyTimeoutMs: number): Promise<Writer> {
  const connection = sqliteConnection({ fileName: path });
  await connection.command('PRAGMA synchronous = FULL');
  await connection.command(`PRAGMA busy_timeout = ${busyTimeoutMs}`);
  const store = getSQLiteEventStore({
    fileName: path,
    connectionOptions: { singleton: true, connection },
    schema: { autoMigration: 'None' },
  });
  return { connection, store };
}

/** journal_mode and synchronous as every writer's connection reports them; several values are joined with ','. */
async function readDurability(writers: Writer[]): Promise<{ journalMode: string; synchronous: string | number }> {
  const journalModes = new Set<string>();
  const synchronous = new Set<string>();
  for (const { connection } of writers) {
    const journal = await connection.querySingle<{ journal_mode: string }>('PRAGMA journal_mode');
    const sync = await connection.querySingle<{ synchronous: number }>('PRAGMA synchronous');
    journalModes.add(String(journal?.journal_mode));
    synchronous.add(sync ? (SYNCHRONOUS_NAMES[sync.synchronous] ?? String(sync.synchronous)) : 'unknown');
  }
  return { journalMode: [...journalModes].join(','), synchronous: [...synchronous].join(',') };
}

/** Counts what the file holds on a fresh connection; fails if the streams' versions disagree with the events. */
async function countStoredEvents(path: string): Promise<number> {
  const reader = sqliteConnection({ fileName: path });
  try {
    const messages = await reader.querySingle<{ n: number }>('SELECT COUNT(*) AS n FROM emt_messages');
    const streams = await reader.querySingle<{ n: number | null }>('SELECT SUM(stream_position) AS n FROM emt_streams');
    const stored = Number(messages?.n ?? 0);
    const versions = Number(streams?.n ?? 0);
    if (versions !== stored) throw new Error(`the streams' versions add up to ${versions} but the file holds ${stored} events`);
    return stored;
  } finally {
    reader.close();
  }
}

async function main(): Promise<void> {
  const spec = parseSpec(process.argv[2]);

  // Emmett's withTransaction logs a failed transaction's error with
  // console.log; stdout carries only the result line, so send that to stderr.
  // eslint-disable-next-line no-console -- replacing Emmett's logger, not logging
  console.log = (...args: unknown[]) => process.stderr.write(`${args.map(String).join(' ')}\n`);

  // Must happen before the first database call: libuv reads it when it starts
  // its thread pool. A larger size set by the caller is kept.
  const threads = Math.min(spec.writers + 4, MAX_THREAD_POOL);
  if (Number(process.env.UV_THREADPOOL_SIZE ?? 0) < threads) process.env.UV_THREADPOOL_SIZE = String(threads);

  if (existsSync(spec.path)) throw new Error(`${spec.path} already exists: the benchmark appends into a fresh file`);

  // Lock waits may take long under contention, but never longer than the run.
  const busyTimeoutMs = spec.deadlineMs + 60_000;
  // The first writer creates the file, switches it to WAL and creates the
  // schema before the others open it.
  const writers: Writer[] = [await openWriter(spec.path, busyTimeoutMs)];
  await writers[0].store.schema.migrate();
  while (writers.length < spec.writers) writers.push(await openWriter(spec.path, busyTimeoutMs));
  log(`${spec.writers} writers, each with its own connection and event store, on ${spec.path}`);

  const metadata = spec.event.metadata;
  let appended = 0;
  let cutByDeadline = false;
  const started = performance.now();

  /** Writer w appends, one at a time, the events of the streams it owns, in order of i. */
  const write = async (w: number): Promise<void> => {
    const { store } = writers[w];
    const versions = new Map<number, bigint>();
    for (let i = 0; i < spec.events; i++) {
      const k = i % spec.streams;
      if (k % spec.writers !== w) continue;
      if (performance.now() - started > spec.deadlineMs) {
        cutByDeadline = true;
        return;
      }
      const event: BenchEvent = { type: spec.event.type, data: { ...spec.event.data, seq: i }, metadata };
      const result = await store.appendToStream<BenchEvent>(streamName(k), [event], {
        expectedStreamVersion: versions.get(k) ?? SQLiteEventStoreDefaultStreamVersion,
      });
      versions.set(k, result.nextExpectedStreamVersion);
      appended++;
    }
  };

  await Promise.all(writers.map((_, w) => write(w)));
  const ms = performance.now() - started;
  log(`${appended} appends in ${ms.toFixed(0)} ms`);

  const { journalMode, synchronous } = await readDurability(writers);
  const verifiedEvents = await countStoredEvents(spec.path);
  for (const { connection } of writers) connection.close();

  const notes = [
    `${spec.writers} writers, each with its own event store on its own connection (Emmett 0.42 cannot run concurrent appends on one connection)`,
    'one BEGIN IMMEDIATE transaction per append; the writers contend for the SQLite write lock',
    `synchronous=FULL set by PRAGMA on every writer's connection, read back from each; busy_timeout ${busyTimeoutMs} ms; libuv thread pool ${process.env.UV_THREADPOOL_SIZE}`,
  ];
  if (cutByDeadline) notes.push(`stopped at the ${spec.deadlineMs} ms deadline after ${appended} of ${spec.events} events`);

  const result: AppendResult = {
    variant: 'emmett-sqlite',
    events: appended,
    ms,
    eventsPerSecond: appended / (ms / 1000),
    verifiedEvents,
    journalMode,
    synchronous,
    note: notes.join('; '),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
  if (verifiedEvents !== appended) {
    process.stderr.write(`emmett-append: ${appended} appends acknowledged but ${verifiedEvents} events in the file\n`);
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
