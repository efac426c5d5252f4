import { Clock, formatInstant, gaps, parseInstant, renderSchedule, ScheduleCommand, ScheduleState } from '@incident-ledger/domain';
import { OncallReadModel } from '@incident-ledger/read-models';
import { CommandContext } from '../commands/command-executor';
import { ScheduleCommandExecutor } from './schedule-command.executor';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** How far past the warning horizon a gap's end is looked for: a gap longer than that is told as open-ended. */
const GAP_END_LOOKAHEAD_DAYS = 30;
/** How often gaps are looked for, by the ledger's clock. */
const GAP_PASS_EVERY_MS = 60_000;

/** What the notices send: reminders so many hours before each shift, gap warnings so many days ahead (0: none). */
export interface OncallNoticePolicy {
  readonly shiftReminderHours: readonly number[];
  readonly gapWarningDays: number;
}

/** SHIFT_REMINDERS: `24h,1h` (hours before a shift, each a reminder), or `off`; a problem, or null when it reads. */
export function shiftRemindersProblem(value: string): string | null {
  if (value.trim() === 'off') return null;
  const parts = value.split(',').map((part) => part.trim());
  const bad = parts.find((part) => !/^\d{1,3}h$/.test(part) || Number(part.slice(0, -1)) < 1 || Number(part.slice(0, -1)) > 168);
  return bad === undefined ? null : `SHIFT_REMINDERS must be hours before a shift, 1h to 168h, comma-separated (such as 24h,1h), or off; ${JSON.stringify(bad)} is not`;
}

export function parseShiftReminders(value: string): number[] {
  if (value.trim() === 'off') return [];
  return [...new Set(value.split(',').map((part) => Number(part.trim().slice(0, -1))))].sort((a, b) => b - a);
}

/**
 * The on-call notices' process: each round, for every schedule, the shifts
 * about to start whose reminder is due (the latest lead due only: a server
 * that was down sends the 1-hour reminder, not a stale 24-hour one), and the
 * gaps that will open within the warning horizon. The schedule's decider
 * sends each once and re-checks that it is still so, so rounds, restarts and
 * a second server send nothing twice. Runs under the once-only lease.
 */
export class OncallNotices {
  /** What this process already decided (sent, or found sent): not asked again until its instant has passed. */
  private readonly decided = new Map<string, number>();
  /** When, by the ledger's clock, gaps were last looked for. */
  private gapsLookedAt = -Infinity;

  constructor(
    private readonly executor: ScheduleCommandExecutor,
    private readonly oncall: OncallReadModel,
    private readonly clock: Clock,
    private readonly policy: OncallNoticePolicy,
  ) {}

  get sendsAny(): boolean {
    return this.policy.shiftReminderHours.length > 0 || this.policy.gapWarningDays > 0;
  }

  async round(): Promise<void> {
    const now = this.clock.now().getTime();
    for (const [key, until] of this.decided) if (until <= now) this.decided.delete(key);
    // Gaps are looked for days ahead, over weeks of schedule: once a minute is soon enough, and every second would render each schedule's month each second.
    const gapsToo = now - this.gapsLookedAt >= GAP_PASS_EVERY_MS;
    if (gapsToo) this.gapsLookedAt = now;
    for (const schedule of this.oncall.schedules()) {
      await this.remind(schedule, now);
      if (gapsToo) await this.warnOfGaps(schedule, now);
    }
  }

  private async remind(schedule: ScheduleState, now: number): Promise<void> {
    const byDefault = this.policy.shiftReminderHours;
    // SHIFT_REMINDERS=off turns them off for everyone, whatever people chose.
    if (byDefault.length === 0) return;
    const longest = Math.max(byDefault[0], this.oncall.longestChosenReminderHours);
    const upcoming = renderSchedule(schedule.timeline, formatInstant(now), formatInstant(now + longest * HOUR_MS + 1)).final;
    for (const shift of upcoming) {
      const start = parseInstant(shift.from);
      const hours = this.oncall.shiftReminderHoursOf(shift.person) ?? byDefault;
      const due = hours.filter((lead) => start - lead * HOUR_MS <= now);
      if (start <= now || due.length === 0) continue;
      const hoursBefore = due[due.length - 1];
      await this.once(`shift:${JSON.stringify([schedule.scheduleId, shift.person, shift.from, hoursBefore])}`, start, {
        type: 'SendShiftReminder',
        scheduleId: schedule.scheduleId,
        person: shift.person,
        shiftFrom: shift.from,
        shiftTo: shift.to,
        hoursBefore,
        actor: ACTOR,
      });
    }
  }

  private async warnOfGaps(schedule: ScheduleState, now: number): Promise<void> {
    const days = this.policy.gapWarningDays;
    if (days === 0) return;
    const end = now + (days + GAP_END_LOOKAHEAD_DAYS) * DAY_MS;
    for (const gap of gaps(schedule.timeline, formatInstant(now), formatInstant(end))) {
      const start = parseInstant(gap.from);
      if (start <= now || start > now + days * DAY_MS) continue;
      const gapTo = parseInstant(gap.to) >= end ? null : gap.to;
      await this.once(`gap:${JSON.stringify([schedule.scheduleId, gap.from])}`, start, { type: 'WarnScheduleGap', scheduleId: schedule.scheduleId, gapFrom: gap.from, gapTo, actor: ACTOR });
    }
  }

  private async once(key: string, until: number, command: ScheduleCommand): Promise<void> {
    if (this.decided.has(key)) return;
    await this.executor.execute(command, NOTICES_CONTEXT);
    this.decided.set(key, until);
  }
}

const ACTOR = 'oncall-notices';
const NOTICES_CONTEXT: CommandContext = { actor: ACTOR, correlationId: 'oncall-notices' };
