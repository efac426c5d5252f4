import { ImportRefusedError, RecordedEvent, SqliteEventStore } from '@incident-ledger/event-store';
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { CommandFailedError, UsageError } from './cli.errors';
import { cliConfig, openStore, refuseWhileServerRuns } from './store-access';

async function write(out: Writable, line: string): Promise<void> {
  if (!out.write(line)) await once(out, 'drain');
}

/** `export [--out <file>]`: streams the log, page by page, with back-pressure. */
export async function exportCommand({ out: file }: { out?: string }): Promise<void> {
  const store = openStore(cliConfig(), { existing: true });
  const out: Writable = file === undefined ? process.stdout : createWriteStream(file);
  let count = 0;
  try {
    for await (const event of store.readAll()) {
      const { position, streamId, revision, id, type, data, metadata, recordedAt } = event;
      await write(out, `${JSON.stringify({ position, streamId, revision, id, type, data, metadata, recordedAt })}\n`);
      count += 1;
    }
  } finally {
    await store.close();
  }
  if (out !== process.stdout) await new Promise((resolve) => out.end(resolve));
  console.error(`exported ${count} events`);
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

async function* eventsIn(file: string): AsyncIterable<RecordedEvent> {
  let lineNumber = 0;
  for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
    lineNumber += 1;
    if (line.trim()) yield parseLine(line, lineNumber);
  }
}

/** `import <file>`: all or nothing, into an empty store that no server uses. */
export async function importCommand(file: string): Promise<void> {
  const config = cliConfig();
  // Checked before the store is opened, which would create an empty one.
  if (!existsSync(file)) throw new UsageError(`${file}: no such file`);
  const store = openStore(config, { existing: false });
  try {
    // A restore goes into a store nobody serves: a server would write beside it (and EventStoreDB has no transaction across streams).
    await refuseWhileServerRuns(store, config, 'the import');
    const result = await store.importRecorded(eventsIn(file));
    console.error(`imported ${result.events} events; head position ${result.headPosition}`);
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
    const head = await store.headPosition();
    await store.backup(file);
    console.error(`backed up to ${file} (head position at least ${head})`);
  } finally {
    await store.close();
  }
}
