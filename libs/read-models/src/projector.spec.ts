import { InMemoryEventStore, NewEvent, RecordedEvent } from '@incident-ledger/event-store';
import { CheckpointedReadModel } from './checkpointed-read-model';
import { Projector, ReadModelStop, ReadModelStoppedError } from './projector';

/** Counts the events it applies; throws on an event of type `Poison` when told to. */
class Tally extends CheckpointedReadModel<void, number> {
  applied = 0;
  constructor(private readonly choke = false) {
    super();
  }
  get size(): number {
    return this.applied;
  }
  protected snapshotState(): number {
    return this.applied;
  }
  protected restoreState(applied: number): void {
    this.applied = applied;
  }
  protected applyNew(event: RecordedEvent): void {
    if (this.choke && event.type === 'Poison') throw new TypeError('cannot read this');
    this.applied++;
  }
}

const event = (type: string, n: number): NewEvent => ({ id: `00000000-0000-7000-8000-${String(n).padStart(12, '0')}`, type, data: {}, metadata: { correlationId: 'c', causationId: null, actor: 'a', occurredAt: '2026-12-01T10:00:00Z', schemaVersion: 1 } });

describe('the projector', () => {
  let store: InMemoryEventStore;
  beforeEach(() => (store = new InMemoryEventStore()));
  afterEach(() => store.close());

  it('stops only the read model whose projection throws: the others keep applying, waits on it fail at once', async () => {
    const healthy = new Tally();
    const fragile = new Tally(true);
    const stops: ReadModelStop[] = [];
    const projector = new Projector(store, [{ name: 'healthy', model: healthy }, { name: 'fragile', model: fragile }], (stop) => stops.push(stop));
    await store.append('thing-1', [event('Fine', 1), event('Poison', 2)], 'no-stream');
    await projector.start();

    const later = await store.append('thing-1', [event('Fine', 3)], 1);
    await projector.waitFor(later.lastPosition, 1000, healthy);
    expect(healthy.applied).toBe(3);
    expect(fragile.applied).toBe(1);
    expect(stops).toEqual([{ readModel: 'fragile', event: { type: 'Poison', streamId: 'thing-1', position: 2 }, error: expect.any(TypeError) }]);
    expect(projector.stopped).toEqual(stops);
    await expect(projector.waitFor(later.lastPosition, 1000, fragile)).rejects.toBeInstanceOf(ReadModelStoppedError);
    // Waiting for "the read models" means those still running: one stopped read model holds up nobody else.
    await expect(projector.waitFor(later.lastPosition, 1000)).resolves.toBeUndefined();
    expect(projector.position).toBe(later.lastPosition);
    await projector.stop();
  });

  it('rejects a wait already under way when its read model stops', async () => {
    const fragile = new Tally(true);
    const projector = new Projector(store, [{ name: 'fragile', model: fragile }]);
    await projector.start();
    const waiting = projector.waitFor(1, 5000, fragile);
    await store.append('thing-1', [event('Poison', 1)], 'no-stream');
    await expect(waiting).rejects.toMatchObject({ stop: { readModel: 'fragile', event: { type: 'Poison', position: 1 } } });
    await projector.stop();
  });

  it('starts at the lowest checkpoint, and each read model applies only what is after its own', async () => {
    await store.append('thing-1', [1, 2, 3, 4, 5].map((n) => event('Fine', n)), 'no-stream');
    const behind = new Tally();
    const ahead = new Tally();
    ahead.restore({ position: 4, state: 4 });
    const projector = new Projector(store, [{ name: 'behind', model: behind }, { name: 'ahead', model: ahead }]);
    await projector.start();
    expect([behind.applied, ahead.applied]).toEqual([5, 5]);
    expect(projector.applied).toBe(5);
    await projector.stop();
  });
});
