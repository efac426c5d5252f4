import { IncidentEvent, IncidentKind, incidentStreamId, Severity } from '@incident-ledger/domain';
import { InMemoryEventStore, RecordedEvent } from '@incident-ledger/event-store';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serialize } from 'node:v8';
import { AuditReadModel } from '../audit/audit-read-model';
import { ApiKeyReadModel } from '../access/api-key-read-model';
import { IncidentReadModel } from '../incidents/incident-read-model';
import { Projector } from '../projector';
import { ReadModelSnapshots, VersionedReadModel } from './read-model-snapshots';

const at = '2026-01-01T00:00:00.000Z';
/** The log the events below come from, as storeIdentity names it. */
const LOG = 'e1@1';
function events(count: number): RecordedEvent[] {
  return Array.from({ length: count }, (_, i) => {
    const incidentId = `i${Math.floor(i / 3)}`;
    const event: IncidentEvent =
      i % 3 === 0
        ? { type: 'IncidentDeclared', data: { incidentId, at, by: 'a', title: `t${i}`, description: null, severity: Severity.SEV3, services: [], impactStartedAt: null, detectedAt: at, private: false, kind: IncidentKind.NORMAL, tags: [] } }
        : { type: 'TimelineNoteAdded', data: { incidentId, at, by: 'b', text: `n${i}` } };
    return {
      ...event,
      id: `e${i + 1}`,
      streamId: incidentStreamId(incidentId),
      revision: i % 3,
      position: i + 1,
      recordedAt: at,
      metadata: { correlationId: 'c', causationId: null, actor: i % 2 ? 'a' : 'b', occurredAt: at, schemaVersion: 1 },
    };
  });
}

