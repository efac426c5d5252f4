import { randomUUID } from 'node:crypto';
import { DuplicateEventIdError, ImportRefusedError, StreamErasedError, WrongExpectedRevisionError } from '../event-store.errors';
import { EventStore, ExpectedRevision, NewEvent, RecordedEvent } from '../event-store.port';

export interface ContractSubject {
  store: EventStore;
  /** Closes the store and opens a new one on the same data, when the adapter is durable. */
  reopen?: () => Promise<EventStore>;
  cleanup?: () => Promise<void>;
}

/**
 * What an adapter's database does not promise; the cases concerned check the
 * weaker promise instead. SQLite and in-memory have none of these limits.
 */
export interface ContractLimits {
  /** Event ids are unique within a stream, not across the store (EventStoreDB). */
  idsUniquePerStreamOnly?: boolean;
  /** The database acknowledges some retried appends exactly like first writes, so `alreadyAppended` may be false. */
  silentRetries?: boolean;
  /** Every append is its own transaction. */
  noGroupCommit?: boolean;
  /** An import keeps streams, revisions, ids and order, but the store assigns positions and recording times. */
  importAssignsPositions?: boolean;
  /** An erased stream's events stay in `readAll` and `subscribe` until the database scavenges (EventStoreDB). */
  erasedStaysInLogUntilScavenge?: boolean;
  /** The server cannot erase streams at all (the gRPC stand-in answers Tombstone UNIMPLEMENTED). */
  noErase?: boolean;
}

export function newEvent(type = 'Happened', data: unknown = {}, id: string = randomUUID()): NewEvent {
  return {
    id,
    type,
    data,
    metadata: {
      correlationId: 'corr-1',
      causationId: null,
      actor: 'tester',
      occurredAt: '2026-01-01T00:00:00.000Z',
      schemaVersion: 1,
    },
  };
}

export async function collect<T>(iterable: AsyncIterable<T>, limit = Infinity): Promise<T[]> {
  const items: T[] = [];
  if (limit <= 0) return items;
  for await (const item of iterable) {
    items.push(item);
    if (items.length >= limit) break;
  }
  return items;
}

async function settle<T>(promise: Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  try {
    return { ok: true, value: await promise };
  } catch (error) {
    return { ok: false, error };
  }
}

