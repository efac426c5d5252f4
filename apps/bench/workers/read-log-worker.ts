/**
 * The replay benchmark's baseline: read every event of a ledger file through
 * the store's own paged reader (the rows the projector is given, their JSON
 * decoded), and do nothing with them. What replay costs above this is the
 * read models' work.
 *
 *   node dist/apps/bench/workers/read-log-worker.js '{"path":"…/events.sqlite"}'
 *
 * Prints one JSON line: { events, ms, eventsPerSecond }.
 */
import { SqliteEventStore } from '@incident-ledger/event-store';
import { performance } from 'node:perf_hooks';

async function main(): Promise<void> {
  const { path } = JSON.parse(process.argv[2] ?? '') as { path: string };
  const store = new SqliteEventStore({ path });
  const started = performance.now();
  let events = 0;
  let lastPosition = 0;
  for await (const event of store.readAll()) {
    if (event.position <= lastPosition) throw new Error(`position ${event.position} after ${lastPosition}`);
    lastPosition = event.position;
    events++;
  }
  const ms = performance.now() - started;
  await store.close();
  process.stdout.write(`${JSON.stringify({ events, ms, eventsPerSecond: events / (ms / 1000) })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
