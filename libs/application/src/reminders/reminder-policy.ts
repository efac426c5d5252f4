import { DEFAULT_REMINDER_POLICY, isReminderKind, isSeverity, ReminderKind, ReminderPolicy, Severity } from '@incident-ledger/domain';

const MINUTES_PER_UNIT: Record<string, number> = { '': 1, m: 1, h: 60, d: 24 * 60 };

/**
 * `REMINDER_POLICY`: the defaults, changed kind by kind. Each part names a
 * kind and its delay per severity, `off` for none:
 * `STATUS_UPDATE_EXTERNAL=SEV1:15m,SEV2:30m,SEV3:1h;REPORT_DUE=SEV1:1d;NO_COMMANDER=off`.
 * A severity a part leaves out gets no reminder of that kind (SEV4 and SEV5
 * get one only when named). Delays in minutes (`m`, the default), hours or
 * days. `off` alone turns every reminder off.
 */
export function parseReminderPolicy(text: string): ReminderPolicy {
  if (text.trim() === 'off') return NO_REMINDERS;
  const policy: Record<ReminderKind, Partial<Record<Severity, number>>> = { ...DEFAULT_REMINDER_POLICY };
  for (const part of text.split(';').map((each) => each.trim()).filter(Boolean)) {
    const [kind, delays = ''] = part.split('=').map((each) => each.trim());
    if (!isReminderKind(kind)) throw new Error(`REMINDER_POLICY: ${JSON.stringify(kind)} is not a reminder kind (${Object.values(ReminderKind).join(', ')})`);
    policy[kind] = delays === 'off' ? {} : Object.fromEntries(delays.split(',').map((delay) => severityDelay(kind, delay)));
  }
  return policy;
}

const NO_REMINDERS = Object.fromEntries(Object.values(ReminderKind).map((kind) => [kind, {}])) as ReminderPolicy;

/** Whether a policy sends any reminder at all: without one, the planner does not run. */
export function remindsAtAll(policy: ReminderPolicy): boolean {
  return Object.values(policy).some((delays) => Object.keys(delays).length > 0);
}

/** What is wrong with a REMINDER_POLICY, or null when it reads. */
export function reminderPolicyProblem(text: string): string | null {
  try {
    parseReminderPolicy(text);
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

function severityDelay(kind: ReminderKind, text: string): [Severity, number] {
  const match = /^\s*(SEV[1-5])\s*:\s*(\d+(?:\.\d+)?)\s*(m|h|d)?\s*$/.exec(text);
  if (!match || !isSeverity(match[1])) throw new Error(`REMINDER_POLICY: ${kind}: ${JSON.stringify(text)} is not a severity and delay such as SEV1:30m, SEV2:2h or SEV3:2d (or off)`);
  return [match[1], Number(match[2]) * MINUTES_PER_UNIT[match[3] ?? '']];
}