describe('read model snapshots', () => {
  let dir: string;
  let path: string;
  const models = () => ({ incidents: new IncidentReadModel(), apiKeys: new ApiKeyReadModel(), audit: new AuditReadModel() });
  type Models = ReturnType<typeof models>;
  /** The models as the snapshot takes them, each at version 1 unless `versions` says otherwise. */
  const versioned = (set: Models, versions: Partial<Record<keyof Models, number>> = {}): VersionedReadModel[] =>
    Object.entries(set).map(([name, model]) => ({ name, model, version: versions[name as keyof Models] ?? 1 }));

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-snap-'));
    path = join(dir, 'read-models.snapshot');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('restores exactly the state it saved, and catching up from it equals a full replay', async () => {
    const log = events(30);
    const live = models();
    for (const event of log.slice(0, 20)) for (const model of Object.values(live)) model.apply(event);
    expect(new ReadModelSnapshots(path, versioned(live)).save(LOG)).toMatchObject({ position: 20 });

    const restored = models();
    await expect(new ReadModelSnapshots(path, versioned(restored)).load(30, async () => LOG)).resolves.toMatchObject({ outcome: 'restored', position: 20 });
    for (const event of log.slice(20)) for (const model of Object.values(restored)) model.apply(event);
    const full = models();
    for (const event of log) for (const model of Object.values(full)) model.apply(event);
    expect(restored.incidents.snapshot()).toEqual(full.incidents.snapshot());
    expect(restored.incidents.active().map((incident) => incident.id)).toEqual(full.incidents.active().map((incident) => incident.id));
    expect(full.incidents.active()).toHaveLength(10);
    expect(restored.audit.list({ actor: 'a' }, 100)).toEqual(full.audit.list({ actor: 'a' }, 100));
  });

  it('says why it will not use a snapshot: missing, corrupt, outdated, of another log, ahead of the store', async () => {
    // The log is named (a store read) only for a snapshot that could be used.
    const identify = jest.fn(async () => LOG);
    await expect(new ReadModelSnapshots(path, versioned(models())).load(0, identify)).resolves.toMatchObject({ outcome: 'none' });
    const live = models();
    for (const event of events(9)) for (const model of Object.values(live)) model.apply(event);
    new ReadModelSnapshots(path, versioned(live)).save(LOG);

    await expect(new ReadModelSnapshots(path, versioned(models())).load(5, async () => LOG)).resolves.toMatchObject({ outcome: 'ahead-of-store' });
    await expect(new ReadModelSnapshots(path, versioned(models(), { incidents: 2, apiKeys: 2, audit: 2 })).load(9, identify)).resolves.toMatchObject({ outcome: 'outdated' });
    expect(identify).not.toHaveBeenCalled();
    // The same events imported elsewhere with other positions, or another database: positions mean something else.
    const elsewhere = models();
    await expect(new ReadModelSnapshots(path, versioned(elsewhere)).load(5000, async () => 'e1@1024')).resolves.toMatchObject({ outcome: 'other-store' });
    expect(elsewhere.incidents.position).toBe(0);
    const content = readFileSync(path);
    content[content.length - 5] ^= 0xff;
    writeFileSync(path, content);
    const untouched = models();
    await expect(new ReadModelSnapshots(path, versioned(untouched)).load(9, async () => LOG)).resolves.toMatchObject({ outcome: 'corrupt', reason: 'checksum mismatch' });
    expect(untouched.incidents.position).toBe(0);
    writeFileSync(path, 'garbage');
    await expect(new ReadModelSnapshots(path, versioned(models())).load(9, async () => LOG)).resolves.toMatchObject({ outcome: 'corrupt' });
  });

  /** The log of `events(count)` in a store, with positions 1…count. */
  async function storeWith(count: number): Promise<InMemoryEventStore> {
    const store = new InMemoryEventStore();
    for (const { streamId, revision, id, type, data, metadata } of events(count)) await store.append(streamId, [{ id, type, data, metadata }], revision === 0 ? 'no-stream' : revision - 1);
    return store;
  }

  /** How many events each read model applies from here on (skipped ones not counted). */
  function countApplications(set: Models): Record<keyof Models, number> {
    const counts = { incidents: 0, apiKeys: 0, audit: 0 };
    for (const name of Object.keys(set) as Array<keyof Models>) {
      const model = set[name] as unknown as { applyNew: (event: RecordedEvent) => unknown };
      const applyNew = model.applyNew.bind(model);
      model.applyNew = (event) => (counts[name]++, applyNew(event));
    }
    return counts;
  }

  it('replays only the read model whose version changed; the others restore from the snapshot', async () => {
    const store = await storeWith(30);
    const live = models();
    const first = new Projector(store, versioned(live));
    await first.start();
    await first.stop();
    new ReadModelSnapshots(path, versioned(live)).save(LOG);
    await store.append(events(33)[30].streamId, events(33).slice(30).map(({ id, type, data, metadata }) => ({ id, type, data, metadata })), 'no-stream');

    const restored = models();
    const applications = countApplications(restored);
    const load = await new ReadModelSnapshots(path, versioned(restored, { audit: 2 })).load(33, async () => LOG);
    expect(load).toEqual({ outcome: 'restored', position: 30, bytes: expect.any(Number), rebuilt: [{ readModel: 'audit', reason: 'snapshot of version 1, this server builds version 2' }] });
    const projector = new Projector(store, versioned(restored));
    await projector.start();
    await projector.stop();
    expect(applications).toEqual({ incidents: 3, apiKeys: 3, audit: 33 });
    const full = models();
    for (const event of events(33)) for (const model of Object.values(full)) model.apply(event);
    expect(restored.audit.list({}, 100)).toEqual(full.audit.list({}, 100));
    expect(restored.incidents.snapshot()).toEqual(full.incidents.snapshot());
    store.close();
  });

  it('leaves out the read models it is told to (stopped ones), and restores the others without them', async () => {
    const live = models();
    for (const event of events(9)) for (const model of Object.values(live)) model.apply(event);
    new ReadModelSnapshots(path, versioned(live)).save(LOG, ['incidents']);
    const restored = models();
    await expect(new ReadModelSnapshots(path, versioned(restored)).load(9, async () => LOG)).resolves.toMatchObject({
      outcome: 'restored',
      rebuilt: [{ readModel: 'incidents', reason: 'not in the snapshot' }],
    });
    expect([restored.incidents.position, restored.audit.position]).toEqual([0, 9]);
  });

  it('takes a snapshot written before read models had versions as outdated throughout', async () => {
    const live = models();
    for (const event of events(9)) for (const model of Object.values(live)) model.apply(event);
    const payload = serialize({ version: 9, store: LOG, takenAt: at, models: Object.fromEntries(Object.entries(live).map(([name, model]) => [name, model.toSnapshot()])) });
    writeFileSync(path, Buffer.concat([Buffer.from('ILSNAP01'), createHash('sha256').update(payload).digest(), payload]));
    const load = await new ReadModelSnapshots(path, versioned(models())).load(9, async () => LOG);
    expect(load).toMatchObject({ outcome: 'outdated', reason: expect.stringContaining('incidents: the snapshot has no version for it, this server builds version 1') });
  });
});
