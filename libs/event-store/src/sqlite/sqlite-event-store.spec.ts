import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StreamErasedError } from '../event-store.errors';
import { collect, eventStoreContract, newEvent } from '../testing/event-store.contract';
import { SqliteEventStore } from './sqlite-event-store';

function tempFile(): { path: string; cleanup: () => Promise<void> } {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-sqlite-'));
  return { path: join(dir, 'events.sqlite'), cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
}

eventStoreContract('sqlite', async () => {
  const { path, cleanup } = tempFile();
  return {
    store: new SqliteEventStore({ path }),
    reopen: async () => new SqliteEventStore({ path }),
    cleanup,
  };
});

describe('sqlite event store on disk', () => {
  it('keeps every acknowledged append across a reopen, in WAL mode with full sync', async () => {
    const { path, cleanup } = tempFile();
    const store = new SqliteEventStore({ path });
    expect(store.synchronous).toBe('FULL');
    await Promise.all(Array.from({ length: 20 }, (_, i) => store.append(`s-${i}`, [newEvent('E', { i })], 'no-stream')));
    await store.close();

    const raw = new Database(path, { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    raw.close();

    const reopened = new SqliteEventStore({ path });
    const events = await collect(reopened.readAll());
    expect(events).toHaveLength(20);
    expect(await reopened.headPosition()).toBe(20);
    await expect(reopened.append('s-0', [newEvent()], 0)).resolves.toMatchObject({ nextRevision: 1, firstPosition: 21 });
    await reopened.close();
    await cleanup();
  });

  it("syncs only at checkpoints when asked for 'normal' durability", async () => {
    const { path, cleanup } = tempFile();
    const store = new SqliteEventStore({ path, durability: 'normal' });
    expect(store.synchronous).toBe('NORMAL');
    await store.close();
    await cleanup();
  });

  it('sees appends made by another process on the same file', async () => {
    const { path, cleanup } = tempFile();
    const reader = new SqliteEventStore({ path });
    const writer = new SqliteEventStore({ path });
    await writer.append('s', [newEvent('FromWriter')], 'no-stream');
    expect((await collect(reader.readStream('s'))).map((e) => e.type)).toEqual(['FromWriter']);
    await expect(reader.append('s', [newEvent()], 'no-stream')).rejects.toMatchObject({ actual: 0 });
    await reader.close();
    await writer.close();
    await cleanup();
  });

  it('wakes a subscription for commits made by another process on the same file', async () => {
    const { path, cleanup } = tempFile();
    const watcher = new SqliteEventStore({ path, pollIntervalMs: 20 });
    const other = new SqliteEventStore({ path });
    const subscription = watcher.subscribe();
    const iterator = subscription[Symbol.asyncIterator]();
    const next = iterator.next();
    await other.append('s', [newEvent('Elsewhere')], 'no-stream');
    expect((await next).value).toMatchObject({ type: 'Elsewhere', position: 1 });
    subscription.close();
    await watcher.close();
    await other.close();
    await cleanup();
  });

  it('lets only one of two processes on the same file hold a lease', async () => {
    const { path, cleanup } = tempFile();
    const first = new SqliteEventStore({ path });
    const second = new SqliteEventStore({ path });
    const results = await Promise.all([first.leases.tryAcquire('timers', 'p1', 5000), second.leases.tryAcquire('timers', 'p2', 5000)]);
    expect(results.filter(Boolean)).toHaveLength(1);
    await first.close();
    await second.close();
    await cleanup();
  });

  describe('erasing a stream', () => {
    /** Whether these bytes are anywhere in the database file or its WAL. */
    function onDisk(path: string, marker: string): { file: boolean; wal: boolean } {
      const contains = (file: string) => existsSync(file) && readFileSync(file).includes(Buffer.from(marker));
      return { file: contains(path), wal: contains(`${path}-wal`) };
    }

    it('leaves the erased bytes in neither the database file nor the WAL', async () => {
      const { path, cleanup } = tempFile();
      const store = new SqliteEventStore({ path });
      const marker = `erase-me-${randomUUID()}`;
      // Neighbours before and after, so the erased rows share pages with rows that stay; a large event spills into
      // overflow pages, which the delete frees.
      await store.append('statuspage-subscriber-contact-0', [newEvent('Kept', { address: 'stays@example.com' })], 'no-stream');
      await store.append('statuspage-subscriber-contact-1', [newEvent('ContactGiven', { address: `${marker}@example.com` })], 'no-stream');
      await store.append('statuspage-subscriber-contact-1', [newEvent('Large', { note: marker.repeat(400) })], 0);
      await store.append('statuspage-subscriber-contact-2', [newEvent('Kept', { address: 'stays-too@example.com' })], 'no-stream');
      expect(onDisk(path, marker)).toEqual({ file: false, wal: true });
      // A checkpoint copies the rows into the database file too, as SQLite does on its own every 1,000 pages.
      const checkpointer = new Database(path);
      checkpointer.pragma('wal_checkpoint(PASSIVE)');
      checkpointer.close();
      expect(onDisk(path, marker).file).toBe(true);

      await store.eraseStream('statuspage-subscriber-contact-1');

      expect(onDisk(path, marker)).toEqual({ file: false, wal: false });
      expect(onDisk(path, 'stays@example.com').file).toBe(true);
      expect((await collect(store.readAll())).map((e) => e.streamId)).toEqual(['statuspage-subscriber-contact-0', 'statuspage-subscriber-contact-2']);
      await store.close();
      await cleanup();
    });

    it('works on a database file created before erasure existed', async () => {
      const { path, cleanup } = tempFile();
      // The schema as it was: no erased_streams table.
      const old = new Database(path);
      old.pragma('journal_mode = WAL');
      old.exec(`
        CREATE TABLE events (
          position INTEGER PRIMARY KEY, event_id TEXT NOT NULL UNIQUE, stream_id TEXT NOT NULL, revision INTEGER NOT NULL,
          type TEXT NOT NULL, data TEXT NOT NULL, metadata TEXT NOT NULL, recorded_at TEXT NOT NULL, UNIQUE (stream_id, revision)
        );
        CREATE TABLE leases (name TEXT PRIMARY KEY, holder TEXT NOT NULL, expires_at INTEGER NOT NULL);
      `);
      const insert = old.prepare(`INSERT INTO events (event_id, stream_id, revision, type, data, metadata, recorded_at) VALUES (?, ?, 0, 'Old', '{}', '{}', '2026-01-01T00:00:00.000Z')`);
      insert.run(randomUUID(), 'kept');
      insert.run(randomUUID(), 'to-erase');
      old.close();

      const store = new SqliteEventStore({ path });
      expect(await store.headPosition()).toBe(2);
      await store.eraseStream('to-erase');
      await expect(store.append('to-erase', [newEvent()], 'any')).rejects.toBeInstanceOf(StreamErasedError);
      await expect(store.append('kept', [newEvent()], 0)).resolves.toMatchObject({ nextRevision: 1, firstPosition: 3 });
      expect((await collect(store.readAll())).map((e) => [e.streamId, e.position])).toEqual([
        ['kept', 1],
        ['kept', 3],
      ]);
      await store.close();
      await cleanup();
    });

    it('is refused by another process on the same file too', async () => {
      const { path, cleanup } = tempFile();
      const eraser = new SqliteEventStore({ path });
      const other = new SqliteEventStore({ path });
      await other.append('contact', [newEvent()], 'no-stream');
      await eraser.eraseStream('contact');
      await expect(other.append('contact', [newEvent()], 'any')).rejects.toBeInstanceOf(StreamErasedError);
      expect(await collect(other.readStream('contact'))).toEqual([]);
      await eraser.close();
      await other.close();
      await cleanup();
    });
  });
});
