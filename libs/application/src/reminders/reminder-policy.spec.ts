import { DEFAULT_REMINDER_POLICY, ReminderKind, Severity } from '@incident-ledger/domain';
import { loadConfig } from '../config/app-config';
import { parseReminderPolicy, remindsAtAll } from './reminder-policy';

describe('REMINDER_POLICY', () => {
  it('keeps the defaults when empty', () => {
    expect(parseReminderPolicy('')).toEqual(DEFAULT_REMINDER_POLICY);
  });

  it('changes the kinds it names, in minutes, hours or days, and turns one off', () => {
    const policy = parseReminderPolicy('STATUS_UPDATE_EXTERNAL=SEV1:15m,SEV2:1h,SEV4:2d; NO_COMMANDER=off');
    expect(policy[ReminderKind.STATUS_UPDATE_EXTERNAL]).toEqual({ [Severity.SEV1]: 15, [Severity.SEV2]: 60, [Severity.SEV4]: 2880 });
    expect(policy[ReminderKind.NO_COMMANDER]).toEqual({});
    expect(policy[ReminderKind.REPORT_DUE]).toEqual(DEFAULT_REMINDER_POLICY[ReminderKind.REPORT_DUE]);
  });

  it('turns every reminder off with `off` alone, and says when a policy reminds of nothing', () => {
    expect(remindsAtAll(parseReminderPolicy('off'))).toBe(false);
    expect(remindsAtAll(parseReminderPolicy(Object.values(ReminderKind).map((kind) => `${kind}=off`).join(';')))).toBe(false);
    expect(remindsAtAll(parseReminderPolicy('NO_COMMANDER=off'))).toBe(true);
  });

  it('stops the start with a clear message for a kind or delay it does not know', () => {
    expect(() => loadConfig({ REMINDER_POLICY: 'STATUS_UPDATES=SEV1:15m' })).toThrow(/REMINDER_POLICY: "STATUS_UPDATES" is not a reminder kind/);
    expect(() => loadConfig({ REMINDER_POLICY: 'REPORT_DUE=SEV1:soon' })).toThrow(/REPORT_DUE: "SEV1:soon" is not a severity and delay/);
    expect(loadConfig({ REMINDER_POLICY: 'REPORT_DUE=SEV1:1d' }).reminderPolicy[ReminderKind.REPORT_DUE]).toEqual({ [Severity.SEV1]: 1440 });
  });
});
