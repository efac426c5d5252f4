import {
  CommandExecutor,
  ContextRegistration,
  createReadModels,
  LEDGER_CONTEXTS,
  loadConfig,
  readModelSnapshots,
} from '@incident-ledger/application';
import { Decider, eventCodec, field, FixedClock } from '@incident-ledger/domain';
import { RecordedEvent, SqliteEventStore } from '@incident-ledger/event-store';
import { CheckpointedReadModel, Projector, storeIdentity } from '@incident-ledger/read-models';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rebuildReadModels } from './read-models.command';

// A context of its own, added through the registry alone: a decider, its streams, a read model.
type CounterCommand = { type: 'Count'; counter: string; by: number };
type CounterEvent = { type: 'Counted'; data: { counter: string; by: number } };

const counterDecider: Decider<CounterCommand, CounterEvent, number> = {
  decide: (command) => [{ type: 'Counted', data: { counter: command.counter, by: command.by } }],
  evolve: (total, event) => total + event.data.by,
  initialState: 0,
};

const counterCodec = eventCodec<CounterEvent>({ Counted: { shape: { counter: field.string, by: field.number } } });

/** Every counter's total. */
class CountersReadModel extends CheckpointedReadModel<void, Map<string, number>> {
  private totals = new Map<string, number>();
  get size(): number {
    return this.totals.size;
  }
  total(counter: string): number {
    return this.totals.get(counter) ?? 0;
  }
  protected snapshotState(): Map<string, number> {
    return this.totals;
  }
  protected restoreState(totals: Map<string, number>): void {
    this.totals = totals;
  }
  protected applyNew(event: RecordedEvent): void {
    if (!event.streamId.startsWith('counter-') || !counterCodec.knows(event.type)) return;
    const { counter, by } = counterCodec.decodeRecorded(event).data;
    this.totals.set(counter, this.total(counter) + by);
  }
}

const COUNTERS_CONTEXT: ContextRegistration = {
  name: 'counters',
  streams: [{ prefix: 'counter-', decider: counterDecider, codec: counterCodec }],
  readModels: [{ name: 'counters', version: 1, type: CountersReadModel }],
  processManagers: [],
  errors: { streams: { 'counter-': 'counter' }, reasons: {} },
};
const CONTEXTS = [...LEDGER_CONTEXTS, COUNTERS_CONTEXT];

describe('a context added through the registry alone', () => {
  let dataDir: string;
  beforeEach(() => (dataDir = mkdtempSync(join(tmpdir(), 'ledger-registry-'))));
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  const config = () => loadConfig({ DATA_DIR: dataDir, EVENT_STORE: 'sqlite', LEASE_TTL_MS: '1000' });
  const counters = (readModels: ReturnType<typeof createReadModels>) => readModels.find((readModel) => readModel.name === 'counters')?.model as CountersReadModel;

  async function count(store: SqliteEventStore, by: number[]): Promise<void> {
    const stream = COUNTERS_CONTEXT.streams[0];
    const executor = new CommandExecutor(store, new FixedClock(new Date('2026-12-01T10:00:00Z')), stream.decider, stream.codec, (command: CounterCommand) => `${stream.prefix}${command.counter}`);
    for (const step of by) await executor.execute({ type: 'Count', counter: 'visits', by: step }, { actor: 'test', correlationId: 'c' });
  }

  /** What a server does at start: restore the snapshot, then replay what came after it. */
  async function startLikeTheServer(store: SqliteEventStore) {
    const readModels = createReadModels(CONTEXTS);
    const load = await readModelSnapshots(config(), readModels)?.load(await store.headPosition(), () => storeIdentity(store));
    const projector = new Projector(store, readModels);
    await projector.start();
    await projector.stop();
    return { load, replayed: projector.applied, counters: counters(readModels) };
  }

  it('is replayed by the projector, rebuilt by rebuild-read-models into the snapshot, and restored from it', async () => {
    const store = new SqliteEventStore({ path: config().databasePath });
    await count(store, [1, 2, 3]);
    expect(await startLikeTheServer(store)).toMatchObject({ load: { outcome: 'none' }, replayed: 3 });
    expect((await startLikeTheServer(store)).counters.total('visits')).toBe(6);
    await store.close();

    const progress: string[] = [];
    await rebuildReadModels(config(), CONTEXTS, { progressTo: { write: (line) => progress.push(line) } });
    expect(progress.join('')).toMatch(/rebuilt the read models from 3 events .*: 0 incidents, 0 apiKeys, 3 audit, 0 catalogue, 0 notifications, 0 deliveries, 0 timers, 0 oncall, 0 alerting, 0 escalation, 0 statuspage, 0 statuspageSubscribers, 1 counters; snapshot/);

    const reopened = new SqliteEventStore({ path: config().databasePath });
    await count(reopened, [4]);
    const restarted = await startLikeTheServer(reopened);
    expect(restarted.load).toMatchObject({ outcome: 'restored', position: 3, rebuilt: [] });
    // From the snapshot, only the event after it.
    expect(restarted.replayed).toBe(1);
    expect(restarted.counters.total('visits')).toBe(10);
    await reopened.close();
  });
});
