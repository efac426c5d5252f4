import { NotificationKind, NotificationMessage, ScheduleGapWarned, ShiftReminderSent, SubscriptionRecord, wallClock } from '@incident-ledger/domain';

/** The schedule events the notification outbox tells people and channels about. */
export type OncallNoticeEvent = ShiftReminderSent | ScheduleGapWarned;

export const ONCALL_NOTICE_TYPES: ReadonlySet<string> = new Set<OncallNoticeEvent['type']>(['ShiftReminderSent', 'ScheduleGapWarned']);

/** What a notice says of its schedule. */
export interface OncallNoticeSchedule {
  name: string;
  ownerTeam: string;
  timeZone: string;
}

export function oncallNoticeKind(event: OncallNoticeEvent): NotificationKind {
  return event.type === 'ShiftReminderSent' ? 'SHIFT_REMINDER' : 'ONCALL_GAP';
}

/** On-call notices are about a schedule, not an incident: a subscription filtered by severity or service hears none; an owner-team filter is the schedule's team. */
export function hearsOncallNotice(subscription: SubscriptionRecord, schedule: OncallNoticeSchedule): boolean {
  const { filter } = subscription;
  if (filter.severities.length > 0 || filter.services.length > 0) return false;
  return filter.ownerTeams.length === 0 || filter.ownerTeams.includes(schedule.ownerTeam);
}

/** The words of a notice, with times in the schedule's zone (as its hand-offs are written). */
export function oncallNoticeMessage(event: OncallNoticeEvent, schedule: OncallNoticeSchedule): NotificationMessage {
  const local = (instant: string) => `${wallClock(instant, schedule.timeZone)} ${schedule.timeZone}`;
  const common = { occurredAt: event.data.at, incident: null, actor: null, link: null };
  if (event.type === 'ShiftReminderSent') {
    const { person, shiftFrom, shiftTo, at } = event.data;
    return {
      ...common,
      type: 'oncall.shift_reminder',
      kind: 'SHIFT_REMINDER',
      summary: `${person}: your on-call shift on ${schedule.name} starts ${inHowLong(Date.parse(shiftFrom) - Date.parse(at))}, at ${local(shiftFrom)}`,
      detail: `On call from ${local(shiftFrom)} until ${local(shiftTo)}.`,
    };
  }
  const { gapFrom, gapTo } = event.data;
  return {
    ...common,
    type: 'oncall.gap_warning',
    kind: 'ONCALL_GAP',
    summary: `Nobody is on call on ${schedule.name} from ${local(gapFrom)}${gapTo ? ` until ${local(gapTo)}` : ''}`,
    detail: `Team ${schedule.ownerTeam}: add an override or change a layer so that someone is.`,
  };
}

/** "in 8 hours", "in 1 hour", "in 25 minutes": how long until a shift, as the reminder was sent (a late reminder says the truth). */
function inHowLong(ms: number): string {
  const minutes = Math.max(1, Math.round(ms / 60_000));
  if (minutes < 60) return `in ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}`;
  const hours = Math.round(minutes / 60);
  return `in ${hours} ${hours === 1 ? 'hour' : 'hours'}`;
}
