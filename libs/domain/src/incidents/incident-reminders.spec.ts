import { foldEvents } from '../shared/decider';
import { ActionItemPriority, ActionItemSource, ActionItemType } from './action-item';
import { incidentDecider } from './incident.decider';
import { IncidentEvent } from './incident.events';
import { DEFAULT_REMINDER_POLICY, plannedReminders, ReminderKind } from './incident-reminders';
import { IncidentStatus } from './incident-status';
import { ResponderRole } from './responder-role';
import { Severity } from './severity';
import { command, declared, earlier, fact, spec } from './testing/incident-history';

// The incident was declared `earlier` (09:00); the decider judges at `now` (10:00).
const minutes = (count: number) => new Date(Date.parse(earlier) + count * 60_000).toISOString();
const planned = (events: IncidentEvent[]) => plannedReminders(foldEvents(incidentDecider, events), DEFAULT_REMINDER_POLICY);
const plannedOf = (events: IncidentEvent[], kind: ReminderKind) => planned(events).filter((reminder) => reminder.kind === kind);

const sev1 = { ...declared, data: { ...declared.data, severity: Severity.SEV1 } } satisfies IncidentEvent;
const assigned = (role: ResponderRole, responder: string, at = earlier): IncidentEvent => ({
  type: 'ResponderAssigned',
  data: { ...fact, at, role, responder, previousResponder: null },
});
const update = (audience: 'INTERNAL' | 'EXTERNAL', at: string): IncidentEvent => ({
  type: 'StatusUpdatePosted',
  data: { ...fact, at, audience, message: 'Still investigating', status: IncidentStatus.INVESTIGATING },
});
const sent = (reminderKind: ReminderKind, since: string, at: string, actionItemId: string | null = null): IncidentEvent => ({
  type: 'ReminderSent',
  data: { ...fact, by: 'reminders', at, reminderKind, actionItemId, since, dueAt: at, addressedTo: 'DECLARER', recipients: ['alice'] },
});
const resolved: IncidentEvent = { type: 'IncidentResolved', data: { ...fact, at: minutes(50), from: IncidentStatus.INVESTIGATING, summary: null } };
const send = (reminderKind: ReminderKind, since: string, dueAt: string, actionItemId: string | null = null) =>
  command('SendReminder', { reminderKind, actionItemId, since, dueAt });

