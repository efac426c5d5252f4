import { DomainError, invalidInput } from '../shared/domain-error';
import { ActionItemStatus } from './action-item';
import { SendReminder, SnoozeReminder } from './incident.commands';
import { assertValidInstant, factOf } from './incident-decision';
import { IncidentEvent, ReminderSent, ReminderSnoozed, StatusUpdateAudience } from './incident.events';
import { ReportStatus } from './incident-report';
import { DeclaredState, IncidentState } from './incident.state';
import { IncidentStatus, isActiveStatus } from './incident-status';
import { IncidentTimestamp } from './incident-timestamp';
import { ResponderRole } from './responder-role';
import { Severity } from './severity';

/**
 * What the response process expects and a reminder asks for. The names are
 * part of the storage format.
 */
export enum ReminderKind {
  /** A SEV1–SEV3 incident still has no commander some minutes after it was declared. */
  NO_COMMANDER = 'NO_COMMANDER',
  /** No EXTERNAL status update for a while, the incident unresolved: to the communications lead. */
  STATUS_UPDATE_EXTERNAL = 'STATUS_UPDATE_EXTERNAL',
  /** No INTERNAL status update for a while: to the scribe. */
  STATUS_UPDATE_INTERNAL = 'STATUS_UPDATE_INTERNAL',
  /** Resolved, and the report still unpublished: to the commander. */
  REPORT_DUE = 'REPORT_DUE',
  /** Resolved and never closed: to the commander. */
  RESOLVED_NOT_CLOSED = 'RESOLVED_NOT_CLOSED',
  /** An open action item's due date is near: to its owner. */
  ACTION_ITEM_DUE_SOON = 'ACTION_ITEM_DUE_SOON',
  /** An open action item is past its due date: to its owner. */
  ACTION_ITEM_OVERDUE = 'ACTION_ITEM_OVERDUE',
}

export function isReminderKind(value: unknown): value is ReminderKind {
  return Object.values(ReminderKind).includes(value as ReminderKind);
}

/** Reminders about one action item each; the others are about the incident. */
const ACTION_ITEM_KINDS: ReadonlySet<ReminderKind> = new Set([ReminderKind.ACTION_ITEM_DUE_SOON, ReminderKind.ACTION_ITEM_OVERDUE]);

/** Reminders sent again every interval while their condition holds; the others are sent once per condition. */
const REPEATING_KINDS: ReadonlySet<ReminderKind> = new Set([ReminderKind.STATUS_UPDATE_EXTERNAL, ReminderKind.STATUS_UPDATE_INTERNAL]);

const AUDIENCE_OF: Partial<Record<ReminderKind, StatusUpdateAudience>> = {
  [ReminderKind.STATUS_UPDATE_EXTERNAL]: 'EXTERNAL',
  [ReminderKind.STATUS_UPDATE_INTERNAL]: 'INTERNAL',
};

/** Who a reminder is addressed to: a role, an action item's owner, or whoever declared the incident. */
export type ReminderAddressee = ResponderRole | 'ACTION_ITEM_OWNER' | 'DECLARER';

/**
 * The roles a reminder is addressed to, first choice first; an empty role
 * passes it on, and whoever declared the incident is the last resort.
 */
const ADDRESSED_TO: Record<ReminderKind, readonly ReminderAddressee[]> = {
  [ReminderKind.NO_COMMANDER]: ['DECLARER'],
  [ReminderKind.STATUS_UPDATE_EXTERNAL]: [ResponderRole.COMMUNICATIONS_LEAD, ResponderRole.INCIDENT_COMMANDER, 'DECLARER'],
  [ReminderKind.STATUS_UPDATE_INTERNAL]: [ResponderRole.SCRIBE, ResponderRole.INCIDENT_COMMANDER, 'DECLARER'],
  [ReminderKind.REPORT_DUE]: [ResponderRole.INCIDENT_COMMANDER, 'DECLARER'],
  [ReminderKind.RESOLVED_NOT_CLOSED]: [ResponderRole.INCIDENT_COMMANDER, 'DECLARER'],
  [ReminderKind.ACTION_ITEM_DUE_SOON]: ['ACTION_ITEM_OWNER'],
  [ReminderKind.ACTION_ITEM_OVERDUE]: ['ACTION_ITEM_OWNER'],
};

