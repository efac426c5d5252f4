import { RecordedEvent } from '@incident-ledger/event-store';
import { AuditReadModel } from './audit-read-model';

function event(position: number, actor: string, occurredAt: string): RecordedEvent {
  return {
    id: `e${position}`,
    type: 'TimelineNoteAdded',
    data: {},
    streamId: 'incident-1',
    revision: position - 1,
    position,
    recordedAt: occurredAt,
    metadata: { correlationId: `c${position}`, causationId: null, actor, occurredAt, schemaVersion: 1 },
  };
}

describe('audit read model', () => {
  const model = new AuditReadModel();
  const actors = ['ann', 'bob', 'ann', 'cid', 'ann', 'bob'];
  actors.forEach((actor, i) => model.apply(event(i + 1, actor, `2026-01-0${i + 1}T00:00:00.000Z`)));

  it('lists newest first, in pages before a position', () => {
    const first = model.list({}, 4);
    expect(first.entries.map((e) => e.position)).toEqual([6, 5, 4, 3]);
    expect(first.hasNextPage).toBe(true);
    const next = model.list({}, 4, 3);
    expect(next.entries.map((e) => e.position)).toEqual([2, 1]);
    expect(next.hasNextPage).toBe(false);
  });

  it('filters by actor and time', () => {
    expect(model.list({ actor: 'ann' }, 10).entries.map((e) => e.position)).toEqual([5, 3, 1]);
    expect(model.list({ actor: 'ann', from: new Date('2026-01-02T00:00:00Z'), to: new Date('2026-01-05T00:00:00Z') }, 10).entries.map((e) => e.position)).toEqual([3]);
    expect(model.list({ actor: 'nobody' }, 10).entries).toEqual([]);
  });

  it('ignores an event it has already applied', () => {
    model.apply(event(6, 'bob', '2026-01-06T00:00:00.000Z'));
    expect(model.list({}, 100).entries).toHaveLength(6);
  });

  it('comes back the same from its snapshot', () => {
    const restored = new AuditReadModel();
    restored.restore(structuredClone(model.toSnapshot()));
    expect(restored.list({}, 100)).toEqual(model.list({}, 100));
    expect(restored.list({ actor: 'bob' }, 100)).toEqual(model.list({ actor: 'bob' }, 100));
    restored.apply(event(7, 'bob', '2026-01-07T00:00:00.000Z'));
    expect(restored.list({ actor: 'bob' }, 1).entries).toEqual([
      { position: 7, streamId: 'incident-1', type: 'TimelineNoteAdded', actor: 'bob', occurredAt: '2026-01-07T00:00:00.000Z', correlationId: 'c7' },
    ]);
  });

  it('tells when the store recorded an event whose own time is unreadable', () => {
    const other = new AuditReadModel();
    other.apply({ ...event(1, 'ann', 'not a time'), recordedAt: '2026-02-01T00:00:00.000Z' });
    expect(other.list({}, 1).entries[0].occurredAt).toBe('2026-02-01T00:00:00.000Z');
  });
});
