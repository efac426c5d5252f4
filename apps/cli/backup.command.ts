import { ImportRefusedError, RecordedEvent, SqliteEventStore } from '@incident-ledger/event-store';
import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { loadConfig } from '../../src/config/app-config';
import { createEventStore } from '../../src/infrastructure/ledger-core.module';

const USAGE = `usage:
  export [--out <file>]   the whole event log as NDJSON (one event a line) to the file or stdout
  import <file>           load an export into an empty store
  backup <file>           a consistent copy of the SQLite database, taken while the server runs
All work on the store of DATA_DIR.`;

async function write(out: Writable, line: string): Promise<void> {
  if (!out.write(line)) await once(out, 'drain');
}

/** `export`: streams the log, page by page, with back-pressure. */
export async function exportCommand(args: string[]): Promise<number> {
  const outIndex = args.indexOf('--out');
  const store = createEventStore(loadConfig(process.env));
  const out: Writable = outIndex >= 0 ? createWriteStream(args[outIndex + 1]) : process.stdout;
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
  return 0;
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

/** `import <file>`: all or nothing, into an empty store. */
export async function importCommand(args: string[]): Promise<number> {
  const file = args[0];
  if (!file) {
    console.error(USAGE);
    return 2;
  }
  const store = createEventStore(loadConfig(process.env));
  async function* events(): AsyncIterable<RecordedEvent> {
    let lineNumber = 0;
    for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
      lineNumber += 1;
      if (line.trim()) yield parseLine(line, lineNumber);
    }
  }
  try {
    const result = await store.importRecorded(events());
    console.error(`imported ${result.events} events; head position ${result.headPosition}`);
    return 0;
  } catch (error) {
    // A refused import wrote nothing; a failure while writing may leave part of it (EventStoreDB: see the message).
    const outcome = error instanceof ImportRefusedError ? '; nothing was imported' : '';
    console.error(`import: ${error instanceof Error ? error.message : String(error)}${outcome}`);
    return 1;
  } finally {
    await store.close();
  }
}

/** `backup <file>`: SQLite's online backup, safe while the server writes. */
export async function backupCommand(args: string[]): Promise<number> {
  const file = args[0];
  if (!file) {
    console.error(USAGE);
    return 2;
  }
  const store = createEventStore(loadConfig(process.env));
  try {
    if (!(store instanceof SqliteEventStore)) {
      console.error('backup: only the sqlite store has a database file; use export instead');
      return 2;
    }
    const head = await store.headPosition();
    await store.backup(file);
    console.error(`backed up to ${file} (head position at least ${head})`);
    return 0;
  } finally {
    await store.close();
  }
}