/** What the reminders need to know of an incident, beyond the rest of its state. */
export interface ReminderState {
  declaredAt: string;
  /** The last status update to each audience. */
  lastUpdateAt: Readonly<Record<StatusUpdateAudience, string | null>>;
  actionItems: Readonly<Record<string, { owner: string; dueAt: string | null; addedAt: string }>>;
  /** The last reminder of each kind and subject (see reminderKey): when, and for the condition that held since when. */
  sent: Readonly<Record<string, { at: string; since: string }>>;
  /** Reminders of a kind are not sent before this time. */
  snoozedUntil: Readonly<Partial<Record<ReminderKind, string>>>;
}

export function initialReminderState(declaredAt: string): ReminderState {
  return { declaredAt, lastUpdateAt: { INTERNAL: null, EXTERNAL: null }, actionItems: {}, sent: {}, snoozedUntil: {} };
}

/**
 * After how many minutes a reminder falls due, per severity; a severity
 * missing from a kind gets none of it. For ACTION_ITEM_DUE_SOON, the minutes
 * before the item's due date.
 */
export type ReminderPolicy = Readonly<Record<ReminderKind, Readonly<Partial<Record<Severity, number>>>>>;

const FULL_RESPONSE = (minutes: number): Partial<Record<Severity, number>> => ({ [Severity.SEV1]: minutes, [Severity.SEV2]: minutes, [Severity.SEV3]: minutes });

/**
 * The defaults: only SEV1–SEV3 start a full response, so only they are
 * reminded. Status updates every 30 / 60 / 120 minutes by severity (Netflix
 * Dispatch sends its tactical report reminders every 2 / 6 / 12 hours; a
 * customer-facing status page goes stale sooner), a commander within 5
 * minutes, the report 2 days after the resolution, the close after 3 days,
 * an action item a day before it is due and when it is.
 */
export const DEFAULT_REMINDER_POLICY: ReminderPolicy = {
  [ReminderKind.NO_COMMANDER]: FULL_RESPONSE(5),
  [ReminderKind.STATUS_UPDATE_EXTERNAL]: { [Severity.SEV1]: 30, [Severity.SEV2]: 60, [Severity.SEV3]: 120 },
  [ReminderKind.STATUS_UPDATE_INTERNAL]: { [Severity.SEV1]: 30, [Severity.SEV2]: 60, [Severity.SEV3]: 120 },
  [ReminderKind.REPORT_DUE]: FULL_RESPONSE(2 * 24 * 60),
  [ReminderKind.RESOLVED_NOT_CLOSED]: FULL_RESPONSE(3 * 24 * 60),
  [ReminderKind.ACTION_ITEM_DUE_SOON]: FULL_RESPONSE(24 * 60),
  [ReminderKind.ACTION_ITEM_OVERDUE]: FULL_RESPONSE(0),
};

/** One reminder the process expects next: of what, about which action item, for the condition that holds since when, due when. */
export interface PlannedReminder {
  kind: ReminderKind;
  actionItemId: string | null;
  since: string;
  dueAt: string;
}

/** Reminders of one kind and subject share a key: a reminder sent under it answers the condition once (or for one interval). */
export function reminderKey(kind: ReminderKind, actionItemId: string | null): string {
  return actionItemId === null ? kind : `${kind}:${actionItemId}`;
}

/**
 * Since when a reminder's condition holds, or null when it does not: the
 * incident is unresolved and has no commander (since its declaration); no
 * update to an audience since the last one (or the declaration); resolved
 * with the report unpublished, or not closed (since the resolution); an
 * action item open (since its due date). The planner and the decider both
 * ask this, so a reminder is never sent once its condition is met.
 */
