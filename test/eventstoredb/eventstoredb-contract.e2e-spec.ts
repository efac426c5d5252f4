import { EventStoreDbEventStore } from '@incident-ledger/event-store';
import { RecordedEvent } from '@incident-ledger/event-store';
import { collect, ContractLimits, eventStoreContract, newEvent } from '../../libs/event-store/src/testing/event-store.contract';
import { randomUUID } from 'node:crypto';
import { EventStoreStandIn } from './stand-in';

/**
 * The event store contract on the EventStoreDB adapter, through the real
 * client over real gRPC: against the stand-in in CI, on both append paths,
 * or against a real server when EVENTSTORE_CONNECTION_STRING is set.
 */
const limits: ContractLimits = {
  idsUniquePerStreamOnly: true,
  silentRetries: true,
  noGroupCommit: true,
  importAssignsPositions: true,
  erasedStaysInLogUntilScavenge: true,
};

const realServer = process.env.EVENTSTORE_CONNECTION_STRING;

if (realServer) {
  // Each case gets streams of its own on the shared database, through the adapter's stream name prefix.
  eventStoreContract(
    'eventstoredb (EVENTSTORE_CONNECTION_STRING)',
    async () => {
      const options = { connectionString: realServer, streamNamePrefix: `contract-${randomUUID().slice(0, 8)}` };
      return { store: new EventStoreDbEventStore(options), reopen: async () => new EventStoreDbEventStore(options) };
    },
    limits,
  );
} else {
  describe.each([
    ['BatchAppend', true],
    ['Append', false],
  ])('over %s', (_path, batchAppend) => {
    eventStoreContract(
      'eventstoredb (gRPC stand-in)',
      async () => {
        const standIn = new EventStoreStandIn({ batchAppend });
        await standIn.start();
        return {
          store: new EventStoreDbEventStore({ connectionString: standIn.connectionString }),
          reopen: async () => new EventStoreDbEventStore({ connectionString: standIn.connectionString }),
          cleanup: async () => standIn.stop(),
        };
      },
      // The stand-in does not implement Tombstone.
      { ...limits, noErase: true },
    );
  });
}


/** A store on a fresh stand-in with a subscription consuming `count` events, and the adapter's warnings. */
async function subscribedStore(count: number, options: { streamPrefix?: string } = {}) {
  const standIn = new EventStoreStandIn();
  await standIn.start();
  const warnings: Array<Record<string, unknown>> = [];
  const store = new EventStoreDbEventStore({
    connectionString: standIn.connectionString,
    log: { warn: (entry) => warnings.push(entry) },
    resubscribeDelayMs: { first: 10, max: 50 },
  });
  const received: RecordedEvent[] = [];
  const subscription = store.subscribe(options);
  const consumed = (async () => {
    for await (const event of subscription) {
      received.push(event);
      if (received.length === count) return;
    }
  })();
  const until = async (atLeast: number) => {
    for (let i = 0; i < 200 && received.length < atLeast; i++) await new Promise((resolve) => setTimeout(resolve, 10));
  };
  const end = async () => {
    subscription.close();
    await store.close();
    standIn.stop();
  };
  return { standIn, store, warnings, received, consumed, until, end };
}

describe('eventstoredb adapter: a dropped subscription', () => {
  it('resubscribes after the last delivered event, so nothing is missed and nothing comes twice', async () => {
    const { standIn, store, warnings, received, consumed, until, end } = await subscribedStore(60);
    try {
      for (let round = 0; round < 3; round++) {
        for (let i = 0; i < 20; i++) await store.append(`s-${i % 4}`, [newEvent('E', { round, i })], 'any');
        if (round === 2) break;
        await until(10 + round * 20); // dropped once at least half of the round has been delivered
        expect(standIn.dropSubscriptions()).toBe(1);
        standIn.writeSystemEvent();
      }
      await consumed;
      const log = await collect(store.readAll());
      expect(received.map((e) => e.id)).toEqual(log.map((e) => e.id));
      expect(new Set(received.map((e) => e.position)).size).toBe(60);
      expect(warnings.filter((w) => w.message === 'EventStoreDB subscription dropped; resubscribing')).toHaveLength(2);
    } finally {
      await end();
    }
  });
});

