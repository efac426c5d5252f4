import { deciderSpecification } from '../testing/decider-specification';
import { UndecodableEventError } from '../shared/event-codec';
import { TimerCommand } from './timer.commands';
import { timerDecider } from './timer.decider';
import { TimerEvent, TimerFields } from './timer.events';
import { timerEventCodec } from './timers.codec';

const now = new Date('2026-06-01T10:00:00Z');
const at = now.toISOString();
const spec = deciderSpecification(timerDecider, now);

const timer: TimerFields = {
  timerId: 'status-update:inc-1:1',
  dueAt: '2026-06-01T10:30:00.000Z',
  owner: 'incident:inc-1',
  action: { type: 'reminder', data: { incidentId: 'inc-1', kind: 'STATUS_UPDATE_DUE', minutes: 30, drill: false, role: null } },
};
const scheduled: TimerEvent = { type: 'TimerScheduled', data: { ...timer, at: '2026-06-01T09:00:00.000Z' } };
const fired: TimerEvent = { type: 'TimerFired', data: { timerId: timer.timerId, at, outcome: 'sent to alice' } };
const cancelled: TimerEvent = { type: 'TimerCancelled', data: { timerId: timer.timerId, at, reason: 'status update posted' } };

const schedule = (fields: Partial<TimerFields> = {}): TimerCommand => ({ type: 'ScheduleTimer', timer: { ...timer, ...fields } });
const fire: TimerCommand = { type: 'FireTimer', timerId: timer.timerId, outcome: 'sent to alice' };
const cancel: TimerCommand = { type: 'CancelTimer', timerId: timer.timerId, reason: 'status update posted' };

describe('timer decider', () => {
  it('schedules an unknown timer, with its due time in the form that compares as text', () => {
    spec.given([]).when(schedule({ dueAt: '2026-06-01T12:30:00+02:00' })).then([{ type: 'TimerScheduled', data: { ...timer, at } }]);
  });

  it('schedules a timer once: the same fields again write nothing, however the due time is spelled and the data ordered', () => {
    spec.given([scheduled]).when(schedule({ dueAt: '2026-06-01T10:30:00Z' })).then([]);
    const reordered = { role: null, drill: false, minutes: 30, kind: 'STATUS_UPDATE_DUE', incidentId: 'inc-1' };
    spec.given([scheduled]).when(schedule({ action: { type: 'reminder', data: reordered } })).then([]);
    spec.given([scheduled, fired]).when(schedule()).then([]);
    spec.given([scheduled, cancelled]).when(schedule()).then([]);
  });

  it.each([
    ['another due time', { dueAt: '2026-06-01T10:31:00.000Z' }],
    ['another owner', { owner: 'incident:inc-2' }],
    ['another action type', { action: { type: 'escalation', data: timer.action.data } }],
    ['other action data', { action: { type: 'reminder', data: { ...timer.action.data, minutes: 60 } } }],
    ['less action data', { action: { type: 'reminder', data: { incidentId: 'inc-1' } } }],
  ])('refuses a timer id scheduled again with %s', (_name, fields) => {
    spec.given([scheduled]).when(schedule(fields)).thenFails('TIMER_ID_REUSED', { timerId: timer.timerId });
  });

  it.each([
    ['no id', { timerId: '' }],
    ['no owner', { owner: '' }],
    ['no action type', { action: { type: '', data: {} } }],
    ['a due time that is no instant', { dueAt: 'tomorrow' }],
  ])('refuses a timer with %s', (_name, fields) => {
    spec.given([]).when(schedule(fields)).thenFails('INVALID_INPUT');
  });

  it('fires a pending timer with its outcome', () => {
    spec.given([scheduled]).when(fire).then([fired]);
    spec.given([scheduled]).when({ type: 'FireTimer', timerId: timer.timerId, outcome: null }).then([{ type: 'TimerFired', data: { timerId: timer.timerId, at, outcome: null } }]);
  });

  it('refuses to fire a timer again, or once cancelled, or never scheduled', () => {
    spec.given([scheduled, fired]).when(fire).thenFails('TIMER_NOT_PENDING', { status: 'FIRED' });
    spec.given([scheduled, cancelled]).when(fire).thenFails('TIMER_NOT_PENDING', { status: 'CANCELLED' });
    spec.given([]).when(fire).thenFails('TIMER_NOT_FOUND');
  });

  it('cancels a pending timer, and cancelling what is not pending writes nothing', () => {
    spec.given([scheduled]).when(cancel).then([cancelled]);
    spec.given([scheduled, fired]).when(cancel).then([]);
    spec.given([scheduled, cancelled]).when(cancel).then([]);
    spec.given([]).when(cancel).then([]);
  });
});

describe('timer codec', () => {
  it('reads back what the decider writes', () => {
    for (const event of [scheduled, fired, cancelled]) {
      const encoded = timerEventCodec.encode(event);
      expect(timerEventCodec.decode(encoded.type, encoded.data, encoded.schemaVersion)).toEqual(event);
    }
  });

  it('refuses action data that is not plain values, naming the field', () => {
    const nested = { ...scheduled.data, action: { type: 'reminder', data: { to: { name: 'alice' } } } };
    expect(() => timerEventCodec.decode('TimerScheduled', nested, 1, { streamId: 'timer-x', position: 7 })).toThrow(UndecodableEventError);
    expect(() => timerEventCodec.decode('TimerScheduled', nested, 1)).toThrow('data.action.data must be an object of strings, numbers, booleans or nulls, not an object');
    expect(() => timerEventCodec.decode('TimerScheduled', { ...scheduled.data, action: { type: 'reminder', data: { minutes: Infinity } } }, 1)).toThrow(UndecodableEventError);
  });
});