export function reminderCondition(state: DeclaredState, kind: ReminderKind, actionItemId: string | null): string | null {
  const resolvedAt = state.times[IncidentTimestamp.RESOLVED];
  switch (kind) {
    case ReminderKind.NO_COMMANDER:
      return isActiveStatus(state.status) && state.holders[ResponderRole.INCIDENT_COMMANDER] === null ? state.reminders.declaredAt : null;
    case ReminderKind.STATUS_UPDATE_EXTERNAL:
    case ReminderKind.STATUS_UPDATE_INTERNAL:
      return isActiveStatus(state.status) ? (state.reminders.lastUpdateAt[AUDIENCE_OF[kind] as StatusUpdateAudience] ?? state.reminders.declaredAt) : null;
    case ReminderKind.REPORT_DUE:
      return !isActiveStatus(state.status) && state.report?.status !== ReportStatus.PUBLISHED ? resolvedAt : null;
    case ReminderKind.RESOLVED_NOT_CLOSED:
      return state.status === IncidentStatus.RESOLVED ? resolvedAt : null;
    case ReminderKind.ACTION_ITEM_DUE_SOON:
    case ReminderKind.ACTION_ITEM_OVERDUE:
      return actionItemId !== null && state.actionItems[actionItemId] === ActionItemStatus.OPEN ? (state.reminders.actionItems[actionItemId]?.dueAt ?? null) : null;
  }
}

/**
 * The reminders an incident is due next under a policy, at most one per kind
 * and subject: what the reminder process keeps a timer for. None for an
 * incident merged into another, nor for severities the policy leaves out.
 */
export function plannedReminders(state: IncidentState, policy: ReminderPolicy): PlannedReminder[] {
  if (!state.declared || state.mergedInto !== null) return [];
  const planned: PlannedReminder[] = [];
  for (const kind of Object.values(ReminderKind)) {
    const minutes = policy[kind][state.severity];
    if (minutes === undefined) continue;
    const subjects = ACTION_ITEM_KINDS.has(kind) ? Object.keys(state.reminders.actionItems) : [null];
    for (const actionItemId of subjects) {
      const next = nextReminder(state, kind, actionItemId, minutes);
      if (next) planned.push(next);
    }
  }
  return planned;
}

function nextReminder(state: DeclaredState, kind: ReminderKind, actionItemId: string | null, minutes: number): PlannedReminder | null {
  const since = reminderCondition(state, kind, actionItemId);
  if (since === null) return null;
  let due: number;
  if (kind === ReminderKind.ACTION_ITEM_DUE_SOON) {
    due = Date.parse(since) - minutes * 60_000;
    // An item added already inside the warning window gets the overdue reminder only: its owner has just heard of it.
    if (due <= Date.parse(state.reminders.actionItems[actionItemId as string].addedAt)) return null;
  } else {
    const last = state.reminders.sent[reminderKey(kind, actionItemId)];
    const answered = last !== undefined && last.since === since;
    if (answered && !REPEATING_KINDS.has(kind)) return null;
    due = Date.parse(answered ? last.at : since) + minutes * 60_000;
  }
  const snoozedUntil = state.reminders.snoozedUntil[kind];
  if (snoozedUntil !== undefined) due = Math.max(due, Date.parse(snoozedUntil));
  return { kind, actionItemId, since, dueAt: new Date(due).toISOString() };
}

/** Who a reminder goes to: the first of its addressees that someone holds. */
export function reminderRecipient(state: DeclaredState, kind: ReminderKind, actionItemId: string | null): { addressedTo: ReminderAddressee; recipient: string } {
  for (const addressee of ADDRESSED_TO[kind]) {
    const holder = holderOf(state, addressee, actionItemId);
    if (holder !== null) return { addressedTo: addressee, recipient: holder };
  }
  return { addressedTo: 'DECLARER', recipient: state.declaredBy };
}

