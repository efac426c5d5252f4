import { InMemoryEventStore, RecordedEvent } from '@incident-ledger/event-store';
import { IncidentChange, IncidentReadModel } from './incident-read-model';
import { timelineFromStore } from './incident-timeline.reader';
import { incidentAsOf, incidentsAsOf } from './time-travel/incidents-as-of';

const at = '2026-03-01T09:00:00.000Z';
const later = new Date('2026-03-02T00:00:00.000Z');

/** A declaration as the ledger stored it (version 1) before private incidents, drills and tags existed. */
const declaredBeforeTags = (incidentId: string) => ({
  incidentId,
  at,
  by: 'alice',
  title: 'Checkout errors',
  description: null,
  severity: 'SEV2',
  services: ['checkout'],
  impactStartedAt: null,
  detectedAt: at,
});

/** Appends raw stored events to an incident's stream, as an older (or broken) writer left them. */
async function storeRaw(store: InMemoryEventStore, incidentId: string, events: Array<{ type: string; data: unknown }>): Promise<RecordedEvent[]> {
  await store.append(
    `incident-${incidentId}`,
    events.map(({ type, data }, index) => ({
      id: `${incidentId}-${index}`,
      type,
      data,
      metadata: { correlationId: 'c', causationId: null, actor: 'alice', occurredAt: at, schemaVersion: 1 },
    })),
    'no-stream',
  );
  const recorded: RecordedEvent[] = [];
  for await (const event of store.readStream(`incident-${incidentId}`)) recorded.push(event);
  return recorded;
}

describe('incident events as stored', () => {
  let store: InMemoryEventStore;

  beforeEach(() => {
    store = new InMemoryEventStore();
  });

  afterEach(() => store.close());

  it('reads a declaration stored before private incidents, drills and tags in the current shape, everywhere', async () => {
    const [declared] = await storeRaw(store, 'old', [{ type: 'IncidentDeclared', data: declaredBeforeTags('old') }]);
    const model = new IncidentReadModel();
    const changes: IncidentChange[] = [];
    model.onChange((change) => changes.push(change));
    model.apply(declared);

    expect(model.get('old')).toMatchObject({ private: false, kind: 'NORMAL', tags: [], services: ['checkout'] });
    // What live feeds are handed is the upcast event: no listener meets the old shape.
    expect(changes[0].event).toMatchObject({ data: { private: false, kind: 'NORMAL', tags: [] }, metadata: { schemaVersion: 2 } });
    expect((await incidentAsOf(store, 'old', later)).get('old')).toMatchObject({ kind: 'NORMAL', tags: [] });
    expect((await timelineFromStore(store)('old', 0, 1))[0].summary).toBe('alice declared a SEV2 incident (errors in one product): Checkout errors');
  });

  it('refuses a stored event that does not fit, naming it, instead of projecting what it makes of it', async () => {
    const [declared] = await storeRaw(store, 'bad', [{ type: 'IncidentDeclared', data: { ...declaredBeforeTags('bad'), services: 'checkout' } }]);
    const model = new IncidentReadModel();

    expect(() => model.apply(declared)).toThrow(
      'Stored event IncidentDeclared (stream incident-bad, position 1) cannot be read: data.services must be a list of strings, not a string',
    );
    expect(model.get('bad')).toBeUndefined();
  });

  it('refuses to tell a timeline from a stored event that does not fit', async () => {
    await storeRaw(store, 'mute', [
      { type: 'IncidentDeclared', data: declaredBeforeTags('mute') },
      { type: 'TimelineNoteAdded', data: { incidentId: 'mute', at, by: 'alice' } },
    ]);

    await expect(timelineFromStore(store)('mute', 0, 2)).rejects.toThrow(
      'Stored event TimelineNoteAdded (stream incident-mute, position 2) cannot be read: data.text must be a string, not missing',
    );
  });

  it('refuses to travel back through a stored event whose time is not one', async () => {
    await storeRaw(store, 'when', [
      { type: 'IncidentDeclared', data: declaredBeforeTags('when') },
      { type: 'IncidentAcknowledged', data: { incidentId: 'when', at: Date.parse(at), by: 'bob' } },
    ]);

    await expect(incidentsAsOf(store, later)).rejects.toThrow('Stored event IncidentAcknowledged (stream incident-when, position 2) cannot be read: data.at must be a string, not a number');
  });
});
