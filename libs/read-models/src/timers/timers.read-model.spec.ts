import { TimerEvent, timerStreamId } from '@incident-ledger/domain';
import { RecordedEvent } from '@incident-ledger/event-store';
import { TimersReadModel } from './timers.read-model';

const at = '2026-06-01T09:00:00.000Z';
let position = 0;

function recorded(event: TimerEvent): RecordedEvent {
  position++;
  const metadata = { correlationId: 'c', causationId: null, actor: 'timers', occurredAt: at, schemaVersion: 1 };
  return { id: `e${position}`, ...event, streamId: timerStreamId(event.data.timerId), revision: 0, position, recordedAt: at, metadata };
}

const scheduled = (timerId: string, dueAt: string, owner = 'incident:inc-1') =>
  recorded({ type: 'TimerScheduled', data: { timerId, dueAt, owner, action: { type: 'reminder', data: {} }, at } });
const fired = (timerId: string) => recorded({ type: 'TimerFired', data: { timerId, at: '2026-06-01T10:00:00.000Z', outcome: 'done' } });
const cancelled = (timerId: string) => recorded({ type: 'TimerCancelled', data: { timerId, at: '2026-06-01T10:00:00.000Z', reason: 'met' } });

function modelOf(events: RecordedEvent[]): TimersReadModel {
  const model = new TimersReadModel();
  for (const event of events) model.apply(event);
  return model;
}

describe('timers read model', () => {
  it('answers the pending timers due by a time, soonest first, and when the next falls due', () => {
    const model = modelOf([scheduled('c', '2026-06-01T10:30:00.000Z'), scheduled('a', '2026-06-01T10:00:00.000Z'), scheduled('b', '2026-06-01T10:00:00.000Z'), scheduled('d', '2026-06-01T11:00:00.000Z')]);
    expect(model.due(new Date('2026-06-01T09:59:59.999Z'), 50)).toEqual([]);
    expect(model.due(new Date('2026-06-01T10:30:00.000Z'), 50).map((timer) => timer.timerId)).toEqual(['a', 'b', 'c']);
    expect(model.due(new Date('2026-06-01T10:30:00.000Z'), 2).map((timer) => timer.timerId)).toEqual(['a', 'b']);
    expect(model.nextDueAt()).toBe('2026-06-01T10:00:00.000Z');
    expect(model.due(new Date('2026-06-01T10:00:00.000Z'), 1)[0]).toEqual({ timerId: 'a', dueAt: '2026-06-01T10:00:00.000Z', owner: 'incident:inc-1', action: { type: 'reminder', data: {} }, scheduledAt: at });
  });

  it('forgets a timer once fired or cancelled, except for the last ones ended, and answers by owner', () => {
    const model = modelOf([scheduled('a', '2026-06-01T10:00:00.000Z'), scheduled('b', '2026-06-01T10:05:00.000Z', 'incident:inc-2'), scheduled('c', '2026-06-01T10:10:00.000Z'), fired('a'), cancelled('c')]);
    expect(model.due(new Date('2026-06-02T00:00:00Z'), 50).map((timer) => timer.timerId)).toEqual(['b']);
    expect(model.pendingFor('incident:inc-2').map((timer) => timer.timerId)).toEqual(['b']);
    expect(model.pendingFor('incident:inc-1')).toEqual([]);
    expect(model.timer('a')).toMatchObject({ status: 'FIRED', outcome: 'done', endedAt: '2026-06-01T10:00:00.000Z' });
    expect(model.timer('c')).toMatchObject({ status: 'CANCELLED', cancelReason: 'met' });
    expect(model.timer('b')).toMatchObject({ status: 'PENDING', outcome: null });
    expect(model.size).toBe(1);

    const many = Array.from({ length: 1_001 }, (_, index) => `t${index}`);
    const busy = modelOf(many.flatMap((id) => [scheduled(id, '2026-06-01T10:00:00.000Z'), fired(id)]));
    expect(busy.timer('t0')).toBeUndefined();
    expect(busy.timer('t1000')).toMatchObject({ status: 'FIRED' });
  });

  it('restores from its snapshot what it held', () => {
    const model = modelOf([scheduled('a', '2026-06-01T10:00:00.000Z'), scheduled('b', '2026-06-01T09:00:00.000Z'), fired('a')]);
    const restored = new TimersReadModel();
    restored.restore(structuredClone(model.toSnapshot()));
    expect(restored.position).toBe(model.position);
    expect(restored.due(new Date('2026-06-02T00:00:00Z'), 50)).toEqual(model.due(new Date('2026-06-02T00:00:00Z'), 50));
    expect(restored.pendingFor('incident:inc-1')).toEqual(model.pendingFor('incident:inc-1'));
    expect(restored.timer('a')).toEqual(model.timer('a'));
  });
});