function holderOf(state: DeclaredState, addressee: ReminderAddressee, actionItemId: string | null): string | null {
  switch (addressee) {
    case 'DECLARER':
      return state.declaredBy;
    case 'ACTION_ITEM_OWNER':
      return actionItemId === null ? null : (state.reminders.actionItems[actionItemId]?.owner ?? null);
    case ResponderRole.SUBJECT_MATTER_EXPERT:
      return null;
    default:
      return state.holders[addressee];
  }
}

/** How long a reminder may be snoozed at most: a week. Longer is forgetting it, not postponing it. */
export const SNOOZE_MAX_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * Sends a reminder the process planned, if it is still due: its condition
 * holds since the same moment, it is not snoozed, and it was not sent
 * already (a repeating one, not since it fell due). Otherwise REMINDER_NOT_DUE,
 * so that a timer fired twice, or late, sends nothing.
 */
export function decideReminder(command: SendReminder | SnoozeReminder, state: DeclaredState, now: Date): IncidentEvent[] {
  const fact = factOf(command, now);
  if (command.type === 'SnoozeReminder') return [snooze(command, fact, now)];
  const { reminderKind: kind, actionItemId, since, dueAt } = command;
  const notDue = (why: string) => new DomainError('REMINDER_NOT_DUE', `The ${kind} reminder is not sent: ${why}`, { reminderKind: kind, actionItemId });
  if (reminderCondition(state, kind, actionItemId) !== since) throw notDue('its condition is met');
  if (now.getTime() < Date.parse(dueAt)) throw notDue(`it is due at ${dueAt}`);
  const snoozedUntil = state.reminders.snoozedUntil[kind];
  if (snoozedUntil !== undefined && Date.parse(snoozedUntil) > now.getTime()) throw notDue(`it is snoozed until ${snoozedUntil}`);
  const last = state.reminders.sent[reminderKey(kind, actionItemId)];
  if (last !== undefined && last.since === since && (!REPEATING_KINDS.has(kind) || Date.parse(dueAt) <= Date.parse(last.at))) throw notDue(`it was sent at ${last.at}`);
  const { addressedTo, recipient } = reminderRecipient(state, kind, actionItemId);
  const event: ReminderSent = { type: 'ReminderSent', data: { ...fact, reminderKind: kind, actionItemId, since, dueAt, addressedTo, recipients: [recipient] } };
  return [event];
}

function snooze(command: SnoozeReminder, fact: ReturnType<typeof factOf>, now: Date): ReminderSnoozed {
  if (!isReminderKind(command.reminderKind)) throw invalidInput('kind', `${String(command.reminderKind)} is not a reminder kind`);
  assertValidInstant('until', command.until);
  if (command.until.getTime() <= now.getTime()) throw invalidInput('until', 'until must be in the future');
  if (command.until.getTime() - now.getTime() > SNOOZE_MAX_MS) throw invalidInput('until', 'a reminder is snoozed for a week at most');
  return { type: 'ReminderSnoozed', data: { ...fact, reminderKind: command.reminderKind, until: command.until.toISOString() } };
}

/** The reminders' part of the state after an event of any lifecycle. */
export function evolveReminders(reminders: ReminderState, event: IncidentEvent): ReminderState {
  switch (event.type) {
    case 'StatusUpdatePosted':
      return { ...reminders, lastUpdateAt: { ...reminders.lastUpdateAt, [event.data.audience]: event.data.at } };
    case 'ActionItemAdded': {
      const { actionItemId, owner, dueAt, at } = event.data;
      return { ...reminders, actionItems: { ...reminders.actionItems, [actionItemId]: { owner, dueAt, addedAt: at } } };
    }
    case 'ReminderSent': {
      const { reminderKind, actionItemId, at, since } = event.data;
      return { ...reminders, sent: { ...reminders.sent, [reminderKey(reminderKind, actionItemId)]: { at, since } } };
    }
    case 'ReminderSnoozed':
      return { ...reminders, snoozedUntil: { ...reminders.snoozedUntil, [event.data.reminderKind]: event.data.until } };
    default:
      return reminders;
  }
}
