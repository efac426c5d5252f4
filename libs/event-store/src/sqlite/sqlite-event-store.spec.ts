import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
});
