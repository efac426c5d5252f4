import { join } from 'node:path';
import type { AppendResult, AppendSpec } from '../workers/append-worker';
import { BenchRow, ratioTo, Scenario, ScenarioContext } from '../bench.types';
import { ensurePeers, runJsonProgram } from '../support/peers';
import { round } from '../support/statistics';

/**
 * Store append: `events` single-event appends over 1,000 streams from 64
 * concurrent writers, each with its expected revision, durable (WAL,
 * synchronous=FULL), into a fresh file. The ledger's SqliteEventStore against
 * raw better-sqlite3 on the same table (one transaction per event, and batches
 * of 100: the practical ceiling) and Emmett's SQLite event store, the
 * TypeScript peer. Each variant runs in a process of its own
 * (workers/append-worker.ts; Emmett's in bench/peers) and counts its events
 * back from the file.
 *
 * A variant still appending at the deadline stops there and is measured on
 * what it did: the slow ones would otherwise take most of the run.
 * Sizes: 100,000 events (60 s deadline) in full mode, 10,000 (10 s) with --quick.
 */
const FULL = { events: 100_000, deadlineMs: 60_000 };
const QUICK = { events: 10_000, deadlineMs: 10_000 };
const STREAMS = 1_000;
const WRITERS = 64;

const VARIANTS = {
  batch: 'raw SQLite, batches of 100',
  ledger: 'ledger SqliteEventStore',
  naive: 'raw SQLite, one transaction per event',
  emmett: 'Emmett SQLite event store 0.42',
} as const;

/** A timeline note as the server writes it: the same payload for every variant. */
const EVENT: AppendSpec['event'] = {
  type: 'TimelineNoteAdded',
  data: { incidentId: 'incident-0', text: 'Rolled back deploy 4512 on checkout; error rate back under 1%, watching p99 latency.' },
  metadata: {
    correlationId: '0f9d5c9e-53a1-4f4e-9a7c-6ad3c2b1e4f0',
    causationId: 'cmd-4f1c2b',
    actor: 'grace.hopper',
    occurredAt: '2026-11-24T12:00:00.000Z',
    schemaVersion: 1,
  },
};

export const storeAppendScenario: Scenario = {
  name: 'store-append',
  description: 'durable single-event appends from 64 writers: ledger store vs raw better-sqlite3 and Emmett',
  async run(context: ScenarioContext): Promise<BenchRow[]> {
    const sizes = context.quick ? QUICK : FULL;
    const peers = ensurePeers(context.rootDir, context.progress);
    const workerEntry = join(context.rootDir, 'dist/apps/bench/workers/append-worker.js');
    const results = new Map<string, AppendResult>();
    const variants: Array<[string, string, AppendSpec['variant'] | 'emmett']> = [
      [VARIANTS.batch, workerEntry, 'sqlite-batch-100'],
      [VARIANTS.ledger, workerEntry, 'ledger'],
      [VARIANTS.naive, workerEntry, 'sqlite-per-event'],
      [VARIANTS.emmett, peers.entry('emmett-append'), 'emmett'],
    ];
    for (const [name, entry, variant] of variants) {
      const spec = { variant, path: join(context.workDir, `${variant}.sqlite`), events: sizes.events, streams: STREAMS, writers: WRITERS, deadlineMs: sizes.deadlineMs, event: EVENT };
      const result = await runJsonProgram<AppendResult>(entry, spec);
      if (result.verifiedEvents !== result.events || result.events < 1) throw new Error(`${name}: ${result.events} appended, ${result.verifiedEvents} in the file`);
      // synchronous=FULL (2) and WAL, as each program read them back: otherwise it was not a durable append.
      if (String(result.synchronous).toUpperCase() !== 'FULL' && String(result.synchronous) !== '2') {
        throw new Error(`${name}: synchronous was ${result.synchronous}, not FULL: not a durable append`);
      }
      if (result.journalMode.toLowerCase() !== 'wal') throw new Error(`${name}: journal mode ${result.journalMode}, not WAL`);
      results.set(name, result);
      context.progress(
        `store-append: ${name.padEnd(40)} ${Math.round(result.eventsPerSecond).toLocaleString('en-US').padStart(8)} events/s ` +
          `(${result.events.toLocaleString('en-US')} events in ${(result.ms / 1000).toFixed(1)} s${result.transactions ? `, ${result.transactions.toLocaleString('en-US')} transactions` : ''})` +
          (result.note ? `; ${result.note}` : ''),
      );
    }

    const rate = (name: string) => (results.get(name) as AppendResult).eventsPerSecond;
    const ledger = rate(VARIANTS.ledger);
    const rows: BenchRow[] = [];
    for (const [name] of variants) {
      const result = results.get(name) as AppendResult;
      rows.push({
        scenario: 'store-append',
        variant: name,
        // The raw variants are synchronous: one writer, appends in order.
        metric: name === VARIANTS.ledger || name === VARIANTS.emmett ? 'durable appends/s (64 writers, 1 event each)' : 'durable appends/s (1 writer, 1 event each)',
        value: Math.round(result.eventsPerSecond),
        unit: 'events/s',
        ...(name === VARIANTS.batch ? {} : { ratio: round(ratioTo(result.eventsPerSecond, rate(VARIANTS.batch), false), 3), baseline: VARIANTS.batch }),
        ...(name === VARIANTS.ledger ? { target: { goal: '≥ 0.6× batches of 100', met: ledger >= 0.6 * rate(VARIANTS.batch) } } : {}),
        ...(result.note || result.events < sizes.events
          ? { note: `store-append: ${name} appended ${result.events.toLocaleString('en-US')} of ${sizes.events.toLocaleString('en-US')} events in ${(result.ms / 1000).toFixed(1)} s${result.note ? ` (${result.note})` : ''}` }
          : {}),
      });
    }
    rows.push({
      scenario: 'store-append',
      variant: VARIANTS.ledger,
      metric: 'durable appends/s, compared with Emmett',
      value: Math.round(ledger),
      unit: 'events/s',
      ratio: round(ratioTo(ledger, rate(VARIANTS.emmett), false), 1),
      baseline: VARIANTS.emmett,
      target: { goal: '≥ 20× Emmett', met: ledger >= 20 * rate(VARIANTS.emmett) },
    });
    const ledgerResult = results.get(VARIANTS.ledger) as AppendResult;
    rows.push({
      scenario: 'store-append',
      variant: VARIANTS.ledger,
      metric: 'events per transaction (group commit)',
      value: round(ledgerResult.events / (ledgerResult.transactions ?? 1), 1),
      unit: 'events',
    });
    return rows;
  },
};
