import { ImportRefusedError, RecordedEvent, SqliteEventStore } from '@incident-ledger/event-store';
import { createReadStream, createWriteStream, existsSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { CommandFailedError, UsageError } from './cli.errors';
import { ProgressReporter } from './progress.reporter';
import { cliConfig, openStore, whileNoServerRuns } from './store-access';

async function write(out: Writable, line: string): Promise<void> {
  if (!out.write(line)) await once(out, 'drain');
}

/** `export [--out <file>]`: streams the log, page by page, with back-pressure. */
export async function exportCommand({ out: file }: { out?: string }): Promise<void> {
  const store = openStore(cliConfig(), { existing: true });
  const out: Writable = file === undefined ? process.stdout : createWriteStream(file);
  const progress = new ProgressReporter('export');
  let count = 0;
  try {
    // Events appended while the export runs come after the head read here: the estimate counts up to it.
    const head = await store.headPosition();
    for await (const event of store.readAll()) {
      const { position, streamId, revision, id, type, data, metadata, recordedAt } = event;
      await write(out, `${JSON.stringify({ position, streamId, revision, id, type, data, metadata, recordedAt })}\n`);
      count += 1;
      progress.update(count, position / head);
    }
  } finally {
    await store.close();
  }
  if (out !== process.stdout) await new Promise((resolve) => out.end(resolve));
  progress.finish(count, 'exported');
}

function parseLine(line: string, lineNumber: number): RecordedEvent {
  let value: Partial<RecordedEvent>;
  try {
    value = JSON.parse(line);
  } catch {
    throw new ImportRefusedError(`line ${lineNumber} is not JSON`);
  }
  const fields: Array<[keyof RecordedEvent, string]> = [
    ['position', 'number'],
    ['revision', 'number'],
    ['streamId', 'string'],
    ['id', 'string'],
    ['type', 'string'],
    ['recordedAt', 'string'],
    ['metadata', 'object'],
  ];
  for (const [field, type] of fields) {
    if (typeof value[field] !== type || value[field] === null) throw new ImportRefusedError(`line ${lineNumber}: ${field} must be a ${type}`);
  }
  if (!('data' in value)) throw new ImportRefusedError(`line ${lineNumber}: data is missing`);
  return value as RecordedEvent;
}

/** The events of an export file, reporting progress by the share of the file read. */
async function* eventsIn(file: string, progress: ProgressReporter): AsyncIterable<RecordedEvent> {
  const size = statSync(file).size;
  const input = createReadStream(file);
  let lineNumber = 0;
  let count = 0;
  for await (const line of createInterface({ input, crlfDelay: Infinity })) {
    lineNumber += 1;
    if (!line.trim()) continue;
    yield parseLine(line, lineNumber);
    count += 1;
    progress.update(count, input.bytesRead / size);
  }
}

/** `import <file>`: all or nothing, into an empty store that no server uses. */
export async function importCommand(file: string): Promise<void> {
  const config = cliConfig();
  // Checked before the store is opened, which would create an empty one.
  if (!existsSync(file)) throw new UsageError(`${file}: no such file`);
  const store = openStore(config, { existing: false });
  const progress = new ProgressReporter('import');
  try {
    // A restore goes into a store nobody serves: a server would write beside it (and EventStoreDB has no transaction across streams).
    const result = await whileNoServerRuns(store, config, 'the import', () => store.importRecorded(eventsIn(file, progress)));
    progress.finish(result.events, 'imported', `; head position ${result.headPosition}`);
  } catch (error) {
    // A refused import wrote nothing; a failure while writing may leave part of it (EventStoreDB: see the message).
    if (error instanceof ImportRefusedError) throw new CommandFailedError(`${error.message}; nothing was imported`);
    throw error;
  } finally {
    await store.close();
  }
}

/** `backup <file>`: SQLite's online backup, safe while the server writes. */
export async function backupCommand(file: string): Promise<void> {
  const store = openStore(cliConfig(), { existing: true });
  try {
    if (!(store instanceof SqliteEventStore)) throw new UsageError('only the sqlite store has a database file; use export instead');
    // Positions count events in this store: the copy holds at least the head read now.
    const head = await store.headPosition();
    const progress = new ProgressReporter('backup');
    await store.backup(file, (fraction) => progress.update(Math.round(head * fraction), fraction));
    progress.finish(head, 'backed up', ` to ${file} (head position at least ${head})`);
  } finally {
    await store.close();
  }
}
