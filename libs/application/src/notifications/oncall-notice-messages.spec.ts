import { ScheduleGapWarned, ShiftReminderSent } from '@incident-ledger/domain';
import { oncallNoticeMessage } from './oncall-notice-messages';

const schedule = { name: 'Payments primary', ownerTeam: 'payments', timeZone: 'Australia/Sydney' };
const recorded = { scheduleId: 'payments-primary', by: 'oncall-notices' };

describe('on-call notice messages', () => {
  it('say when a shift starts in the schedule’s zone, and how long until it from when the reminder was sent', () => {
    const event: ShiftReminderSent = {
      type: 'ShiftReminderSent',
      data: { ...recorded, at: '2027-01-03T21:35:00.000Z', person: 'sam', shiftFrom: '2027-01-03T22:00:00.000Z', shiftTo: '2027-01-04T10:00:00.000Z', hoursBefore: 1 },
    };
    const message = oncallNoticeMessage(event, schedule);
    // Sydney is at +11:00 in January.
    expect(message).toMatchObject({
      type: 'oncall.shift_reminder',
      kind: 'SHIFT_REMINDER',
      incident: null,
      summary: 'sam: your on-call shift on Payments primary starts in 25 minutes, at 2027-01-04 09:00 Australia/Sydney',
      detail: 'On call from 2027-01-04 09:00 Australia/Sydney until 2027-01-04 21:00 Australia/Sydney.',
    });
  });

  it('say where a gap opens, and where it ends when it does within sight', () => {
    const gap = (gapTo: string | null): ScheduleGapWarned => ({ type: 'ScheduleGapWarned', data: { ...recorded, at: '2027-01-01T00:00:00.000Z', gapFrom: '2027-01-05T13:00:00.000Z', gapTo } });
    expect(oncallNoticeMessage(gap(null), schedule).summary).toBe('Nobody is on call on Payments primary from 2027-01-06 00:00 Australia/Sydney');
    expect(oncallNoticeMessage(gap('2027-01-05T19:00:00.000Z'), schedule).summary).toBe(
      'Nobody is on call on Payments primary from 2027-01-06 00:00 Australia/Sydney until 2027-01-06 06:00 Australia/Sydney',
    );
  });
});