describe('eventstoredb adapter: a filtered subscription', () => {
  it('resumes after the last checkpoint when the filter let nothing through since, and still misses nothing', async () => {
    const { standIn, store, warnings, received, consumed, until, end } = await subscribedStore(15, { streamPrefix: 'incident-' });
    try {
      for (let i = 0; i < 10; i++) await store.append('incident-a', [newEvent('Mine', { i })], 'any');
      // A busy neighbour: the server searches these and sends checkpoints (every 32 events looked at).
      for (let i = 0; i < 100; i++) await store.append(`other-${i % 5}`, [newEvent('NotMine', { i })], 'any');
      await until(10);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(received).toHaveLength(10);
      const lastDelivered = received[9].position;
      standIn.dropSubscriptions();
      for (let i = 10; i < 15; i++) await store.append('incident-a', [newEvent('Mine', { i })], 'any');
      await consumed;

      const resumedAfter = warnings[0]?.after as number;
      expect(resumedAfter).toBeGreaterThan(lastDelivered);
      const checkpoints = standIn.log.filter((event) => event.streamId.startsWith('other-')).map((event) => Number(event.commit));
      expect(checkpoints).toContain(resumedAfter);
      expect(received.map((event) => (event.data as { i: number }).i)).toEqual(Array.from({ length: 15 }, (_, i) => i));
    } finally {
      await end();
    }
  });
});

describe('eventstoredb adapter: several ledgers on one database', () => {
  it('keeps each stream name prefix to itself, even when one prefix starts another', async () => {
    const standIn = new EventStoreStandIn();
    await standIn.start();
    const ledgers = [undefined, 'a', 'ab'].map((prefix) => new EventStoreDbEventStore({ connectionString: standIn.connectionString, streamNamePrefix: prefix }));
    try {
      const subscriptions = ledgers.map((store) => store.subscribe());
      for (const [index, store] of ledgers.entries()) {
        await store.append('incident-1', [newEvent(`Ledger${index}`)], 'no-stream');
        expect(await store.leases.tryAcquire('timers', `holder-${index}`, 60_000)).toBe(true);
      }
      for (const [index, store] of ledgers.entries()) {
        expect((await collect(store.readAll())).map((e) => [e.streamId, e.type])).toEqual([['incident-1', `Ledger${index}`]]);
        expect((await collect(store.readStream('incident-1'))).map((e) => e.type)).toEqual([`Ledger${index}`]);
        expect((await collect(subscriptions[index], 1)).map((e) => e.type)).toEqual([`Ledger${index}`]);
        expect(await store.headPosition()).toBe((await collect(store.readAll()))[0].position);
      }
      expect(standIn.log.map((e) => e.streamId)).toEqual(expect.arrayContaining(['incident-1', 'a/incident-1', 'ab/incident-1']));
      // Names that would escape the ledger are refused.
      for (const name of ['$settings', 'ledger-lease-timers', 'b/incident-1']) {
        await expect(ledgers[0].append(name, [newEvent()], 'any')).rejects.toThrow(/reserved/);
      }
      expect(() => new EventStoreDbEventStore({ connectionString: standIn.connectionString, streamNamePrefix: 'x/y' })).toThrow(/prefix/);
      subscriptions.forEach((subscription) => subscription.close());
    } finally {
      await Promise.all(ledgers.map((store) => store.close()));
      standIn.stop();
    }
  });

  it('imports a long stream in appends small enough for the server', async () => {
    const standIn = new EventStoreStandIn();
    await standIn.start();
    const store = new EventStoreDbEventStore({ connectionString: standIn.connectionString });
    try {
      const big = 'x'.repeat(100_000);
      async function* log() {
        for (let i = 0; i < 12; i++) yield { ...newEvent('Big', { i, big }), streamId: 'incident-long', revision: i, position: i + 1, recordedAt: '2026-01-01T00:00:00.000Z' };
      }
      await expect(store.importRecorded(log())).resolves.toMatchObject({ events: 12 });
      expect((await collect(store.readStream('incident-long'))).map((e) => (e.data as { i: number }).i)).toEqual(Array.from({ length: 12 }, (_, i) => i));
      const appends = standIn.calls.filter((call) => call.includes('incident-long') && /Append/.test(call));
      expect(appends.length).toBeGreaterThanOrEqual(3);
    } finally {
      await store.close();
      standIn.stop();
    }
  });
});
