import { IncidentEvent, IncidentKind, incidentStreamId, Severity } from '@incident-ledger/domain';
import { RecordedEvent } from '@incident-ledger/event-store';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditReadModel } from '../audit/audit-read-model';
import { ApiKeyReadModel } from '../access/api-key-read-model';
import { IncidentReadModel } from '../incidents/incident-read-model';
import { ReadModelSnapshots } from './read-model-snapshots';

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

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-snap-'));
    path = join(dir, 'read-models.snapshot');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('restores exactly the state it saved, and catching up from it equals a full replay', async () => {
    const log = events(30);
    const live = models();
    for (const event of log.slice(0, 20)) for (const model of Object.values(live)) model.apply(event);
    expect(new ReadModelSnapshots(path, live).save(LOG)).toMatchObject({ position: 20 });

    const restored = models();
    await expect(new ReadModelSnapshots(path, restored).load(30, async () => LOG)).resolves.toMatchObject({ outcome: 'restored', position: 20 });
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
    await expect(new ReadModelSnapshots(path, models()).load(0, identify)).resolves.toMatchObject({ outcome: 'none' });
    const live = models();
    for (const event of events(9)) for (const model of Object.values(live)) model.apply(event);
    new ReadModelSnapshots(path, live).save(LOG);

    await expect(new ReadModelSnapshots(path, models()).load(5, async () => LOG)).resolves.toMatchObject({ outcome: 'ahead-of-store' });
    await expect(new ReadModelSnapshots(path, models(), 999).load(9, identify)).resolves.toMatchObject({ outcome: 'outdated' });
    expect(identify).not.toHaveBeenCalled();
    // The same events imported elsewhere with other positions, or another database: positions mean something else.
    const elsewhere = models();
    await expect(new ReadModelSnapshots(path, elsewhere).load(5000, async () => 'e1@1024')).resolves.toMatchObject({ outcome: 'other-store' });
    expect(elsewhere.incidents.position).toBe(0);
    const content = readFileSync(path);
    content[content.length - 5] ^= 0xff;
    writeFileSync(path, content);
    const untouched = models();
    await expect(new ReadModelSnapshots(path, untouched).load(9, async () => LOG)).resolves.toMatchObject({ outcome: 'corrupt', reason: 'checksum mismatch' });
    expect(untouched.incidents.position).toBe(0);
    writeFileSync(path, 'garbage');
    await expect(new ReadModelSnapshots(path, models()).load(9, async () => LOG)).resolves.toMatchObject({ outcome: 'corrupt' });
  });
});
