import { createHash } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { EventStore } from '@incident-ledger/event-store';
import { CheckpointedReadModel } from '../checkpointed-read-model';

const MAGIC = Buffer.from('ILSNAP01');

// Snapshots hold the state of read models of every shape.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyReadModel = CheckpointedReadModel<any, any>;

/** A read model as the snapshot keeps it: under its name, with the version of what its projection produces. */
export interface VersionedReadModel {
  readonly name: string;
  /** Bumped whenever its projection changes its output: a snapshot part of another version is not restored. */
  readonly version: number;
  readonly model: AnyReadModel;
}

/** A read model the snapshot could not give back, to replay from the start of the log. */
export interface RebuiltReadModel {
  readModel: string;
  reason: string;
}

export type SnapshotLoad =
  /** `position`: the lowest checkpoint restored; `rebuilt`: the read models left empty, for the projector to replay. */
  | { outcome: 'restored'; position: number; bytes: number; rebuilt: RebuiltReadModel[] }
  | { outcome: 'none' | 'corrupt' | 'outdated' | 'ahead-of-store' | 'other-store'; reason: string };

interface SnapshotPart {
  /** Absent in snapshots written before read models had versions of their own: those parts are all outdated. */
  version?: number;
  position: number;
  state: unknown;
}

interface SnapshotFile {
  /** Which log the positions count in (see `storeIdentity`). */
  store: string;
  takenAt: string;
  models: Record<string, SnapshotPart>;
}

/**
 * The read models' state with their checkpoints and versions, in one file:
 * written atomically (a temporary file, fsync, rename), checked on load
 * (magic, SHA-256, store, position). A snapshot that fails any of these is
 * ignored and every read model is rebuilt from the log; a part that is
 * missing or of another version leaves only its read model to rebuild, while
 * the others are restored.
 */
export class ReadModelSnapshots {
  constructor(
    private readonly path: string,
    private readonly models: readonly VersionedReadModel[],
  ) {}

  /**
   * Writes the current state, taken from the log `store`, of every read model
   * but those in `leaveOut` (stopped ones: the next start rebuilds them).
   * Synchronous, so every part is taken at the same event.
   */
  save(store: string, leaveOut: readonly string[] = [], now = new Date()): { position: number; bytes: number } {
    const saved = this.models.filter(({ name }) => !leaveOut.includes(name));
    const file: SnapshotFile = {
      store,
      takenAt: now.toISOString(),
      models: Object.fromEntries(saved.map(({ name, version, model }) => [name, { version, ...model.toSnapshot() }])),
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
    return { position: Math.min(...saved.map(({ model }) => model.position)), bytes: content.length };
  }

  /**
   * Restores the read models whose part is in the snapshot at their version,
   * when the snapshot is sound, of this store, and not ahead of its head.
   * `identify` names the store's log (see `storeIdentity`); it costs a read,
   * so it is asked only of a snapshot that could be used.
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
    const rebuilt = this.models.flatMap(({ name, version }) => {
      const reason = whyNotRestored(file.models?.[name], version);
      return reason ? [{ readModel: name, reason }] : [];
    });
    const usable = this.models.filter(({ name }) => !rebuilt.some((rebuild) => rebuild.readModel === name));
    if (usable.length === 0) {
      return { outcome: 'outdated', reason: rebuilt.map(({ readModel, reason }) => `${readModel}: ${reason}`).join('; ') };
    }
    const positions = usable.map(({ name }) => file.models[name].position);
    const furthest = Math.max(...positions);
    if (furthest > storeHead) {
      return { outcome: 'ahead-of-store', reason: `snapshot at position ${furthest}, the store ends at ${storeHead} (restored from an older backup?)` };
    }
    // Last, as it reads the store: only for a snapshot that could otherwise be used.
    const store = await identify();
    if (file.store !== store) {
      return { outcome: 'other-store', reason: `snapshot of the log ${file.store}, the store holds ${store} (another database, or a log imported with new positions)` };
    }
    for (const { name, model } of usable) model.restore(file.models[name] as { position: number; state: unknown });
    return { outcome: 'restored', position: Math.min(...positions), bytes: content.length, rebuilt };
  }
}

/** Why a read model's part of a snapshot cannot be restored; undefined when it can. */
function whyNotRestored(part: SnapshotPart | undefined, version: number): string | undefined {
  if (!part) return 'not in the snapshot';
  if (part.version === undefined) return `the snapshot has no version for it, this server builds version ${version}`;
  if (part.version !== version) return `snapshot of version ${part.version}, this server builds version ${version}`;
  return undefined;
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