describe('process reminders', () => {
  describe('the plan', () => {
    it('expects a commander 5 minutes after a SEV1–SEV3 declaration, and status updates every 30 / 60 / 120 minutes by severity', () => {
      expect(planned([sev1])).toEqual([
        { kind: ReminderKind.NO_COMMANDER, actionItemId: null, since: earlier, dueAt: minutes(5) },
        { kind: ReminderKind.STATUS_UPDATE_EXTERNAL, actionItemId: null, since: earlier, dueAt: minutes(30) },
        { kind: ReminderKind.STATUS_UPDATE_INTERNAL, actionItemId: null, since: earlier, dueAt: minutes(30) },
      ]);
      expect(plannedOf([declared], ReminderKind.STATUS_UPDATE_EXTERNAL)[0].dueAt).toBe(minutes(60));
      expect(plannedOf([{ ...declared, data: { ...declared.data, severity: Severity.SEV3 } }], ReminderKind.STATUS_UPDATE_EXTERNAL)[0].dueAt).toBe(minutes(120));
    });

    it('has nothing for SEV4 and SEV5 unless the policy names them', () => {
      const sev4 = { ...declared, data: { ...declared.data, severity: Severity.SEV4 } } satisfies IncidentEvent;
      expect(planned([sev4])).toEqual([]);
      const policy = { ...DEFAULT_REMINDER_POLICY, [ReminderKind.STATUS_UPDATE_EXTERNAL]: { [Severity.SEV4]: 240 } };
      expect(plannedReminders(foldEvents(incidentDecider, [sev4]), policy)).toEqual([
        { kind: ReminderKind.STATUS_UPDATE_EXTERNAL, actionItemId: null, since: earlier, dueAt: minutes(240) },
      ]);
    });

    it('drops what is answered: a commander assigned, an update posted restarts its interval, a resolution ends them', () => {
      const withCommander = [sev1, assigned(ResponderRole.INCIDENT_COMMANDER, 'bob', minutes(3))];
      expect(plannedOf(withCommander, ReminderKind.NO_COMMANDER)).toEqual([]);
      expect(plannedOf([sev1, update('EXTERNAL', minutes(20))], ReminderKind.STATUS_UPDATE_EXTERNAL)).toEqual([
        { kind: ReminderKind.STATUS_UPDATE_EXTERNAL, actionItemId: null, since: minutes(20), dueAt: minutes(50) },
      ]);
      expect(plannedOf([sev1, update('EXTERNAL', minutes(20))], ReminderKind.STATUS_UPDATE_INTERNAL)[0].dueAt).toBe(minutes(30));
      expect(plannedOf([sev1, resolved], ReminderKind.STATUS_UPDATE_EXTERNAL)).toEqual([]);
    });

    it('repeats a status update reminder an interval after the last one while no update is posted; the others go once', () => {
      const afterOne = [sev1, sent(ReminderKind.STATUS_UPDATE_EXTERNAL, earlier, minutes(31)), sent(ReminderKind.NO_COMMANDER, earlier, minutes(5))];
      expect(plannedOf(afterOne, ReminderKind.STATUS_UPDATE_EXTERNAL)[0].dueAt).toBe(minutes(61));
      expect(plannedOf(afterOne, ReminderKind.NO_COMMANDER)).toEqual([]);
    });

    it('after the resolution: the report 2 days later, the close 3 days later, until published and closed', () => {
      const day = 24 * 60;
      expect(planned([sev1, resolved]).map(({ kind, dueAt }) => [kind, dueAt])).toEqual([
        [ReminderKind.REPORT_DUE, minutes(50 + 2 * day)],
        [ReminderKind.RESOLVED_NOT_CLOSED, minutes(50 + 3 * day)],
      ]);
      const closed: IncidentEvent = { type: 'IncidentClosed', data: { ...fact, at: minutes(60) } };
      expect(planned([sev1, resolved, closed]).map(({ kind }) => kind)).toEqual([ReminderKind.REPORT_DUE]);
      const reopened: IncidentEvent = { type: 'IncidentReopened', data: { ...fact, at: minutes(55), reason: null } };
      expect(planned([sev1, resolved, reopened]).map(({ kind }) => kind)).toEqual([ReminderKind.NO_COMMANDER, ReminderKind.STATUS_UPDATE_EXTERNAL, ReminderKind.STATUS_UPDATE_INTERNAL]);
    });

    it("reminds an action item's owner a day before its due date and at it, until it is done", () => {
      const dueAt = '2026-03-05T09:00:00.000Z';
      const item: IncidentEvent = {
        type: 'ActionItemAdded',
        data: { ...fact, actionItemId: 'ai-1', title: 'Alert on drift', owner: 'bob', dueAt, priority: ActionItemPriority.HIGH, actionType: ActionItemType.DETECT, source: ActionItemSource.INCIDENT },
      };
      expect(planned([sev1, resolved, item]).filter(({ actionItemId }) => actionItemId === 'ai-1')).toEqual([
        { kind: ReminderKind.ACTION_ITEM_DUE_SOON, actionItemId: 'ai-1', since: dueAt, dueAt: '2026-03-04T09:00:00.000Z' },
        { kind: ReminderKind.ACTION_ITEM_OVERDUE, actionItemId: 'ai-1', since: dueAt, dueAt },
      ]);
      const done: IncidentEvent = { type: 'ActionItemCompleted', data: { ...fact, actionItemId: 'ai-1', note: null } };
      expect(planned([sev1, resolved, item, done]).filter(({ actionItemId }) => actionItemId === 'ai-1')).toEqual([]);
    });

    it('postpones a snoozed kind until the snooze ends', () => {
      const snoozed: IncidentEvent = { type: 'ReminderSnoozed', data: { ...fact, reminderKind: ReminderKind.STATUS_UPDATE_EXTERNAL, until: minutes(90) } };
      expect(plannedOf([sev1, snoozed], ReminderKind.STATUS_UPDATE_EXTERNAL)[0].dueAt).toBe(minutes(90));
      expect(plannedOf([sev1, snoozed], ReminderKind.STATUS_UPDATE_INTERNAL)[0].dueAt).toBe(minutes(30));
    });
  });

  describe('sending', () => {
    it('goes to the communications lead, else the commander, else whoever declared it', () => {
      const reminder = send(ReminderKind.STATUS_UPDATE_EXTERNAL, earlier, minutes(30));
      const sentTo = (events: IncidentEvent[]) => {
        const [event] = incidentDecider.decide(reminder, foldEvents(incidentDecider, events), new Date(minutes(31)));
        return event.type === 'ReminderSent' ? [event.data.addressedTo, event.data.recipients] : null;
      };
      expect(sentTo([sev1])).toEqual(['DECLARER', ['alice']]);
      expect(sentTo([sev1, assigned(ResponderRole.INCIDENT_COMMANDER, 'bob')])).toEqual([ResponderRole.INCIDENT_COMMANDER, ['bob']]);
      expect(sentTo([sev1, assigned(ResponderRole.INCIDENT_COMMANDER, 'bob'), assigned(ResponderRole.COMMUNICATIONS_LEAD, 'carol')])).toEqual([ResponderRole.COMMUNICATIONS_LEAD, ['carol']]);
    });

    it('records the reminder on the timeline', () => {
      spec
        .given([sev1])
        .when(send(ReminderKind.NO_COMMANDER, earlier, minutes(5)))
        .then([
          {
            type: 'ReminderSent',
            data: { incidentId: 'inc-1', at: '2026-03-01T10:00:00.000Z', by: 'alice', reminderKind: ReminderKind.NO_COMMANDER, actionItemId: null, since: earlier, dueAt: minutes(5), addressedTo: 'DECLARER', recipients: ['alice'] },
          },
        ]);
    });

    it('sends nothing once the condition is met, before it is due, while snoozed, or a second time', () => {
      const reminder = send(ReminderKind.STATUS_UPDATE_EXTERNAL, earlier, minutes(30));
      spec.given([sev1, update('EXTERNAL', minutes(20))]).when(reminder).thenFails('REMINDER_NOT_DUE');
      spec.given([sev1]).when(send(ReminderKind.STATUS_UPDATE_EXTERNAL, earlier, minutes(61))).thenFails('REMINDER_NOT_DUE');
      const snoozed: IncidentEvent = { type: 'ReminderSnoozed', data: { ...fact, reminderKind: ReminderKind.STATUS_UPDATE_EXTERNAL, until: minutes(90) } };
      spec.given([sev1, snoozed]).when(reminder).thenFails('REMINDER_NOT_DUE');
      spec.given([sev1, sent(ReminderKind.STATUS_UPDATE_EXTERNAL, earlier, minutes(31))]).when(reminder).thenFails('REMINDER_NOT_DUE');
      spec.given([sev1, sent(ReminderKind.NO_COMMANDER, earlier, minutes(5))]).when(send(ReminderKind.NO_COMMANDER, earlier, minutes(5))).thenFails('REMINDER_NOT_DUE');
    });

    it('sends the next status update reminder once its interval after the last has passed', () => {
      const events = [sev1, sent(ReminderKind.STATUS_UPDATE_EXTERNAL, earlier, minutes(30))];
      expect(incidentDecider.decide(send(ReminderKind.STATUS_UPDATE_EXTERNAL, earlier, minutes(60)), foldEvents(incidentDecider, events), new Date(minutes(60)))).toHaveLength(1);
    });
  });

  describe('snoozing', () => {
    it('postpones a kind until a time in the coming week', () => {
      const until = new Date('2026-03-01T11:00:00.000Z');
      spec
        .given([sev1])
        .when(command('SnoozeReminder', { reminderKind: ReminderKind.REPORT_DUE, until }))
        .then([{ type: 'ReminderSnoozed', data: { incidentId: 'inc-1', at: '2026-03-01T10:00:00.000Z', by: 'alice', reminderKind: ReminderKind.REPORT_DUE, until: until.toISOString() } }]);
    });

    it('refuses a time in the past or more than a week ahead', () => {
      spec.given([sev1]).when(command('SnoozeReminder', { reminderKind: ReminderKind.REPORT_DUE, until: new Date(earlier) })).thenFails('INVALID_INPUT');
      spec.given([sev1]).when(command('SnoozeReminder', { reminderKind: ReminderKind.REPORT_DUE, until: new Date('2026-03-09T10:00:00.000Z') })).thenFails('INVALID_INPUT');
    });
  });
});
