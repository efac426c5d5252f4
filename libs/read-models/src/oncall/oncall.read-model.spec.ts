import { serialize, deserialize } from 'node:v8';
import {
  calendarFeedDecider,
  calendarFeedStreamId,
  onCallAt,
  oncallPersonStreamId,
  ScheduleCommand,
  scheduleDecider,
  ScheduleState,
  scheduleStreamId,
  shiftReminderPreferencesDecider,
} from '@incident-ledger/domain';
import { RecordedEvent } from '@incident-ledger/event-store';
import { OncallReadModel } from './oncall.read-model';

/** A schedule command without what the log fills in. */
type Change = ScheduleCommand extends infer C ? (C extends ScheduleCommand ? Omit<C, 'scheduleId' | 'actor'> : never) : never;

/** Decides the commands of one schedule in order, each at its own instant, and records their events as the store would. */
class OncallLog {
  private state: ScheduleState = scheduleDecider.initialState;
  readonly events: RecordedEvent[] = [];

  schedule(at: string, command: Change): this {
    const full = { ...command, scheduleId: 'payments', actor: 'ann' } as ScheduleCommand;
    for (const event of scheduleDecider.decide(full, this.state, new Date(at))) {
      this.state = scheduleDecider.evolve(this.state, event);
      this.record(scheduleStreamId('payments'), event, at);
    }
    return this;
  }

  record(streamId: string, event: { type: string; data: unknown }, at: string): this {
    const position = this.events.length + 1;
    this.events.push({ id: `e${position}`, type: event.type, data: event.data as Record<string, unknown>, streamId, revision: position - 1, position, recordedAt: at, metadata: { correlationId: 'c', causationId: null, actor: 'ann', occurredAt: at, schemaVersion: 1 } });
    return this;
  }
}

const layer = { name: 'Primary', members: ['ann', 'bob'], rotation: { unit: 'WEEK' as const, length: 1 }, handOff: '09:00', startDate: '2026-01-05' };

function ledger(): OncallLog {
  const log = new OncallLog()
    .schedule('2026-01-01T00:00:00.000Z', { type: 'CreateSchedule', name: 'Payments', ownerTeam: 'payments', timeZone: 'Europe/Berlin', layers: [layer] })
    .schedule('2026-01-14T00:00:00.000Z', { type: 'ChangeScheduleLayer', layerId: 'layer-1', changes: { members: ['cat'] } });
  const [feed] = calendarFeedDecider.decide({ type: 'RotateCalendarFeedUrl', feed: { kind: 'person', person: 'ann' }, tokenHash: 'hash-1', actor: 'ann' }, calendarFeedDecider.initialState, new Date('2026-01-02T00:00:00Z'));
  log.record(calendarFeedStreamId({ kind: 'person', person: 'ann' }), feed, '2026-01-02T00:00:00.000Z');
  const [hours] = shiftReminderPreferencesDecider.decide({ type: 'SetShiftReminders', person: 'bob', hoursBefore: [2], actor: 'bob' }, shiftReminderPreferencesDecider.initialState, new Date('2026-01-02T00:00:00Z'));
  return log.record(oncallPersonStreamId('bob'), hours, '2026-01-02T00:00:00.000Z');
}

function modelOf(log: OncallLog): OncallReadModel {
  const model = new OncallReadModel();
  for (const event of log.events) model.apply(event);
  return model;
}

describe('the on-call read model', () => {
  it('answers a schedule as it stands, and as it stood at an instant before an edit', () => {
    const model = modelOf(ledger());
    const now = model.schedule('payments')!;
    const before = model.schedule('payments', '2026-01-13T00:00:00.000Z')!;
    expect(onCallAt(now.timeline, '2026-01-20T12:00:00.000Z')?.person).toBe('cat');
    expect(onCallAt(before.timeline, '2026-01-20T12:00:00.000Z')?.person).toBe('ann');
    expect(model.schedule('payments', '2025-12-31T00:00:00.000Z')).toBeUndefined();
    expect(model.shiftsOf('cat', '2026-01-19T00:00:00.000Z', '2026-01-20T00:00:00.000Z').map((shift) => shift.scheduleId)).toEqual(['payments']);
  });

  it('comes back the same from its snapshot (as the server writes it), and goes on from it', () => {
    const log = ledger();
    const model = modelOf(log);
    const restored = new OncallReadModel();
    restored.restore(deserialize(serialize(model.toSnapshot())));
    expect(restored.position).toBe(model.position);
    expect(restored.schedules()).toEqual(model.schedules());
    expect(restored.schedule('payments', '2026-01-13T00:00:00.000Z')).toEqual(model.schedule('payments', '2026-01-13T00:00:00.000Z'));
    expect(restored.calendarFeed('hash-1')).toEqual({ kind: 'person', person: 'ann' });
    expect(restored.shiftReminderHoursOf('bob')).toEqual([2]);
    log.schedule('2026-01-15T00:00:00.000Z', { type: 'RenameSchedule', name: 'Payments primary' });
    restored.apply(log.events[log.events.length - 1]);
    expect(restored.schedule('payments')?.name).toBe('Payments primary');
  });

  it('closes a calendar token when the feed is rotated', () => {
    const log = ledger();
    const [rotated] = calendarFeedDecider.decide({ type: 'RotateCalendarFeedUrl', feed: { kind: 'person', person: 'ann' }, tokenHash: 'hash-2', actor: 'ann' }, { tokenHash: 'hash-1' }, new Date('2026-01-03T00:00:00Z'));
    const model = modelOf(log.record(calendarFeedStreamId({ kind: 'person', person: 'ann' }), rotated, '2026-01-03T00:00:00.000Z'));
    expect(model.calendarFeed('hash-1')).toBeUndefined();
    expect(model.calendarFeed('hash-2')).toEqual({ kind: 'person', person: 'ann' });
  });
});