/** The event store contract: every adapter passes the same cases. */
export function eventStoreContract(name: string, create: () => Promise<ContractSubject>, limits: ContractLimits = {}): void {
  describe(`${name}: event store contract`, () => {
    let subject: ContractSubject;
    let store: EventStore;

    beforeEach(async () => {
      subject = await create();
      store = subject.store;
    });

    afterEach(async () => {
      await store.close();
      await subject.cleanup?.();
    });

    it('appends to a new stream with revisions from 0 and reads them back with their metadata', async () => {
      const result = await store.append('order-1', [newEvent('A', { n: 1 }), newEvent('B', { n: 2 })], 'no-stream');
      expect(result).toMatchObject({ streamId: 'order-1', nextRevision: 1, alreadyAppended: false });
      expect((await collect(store.readAll())).map((e) => e.position)).toEqual([result.firstPosition, result.lastPosition]);

      const events = await collect(store.readStream('order-1'));
      expect(events.map((e) => [e.type, e.revision, e.data])).toEqual([
        ['A', 0, { n: 1 }],
        ['B', 1, { n: 2 }],
      ]);
      expect(events[0].metadata).toEqual({
        correlationId: 'corr-1',
        causationId: null,
        actor: 'tester',
        occurredAt: '2026-01-01T00:00:00.000Z',
        schemaVersion: 1,
      });
      expect(events[0].recordedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
      expect(await store.headPosition()).toBe(result.lastPosition);
    });

    it('reads an unknown stream as empty', async () => {
      expect(await collect(store.readStream('nothing-here'))).toEqual([]);
    });

    it('refuses no-stream on an existing stream, and writes nothing', async () => {
      await store.append('s', [newEvent()], 'no-stream');
      const head = await store.headPosition();
      await expect(store.append('s', [newEvent()], 'no-stream')).rejects.toBeInstanceOf(WrongExpectedRevisionError);
      expect(await store.headPosition()).toBe(head);
      expect(await collect(store.readStream('s'))).toHaveLength(1);
    });

    it('refuses stream-exists on a missing stream and accepts it on an existing one', async () => {
      await expect(store.append('s', [newEvent()], 'stream-exists')).rejects.toMatchObject({
        name: 'WrongExpectedRevisionError',
        actual: -1,
      });
      await store.append('s', [newEvent()], 'any');
      await expect(store.append('s', [newEvent()], 'stream-exists')).resolves.toMatchObject({ nextRevision: 1 });
    });

    it('accepts the exact revision and refuses any other, reporting the actual one', async () => {
      await store.append('s', [newEvent(), newEvent()], 'no-stream');
      await expect(store.append('s', [newEvent()], 0)).rejects.toMatchObject({ expected: 0, actual: 1 });
      await expect(store.append('s', [newEvent()], 5)).rejects.toBeInstanceOf(WrongExpectedRevisionError);
      await expect(store.append('s', [newEvent()], 1)).resolves.toMatchObject({ nextRevision: 2 });
    });

    it('leaves no trace of a conflict: the stream stays untouched and writable', async () => {
      const first = await store.append('s', [newEvent('A')], 'no-stream');
      await expect(store.append('s', [newEvent('X'), newEvent('Y')], 7)).rejects.toBeInstanceOf(
        WrongExpectedRevisionError,
      );
      const next = await store.append('s', [newEvent('B')], 0);
      expect(next.nextRevision).toBe(1);
      expect(next.firstPosition).toBeGreaterThan(first.lastPosition);
      const events = await collect(store.readStream('s'));
      expect(events.map((e) => `${e.type}@${e.revision}`)).toEqual(['A@0', 'B@1']);
      expect((await collect(store.readAll())).map((e) => e.type)).toEqual(['A', 'B']);
    });

    it('treats a re-append of the same event ids as done: same result, nothing written twice', async () => {
      const events = [newEvent('A'), newEvent('B')];
      const first = await store.append('s', events, 'no-stream');
      const again = await store.append('s', events, 'no-stream');
      expect(again).toEqual({ ...first, alreadyAppended: limits.silentRetries ? expect.any(Boolean) : true });
      expect(await collect(store.readStream('s'))).toHaveLength(2);
      expect(await store.headPosition()).toBe(first.lastPosition);
    });

    it('treats concurrent duplicates of one append as one append', async () => {
      const events = [newEvent('A')];
      const results = await Promise.all([
        store.append('s', events, 'no-stream'),
        store.append('s', events, 'no-stream'),
        store.append('s', events, 'no-stream'),
      ]);
      if (!limits.silentRetries) expect(results.filter((r) => !r.alreadyAppended)).toHaveLength(1);
      expect(new Set(results.map((r) => r.lastPosition)).size).toBe(1);
      expect(await collect(store.readStream('s'))).toHaveLength(1);
    });

    (limits.idsUniquePerStreamOnly ? it.skip : it)('refuses an append that repeats only some stored ids, and writes none of it', async () => {
      const a = newEvent('A');
      await store.append('s', [a], 'no-stream');
      await expect(store.append('s', [newEvent('B'), a], 'any')).rejects.toBeInstanceOf(DuplicateEventIdError);
      await expect(store.append('other', [a], 'any')).rejects.toBeInstanceOf(DuplicateEventIdError);
      expect(await collect(store.readAll())).toHaveLength(1);
    });

    it('refuses malformed appends', async () => {
      await expect(store.append('s', [], 'any')).rejects.toThrow(/at least one event/);
      await expect(store.append('', [newEvent()], 'any')).rejects.toThrow(/streamId/);
      const e = newEvent();
      await expect(store.append('s', [e, e], 'any')).rejects.toThrow(/twice/);
    });

    it('accepts 200 concurrent appends to 200 streams', async () => {
      const results = await Promise.all(
        Array.from({ length: 200 }, (_, i) => settle(store.append(`stream-${i}`, [newEvent()], 'no-stream'))),
      );
      expect(results.filter((r) => r.ok)).toHaveLength(200);
      const all = await collect(store.readAll());
      expect(all).toHaveLength(200);
      expect(new Set(all.map((e) => e.streamId)).size).toBe(200);
    });

    it('gives exactly 1 success and 9 conflicts to 10 concurrent appends with the same expected revision', async () => {
      await store.append('s', [newEvent('Start')], 'no-stream');
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) => settle(store.append('s', [newEvent(`Try${i}`)], 0))),
      );
      const successes = results.filter((r) => r.ok);
      const conflicts = results.filter((r) => !r.ok && r.error instanceof WrongExpectedRevisionError);
      expect(successes).toHaveLength(1);
      expect(conflicts).toHaveLength(9);
      const revisions = (await collect(store.readStream('s'))).map((e) => e.revision);
      expect(revisions).toEqual([0, 1]);
      // The winner can append again right after: the stream is not wedged.
      await expect(store.append('s', [newEvent('Next')], 1)).resolves.toMatchObject({ nextRevision: 2 });
    });

    it('keeps revisions contiguous when concurrent writers retry their conflicts', async () => {
      await store.append('s', [newEvent()], 'no-stream');
      const writer = async () => {
        for (;;) {
          const current = (await collect(store.readStream('s'))).length - 1;
          const outcome = await settle(store.append('s', [newEvent()], current));
          if (outcome.ok) return;
        }
      };
      await Promise.all(Array.from({ length: 10 }, writer));
      const revisions = (await collect(store.readStream('s'))).map((e) => e.revision);
      expect(revisions).toEqual(Array.from({ length: 11 }, (_, i) => i));
    });

    it('gives strictly increasing global positions across streams', async () => {
      for (let i = 0; i < 30; i++) await store.append(`s-${i % 4}`, [newEvent(), newEvent()], 'any');
      await Promise.all(Array.from({ length: 30 }, (_, i) => store.append(`t-${i % 3}`, [newEvent()], 'any')));
      const positions = (await collect(store.readAll())).map((e) => e.position);
      expect(positions).toHaveLength(90);
      for (let i = 1; i < positions.length; i++) expect(positions[i]).toBeGreaterThan(positions[i - 1]);
    });

    it(limits.noGroupCommit ? 'counts one transaction per append' : 'groups concurrent appends into fewer transactions than appends', async () => {
      const before = store.stats();
      await Promise.all(Array.from({ length: 50 }, (_, i) => store.append(`g-${i}`, [newEvent()], 'no-stream')));
      const after = store.stats();
      expect(after.appends - before.appends).toBe(50);
      if (limits.noGroupCommit) expect(after.transactions - before.transactions).toBe(50);
      else expect(after.transactions - before.transactions).toBeLessThan(50);
    });

    it('reads long streams and the whole log across pages', async () => {
      await store.append('long', Array.from({ length: 25 }, (_, i) => newEvent('E', { i })), 'no-stream');
      const stream = await collect(store.readStream('long', { pageSize: 7 } as never));
      expect(stream.map((e) => (e.data as { i: number }).i)).toEqual(Array.from({ length: 25 }, (_, i) => i));
      const fromRevision = await collect(store.readStream('long', { fromRevision: 20 }));
      expect(fromRevision.map((e) => e.revision)).toEqual([20, 21, 22, 23, 24]);
      expect((await collect(store.readStream('long', { fromRevision: 24 }))).map((e) => e.revision)).toEqual([24]);
      expect(await collect(store.readStream('long', { fromRevision: 25 }))).toEqual([]);
      expect(await collect(store.readStream('long', { fromRevision: 1_000 }))).toEqual([]);
      expect(await collect(store.readStream('nowhere', { fromRevision: 3 }))).toEqual([]);
      const log = await collect(store.readAll());
      const all = await collect(store.readAll({ pageSize: 4, after: log[9].position }));
      expect(all.map((e) => e.position)).toEqual(log.slice(10).map((e) => e.position));
      expect(all).toHaveLength(15);
    });

    it('finds an event by its id in its stream, and nowhere else', async () => {
      const early = newEvent('Early');
      await store.append('long', [early, ...Array.from({ length: 120 }, () => newEvent('Filler'))], 'no-stream');
      const late = newEvent('Late');
      await store.append('long', [late], 120);
      const [stored] = await collect(store.readStream('long'));
      expect(await store.findEvent('long', early.id)).toEqual(stored);
      expect(await store.findEvent('long', late.id)).toMatchObject({ id: late.id, type: 'Late', revision: 121 });
      expect(await store.findEvent('other', early.id)).toBeUndefined();
      expect(await store.findEvent('long', randomUUID())).toBeUndefined();
      expect(await store.findEvent('nowhere', randomUUID())).toBeUndefined();
    });

    it('filters the log by stream prefix', async () => {
      await store.append('incident-1', [newEvent('A')], 'any');
      await store.append('user-1', [newEvent('B')], 'any');
      await store.append('incident-2', [newEvent('C')], 'any');
      const incidents = await collect(store.readAll({ streamPrefix: 'incident-', pageSize: 1 }));
      expect(incidents.map((e) => e.type)).toEqual(['A', 'C']);
    });

    it('delivers every later event exactly once and in order to a subscription started mid-way', async () => {
      for (let i = 0; i < 20; i++) await store.append(`s-${i % 3}`, [newEvent('Old', { i })], 'any');
      const start = (await collect(store.readAll()))[9].position;
      const subscription = store.subscribe({ after: start, pageSize: 3 });
      const received: RecordedEvent[] = [];
      const done = (async () => {
        for await (const event of subscription) {
          received.push(event);
          if (received.length === 10 + 40) break;
        }
      })();
      // Appends race with the catch-up read.
      await Promise.all(
        Array.from({ length: 40 }, async (_, i) => {
          if (i % 5 === 0) await new Promise((resolve) => setImmediate(resolve));
          await store.append(`live-${i % 7}`, [newEvent('New', { i })], 'any');
        }),
      );
      await done;
      const all = await collect(store.readAll({ after: start }));
      expect(all).toHaveLength(50);
      expect(received.map((e) => e.id)).toEqual(all.map((e) => e.id));
    });

    it('delivers only matching streams to a filtered subscription, then goes live', async () => {
      await store.append('incident-1', [newEvent('A')], 'any');
      await store.append('other-1', [newEvent('B')], 'any');
      const subscription = store.subscribe({ streamPrefix: 'incident-' });
      const iterator = subscription[Symbol.asyncIterator]();
      expect((await iterator.next()).value.type).toBe('A');
      const pending = iterator.next();
      await store.append('other-2', [newEvent('C')], 'any');
      await store.append('incident-2', [newEvent('D')], 'any');
      expect((await pending).value.type).toBe('D');
      subscription.close();
      expect((await iterator.next()).done).toBe(true);
    });

    it('ends a waiting subscription at once when it is closed', async () => {
      const subscription = store.subscribe();
      const iterator = subscription[Symbol.asyncIterator]();
      const pending = iterator.next();
      subscription.close();
      await expect(pending).resolves.toEqual({ value: undefined, done: true });
    });

    it('commits appends still pending when it is closed', async () => {
      const pending = store.append('s', [newEvent('Last')], 'any');
      await store.close();
      await expect(pending).resolves.toMatchObject({ nextRevision: 0 });
      if (subject.reopen) {
        store = await subject.reopen();
        expect((await collect(store.readStream('s'))).map((e) => e.type)).toEqual(['Last']);
      }
    });

    it('imports an exported log into an empty store, identically', async () => {
      await store.append('a', [newEvent('A1'), newEvent('A2')], 'no-stream');
      await store.append('b', [newEvent('B1')], 'no-stream');
      await store.append('a', [newEvent('A3')], 1);
      const exported = await collect(store.readAll());
      const targetSubject = await create();
      const target = targetSubject.store;
      try {
        async function* replay() {
          yield* exported;
        }
        const imported = await target.importRecorded(replay());
        const restored = await collect(target.readAll());
        expect(imported).toEqual({ events: 4, headPosition: restored[3].position });
        if (limits.importAssignsPositions) {
          const withoutPlace = ({ position: _p, recordedAt: _r, ...rest }: RecordedEvent) => rest;
          expect(restored.map(withoutPlace)).toEqual(exported.map(withoutPlace));
        } else {
          expect(restored).toEqual(exported);
        }
        expect((await collect(target.readStream('a'))).map((e) => e.revision)).toEqual([0, 1, 2]);
        const next = await target.append('a', [newEvent('A4')], 2);
        expect(next.nextRevision).toBe(3);
        expect(next.firstPosition).toBeGreaterThan(restored[3].position);
        await expect(target.importRecorded(replay())).rejects.toBeInstanceOf(ImportRefusedError);
      } finally {
        await target.close();
        await targetSubject.cleanup?.();
      }
    });

    it('refuses an import out of order and writes none of it', async () => {
      const event = (position: number, streamId: string, revision: number): RecordedEvent => ({
        ...newEvent(),
        streamId,
        revision,
        position,
        recordedAt: '2026-01-01T00:00:00.000Z',
      });
      async function* events(...list: RecordedEvent[]) {
        yield* list;
      }
      await expect(store.importRecorded(events(event(1, 's', 0), event(2, 's', 2)))).rejects.toThrow(/expected 1/);
      await expect(store.importRecorded(events(event(1, 's', 0), event(1, 't', 0)))).rejects.toThrow(/positions must increase/);
      expect(await collect(store.readAll())).toEqual([]);
      expect(await store.headPosition()).toBe(0);
    });

    it('grants a lease to one holder at a time, renews it, and hands it over once it lapses or is released', async () => {
      expect(await store.leases.tryAcquire('timers', 'a', 200)).toBe(true);
      expect(await store.leases.tryAcquire('timers', 'b', 200)).toBe(false);
      expect(await store.leases.tryAcquire('timers', 'a', 200)).toBe(true);
      expect(await store.leases.tryAcquire('other-work', 'b', 200)).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 250));
      expect(await store.leases.tryAcquire('timers', 'b', 200)).toBe(true);
      expect(await store.leases.tryAcquire('timers', 'a', 200)).toBe(false);
      await store.leases.release('timers', 'a');
      expect(await store.leases.tryAcquire('timers', 'a', 200)).toBe(false);
      await store.leases.release('timers', 'b');
      expect(await store.leases.tryAcquire('timers', 'a', 200)).toBe(true);
    });

    describe('erasing a stream', () => {
      const whenErasable = limits.noErase ? it.skip : it;
      const whenLogForgets = limits.noErase || limits.erasedStaysInLogUntilScavenge ? it.skip : it;
      /** Stream a (two events, the first carrying an address), then b and c, with a's second event between them. */
      async function threeStreams() {
        const address = newEvent('ContactGiven', { address: `someone-${randomUUID()}@example.com` });
        await store.append('a', [address], 'no-stream');
        await store.append('b', [newEvent('B1')], 'no-stream');
        await store.append('a', [newEvent('A2')], 0);
        await store.append('c', [newEvent('C1')], 'no-stream');
        return { address, before: await collect(store.readAll()), head: await store.headPosition() };
      }

      whenErasable('removes every event of the stream from its own reads, and keeps the head', async () => {
        const { address, head } = await threeStreams();
        await store.eraseStream('a');
        expect(await collect(store.readStream('a'))).toEqual([]);
        expect(await collect(store.readStream('a', { fromRevision: 1 }))).toEqual([]);
        expect(await store.findEvent('a', address.id)).toBeUndefined();
        expect(await store.headPosition()).toBe(head);
        expect((await collect(store.readStream('b'))).map((e) => e.type)).toEqual(['B1']);
      });

      whenLogForgets('removes them from the log and from subscriptions, leaving every other event where it was', async () => {
        const { before } = await threeStreams();
        await store.eraseStream('a');
        const kept = before.filter((event) => event.streamId !== 'a');
        expect(await collect(store.readAll())).toEqual(kept);
        expect(await collect(store.readAll({ pageSize: 1, after: before[0].position }))).toEqual(kept);
        const subscription = store.subscribe({ pageSize: 1 });
        const received = collect(subscription, kept.length + 1);
        const later = await store.append('d', [newEvent('D1')], 'no-stream');
        expect((await received).map((e) => e.type)).toEqual(['B1', 'C1', 'D1']);
        subscription.close();
        expect(later.firstPosition).toBeGreaterThan(before[before.length - 1].position);
      });

      whenErasable('never reuses the positions of erased events at the end of the log, even after a reopen', async () => {
        await store.append('kept', [newEvent()], 'no-stream');
        const last = await store.append('last', [newEvent(), newEvent()], 'no-stream');
        await store.eraseStream('last');
        expect(await store.headPosition()).toBe(last.lastPosition);
        if (subject.reopen) {
          await store.close();
          store = await subject.reopen();
          expect(await store.headPosition()).toBe(last.lastPosition);
        }
        const next = await store.append('kept', [newEvent()], 0);
        expect(next.firstPosition).toBeGreaterThan(last.lastPosition);
      });

      whenErasable('refuses every later append to the stream and writes nothing; erasing again is allowed', async () => {
        const first = [newEvent('A1')];
        await store.append('a', first, 'no-stream');
        await store.eraseStream('a');
        const head = await store.headPosition();
        const attempts: Array<[readonly NewEvent[], ExpectedRevision]> = [
          [[newEvent()], 'any'],
          [[newEvent()], 'no-stream'],
          [[newEvent()], 'stream-exists'],
          [[newEvent()], 0],
          [first, 'no-stream'], // the first append retried
        ];
        for (const [events, expected] of attempts) {
          await expect(store.append('a', events, expected)).rejects.toBeInstanceOf(StreamErasedError);
        }
        await expect(store.append('a', [newEvent()], 'any')).rejects.toMatchObject({ name: 'StreamErasedError', streamId: 'a' });
        await store.eraseStream('a');
        expect(await store.headPosition()).toBe(head);
        expect(await collect(store.readStream('a'))).toEqual([]);
        if (subject.reopen) {
          await store.close();
          store = await subject.reopen();
          await expect(store.append('a', [newEvent()], 'any')).rejects.toBeInstanceOf(StreamErasedError);
        }
      });

      whenErasable('closes a stream that never existed', async () => {
        await store.eraseStream('never-written');
        await expect(store.append('never-written', [newEvent()], 'no-stream')).rejects.toBeInstanceOf(StreamErasedError);
        expect(await collect(store.readStream('never-written'))).toEqual([]);
        await expect(store.append('written', [newEvent()], 'no-stream')).resolves.toMatchObject({ nextRevision: 0 });
      });

      // Each EventStoreDB call is its own request: concurrent calls are not ordered.
      (limits.noErase || limits.noGroupCommit ? it.skip : it)('takes effect in the order asked among concurrent appends', async () => {
        const before = store.append('a', [newEvent('Before')], 'no-stream');
        const erasure = store.eraseStream('a');
        const after = store.append('a', [newEvent('After')], 'any');
        const elsewhere = store.append('b', [newEvent('Elsewhere')], 'no-stream');
        await expect(before).resolves.toMatchObject({ nextRevision: 0 });
        await expect(erasure).resolves.toBeUndefined();
        await expect(after).rejects.toBeInstanceOf(StreamErasedError);
        await expect(elsewhere).resolves.toMatchObject({ nextRevision: 0 });
        expect((await collect(store.readAll())).map((e) => e.type)).toEqual(['Elsewhere']);
      });

      whenLogForgets('exports a log with gaps that imports into an empty store identically', async () => {
        await threeStreams();
        await store.eraseStream('a');
        const exported = await collect(store.readAll());
        const targetSubject = await create();
        const target = targetSubject.store;
        try {
          async function* replay() {
            yield* exported;
          }
          const imported = await target.importRecorded(replay());
          expect(imported).toEqual({ events: 2, headPosition: exported[1].position });
          if (limits.importAssignsPositions) expect((await collect(target.readAll())).map((e) => e.id)).toEqual(exported.map((e) => e.id));
          else expect(await collect(target.readAll())).toEqual(exported);
          const next = await target.append('b', [newEvent('B2')], 0);
          expect(next.firstPosition).toBeGreaterThan(imported.headPosition);
        } finally {
          await target.close();
          await targetSubject.cleanup?.();
        }
      });
    });

    it('refuses appends after close', async () => {
      await store.close();
      await expect(store.append('s', [newEvent()], 'any')).rejects.toThrow(/closed/);
    });
  });
}
