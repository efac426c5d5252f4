import { createHash } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { EventStore } from '@incident-ledger/event-store';
import { CheckpointedReadModel } from '../checkpointed-read-model';

/**
 * The version of what the projections produce. Bump it whenever a projection
 * changes its output: snapshots of another version are outdated and the read
 * models are rebuilt from the log instead.
 */
export const READ_MODEL_VERSION = 9;

const MAGIC = Buffer.from('ILSNAP01');

export type SnapshotLoad =
  | { outcome: 'restored'; position: number; bytes: number }
  | { outcome: 'none' | 'corrupt' | 'outdated' | 'ahead-of-store' | 'other-store'; reason: string };

// Snapshots hold the state of read models of every shape.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyReadModel = CheckpointedReadModel<any, any>;

interface SnapshotFile {
  version: number;
  /** Which log the positions count in (see `storeIdentity`). */
  store: string;
  takenAt: string;
  models: Record<string, { position: number; state: unknown }>;
}

/**
 * The read models' state with their checkpoint, in one file: written
 * atomically (a temporary file, fsync, rename), checked on load (magic,
 * SHA-256, version, store, position). A snapshot that fails any check is
 * ignored and the read models are rebuilt from the log.
 */
export class ReadModelSnapshots {
  constructor(
    private readonly path: string,
    private readonly models: Record<string, AnyReadModel>,
    private readonly version = READ_MODEL_VERSION,
  ) {}

  /** The position every model has reached; snapshots are taken only where they agree. */
  get position(): number {
    return Math.min(...Object.values(this.models).map((model) => model.position));
  }

  /** Writes the current state, taken from the log `store`; synchronous, so every model is taken at the same event. */
  save(store: string, now = new Date()): { position: number; bytes: number } {
    const file: SnapshotFile = {
      version: this.version,
      store,
      takenAt: now.toISOString(),
      models: Object.fromEntries(Object.entries(this.models).map(([name, model]) => [name, model.toSnapshot()])),
    };
    const payload = serialize(file);
    const content = Buffer.concat([MAGIC, createHash('sha256').update(payload).digest(), payload]);
    mkdirSync(dirname(this.path), { recursive: true });
    const temporary = `${this.path}.tmp`;
    writeFileSync(temporary, content);
    const handle = openSync(temporary, 'r');
    try {
      fsyncSync(handle);
    } finally {
      closeSync(handle);
    }
    renameSync(temporary, this.path);
    return { position: this.position, bytes: content.length };
  }

  /**
   * Restores the models from the snapshot when it is sound, of this store, and
   * not ahead of its head. `identify` names the store's log (see
   * `storeIdentity`); it costs a read, so it is asked only of a snapshot that
   * could be used.
   */
  async load(storeHead: number, identify: () => Promise<string>): Promise<SnapshotLoad> {
    if (!existsSync(this.path)) return { outcome: 'none', reason: 'no snapshot yet' };
    let file: SnapshotFile;
    const content = readFileSync(this.path);
    try {
      if (!content.subarray(0, MAGIC.length).equals(MAGIC)) throw new Error('not a snapshot file');
      const checksum = content.subarray(MAGIC.length, MAGIC.length + 32);
      const payload = content.subarray(MAGIC.length + 32);
      if (!createHash('sha256').update(payload).digest().equals(checksum)) throw new Error('checksum mismatch');
      file = deserialize(payload) as SnapshotFile;
    } catch (error) {
      return { outcome: 'corrupt', reason: error instanceof Error ? error.message : String(error) };
    }
    if (file.version !== this.version) {
      return { outcome: 'outdated', reason: `snapshot of read model version ${file.version}, this server builds version ${this.version}` };
    }
    const entries = Object.entries(this.models);
    if (entries.some(([name]) => !file.models?.[name])) return { outcome: 'outdated', reason: 'a read model is missing from the snapshot' };
    const positions = new Set(entries.map(([name]) => file.models[name].position));
    if (positions.size !== 1) return { outcome: 'corrupt', reason: 'the read models in the snapshot are at different positions' };
    const [position] = positions;
    if (position > storeHead) {
      return { outcome: 'ahead-of-store', reason: `snapshot at position ${position}, the store ends at ${storeHead} (restored from an older backup?)` };
    }
    // Last, as it reads the store: only for a snapshot that could otherwise be used.
    const store = await identify();
    if (file.store !== store) {
      return { outcome: 'other-store', reason: `snapshot of the log ${file.store}, the store holds ${store} (another database, or a log imported with new positions)` };
    }
    for (const [name, model] of entries) model.restore(file.models[name] as { position: number; state: unknown });
    return { outcome: 'restored', position, bytes: content.length };
  }
}

/**
 * Names the log a store holds, so that a snapshot is never applied to another
 * one whose positions mean something else (another database, or the same
 * events imported into EventStoreDB with new positions): the id and position
 * of its first event, which never change.
 */
export async function storeIdentity(store: EventStore, head?: number): Promise<string> {
  // An empty store is known from its head, without a read from the start (long on a database shared with others).
  if ((head ?? (await store.headPosition())) === 0) return 'empty';
  for await (const first of store.readAll({ pageSize: 1 })) return `${first.id}@${first.position}`;
  return 'empty';
}
