import { IncidentCommand } from './incident.commands';
import { IncidentEvent, IncidentEventType } from './incident.events';

/**
 * An incident lives two lifecycles in one stream. The **response** runs from
 * the declaration to the close: status, severity, roles, notes, status
 * updates, visibility, a merge into another incident. The **review** may start
 * during the response and goes on after the close: corrections of the
 * incident's moments, tags, links to duplicates, the report, action items.
 * The reminders the process sends about both are a third, apart: a reminder
 * makes no one's view stale. The alert groups monitoring attaches are a
 * fourth, for the same reason: a group firing again during a storm must not
 * make every responder's view stale. Paging is a fifth: pages and escalation
 * steps come while people work on the incident. Each command and each event belongs to
 * exactly one; adding one without saying which does not compile.
 */
export type Lifecycle = 'response' | 'review' | 'reminders' | 'alerts' | 'paging';

export const COMMAND_LIFECYCLE = {
  DeclareIncident: 'response',
  AcknowledgeIncident: 'response',
  ChangeIncidentSeverity: 'response',
  ChangeIncidentStatus: 'response',
  ResolveIncident: 'response',
  ReopenIncident: 'response',
  CloseIncident: 'response',
  AssignResponder: 'response',
  UnassignResponder: 'response',
  AddTimelineNote: 'response',
  PostStatusUpdate: 'response',
  ChangeIncidentVisibility: 'response',
  MergeIncident: 'response',
  CorrectIncidentTimestamp: 'review',
  ChangeIncidentTags: 'review',
  LinkDuplicate: 'review',
  SaveIncidentReport: 'review',
  PublishIncidentReport: 'review',
  AddActionItem: 'review',
  CompleteActionItem: 'review',
  ReopenActionItem: 'review',
  SendReminder: 'reminders',
  SnoozeReminder: 'reminders',
  AttachAlertGroup: 'alerts',
  RecordAlertGroupResolved: 'alerts',
  EscalateIncident: 'paging',
  ReassignIncident: 'paging',
  AcknowledgePage: 'paging',
} as const satisfies Record<IncidentCommand['type'], Lifecycle>;

export const EVENT_LIFECYCLE = {
  IncidentDeclared: 'response',
  IncidentAcknowledged: 'response',
  IncidentSeverityChanged: 'response',
  IncidentStatusChanged: 'response',
  IncidentResolved: 'response',
  IncidentReopened: 'response',
  IncidentClosed: 'response',
  ResponderAssigned: 'response',
  ResponderUnassigned: 'response',
  TimelineNoteAdded: 'response',
  StatusUpdatePosted: 'response',
  IncidentVisibilityChanged: 'response',
  IncidentMerged: 'response',
  IncidentTimestampCorrected: 'review',
  IncidentTagsChanged: 'review',
  DuplicateLinked: 'review',
  IncidentReportDrafted: 'review',
  IncidentReportPublished: 'review',
  ActionItemAdded: 'review',
  ActionItemCompleted: 'review',
  ActionItemReopened: 'review',
  ReminderSent: 'reminders',
  ReminderSnoozed: 'reminders',
  AlertGroupAttached: 'alerts',
  AttachedAlertGroupResolved: 'alerts',
  EscalationStarted: 'paging',
  ResponderPaged: 'paging',
  EscalationLevelSkipped: 'paging',
  EscalationExhausted: 'paging',
  PageAcknowledged: 'paging',
} as const satisfies Record<IncidentEventType, Lifecycle>;

/** The keys of `table` whose lifecycle is `lifecycle`. */
type TypesOf<Table, Of extends Lifecycle> = { [Type in keyof Table]: Table[Type] extends Of ? Type : never }[keyof Table];

export type ResponseCommand = Extract<IncidentCommand, { type: TypesOf<typeof COMMAND_LIFECYCLE, 'response'> }>;
export type ReviewCommand = Extract<IncidentCommand, { type: TypesOf<typeof COMMAND_LIFECYCLE, 'review'> }>;
export type ResponseEvent = Extract<IncidentEvent, { type: TypesOf<typeof EVENT_LIFECYCLE, 'response'> }>;
export type ReviewEvent = Extract<IncidentEvent, { type: TypesOf<typeof EVENT_LIFECYCLE, 'review'> }>;
export type ReminderCommand = Extract<IncidentCommand, { type: TypesOf<typeof COMMAND_LIFECYCLE, 'reminders'> }>;
export type ReminderEvent = Extract<IncidentEvent, { type: TypesOf<typeof EVENT_LIFECYCLE, 'reminders'> }>;
export type AlertCommand = Extract<IncidentCommand, { type: TypesOf<typeof COMMAND_LIFECYCLE, 'alerts'> }>;
export type AlertEvent = Extract<IncidentEvent, { type: TypesOf<typeof EVENT_LIFECYCLE, 'alerts'> }>;

export function isReviewCommand(command: IncidentCommand): command is ReviewCommand {
  return COMMAND_LIFECYCLE[command.type] === 'review';
}

export function isReminderCommand(command: IncidentCommand): command is ReminderCommand {
  return COMMAND_LIFECYCLE[command.type] === 'reminders';
}

export type PagingCommand = Extract<IncidentCommand, { type: TypesOf<typeof COMMAND_LIFECYCLE, 'paging'> }>;
export type PagingEvent = Extract<IncidentEvent, { type: TypesOf<typeof EVENT_LIFECYCLE, 'paging'> }>;

export function isPagingCommand(command: IncidentCommand): command is PagingCommand {
  return COMMAND_LIFECYCLE[command.type] === 'paging';
}

export function isPagingEvent(event: IncidentEvent): event is PagingEvent {
  return EVENT_LIFECYCLE[event.type] === 'paging';
}

export function isAlertCommand(command: IncidentCommand): command is AlertCommand {
  return COMMAND_LIFECYCLE[command.type] === 'alerts';
}

export function isAlertEvent(event: IncidentEvent): event is AlertEvent {
  return EVENT_LIFECYCLE[event.type] === 'alerts';
}

export function isReminderEvent(event: IncidentEvent): event is ReminderEvent {
  return EVENT_LIFECYCLE[event.type] === 'reminders';
}

export function isReviewEvent(event: IncidentEvent): event is ReviewEvent {
  return EVENT_LIFECYCLE[event.type] === 'review';
}

/**
 * Of the event types written since the version a client acted on, those that
 * make its command stale: the ones of the command's own lifecycle. A client
 * that sends `expectedVersion` vouches for what it saw of the part it is
 * changing: a responder's view of the status does not go stale because an
 * action item was completed, nor a reviewer's draft because the status moved.
 * (The decision itself is still made on the whole, current state.) A
 * correction of the incident's moments is stale after a response event that
 * moved them too. A type this code does not know, written by a newer server,
 * counts for both.
 */
export function conflictingChanges(command: IncidentCommand, writtenSince: readonly string[]): string[] {
  const lifecycle = COMMAND_LIFECYCLE[command.type];
  const lifecycleOf = EVENT_LIFECYCLE as Partial<Record<string, Lifecycle>>;
  const correctsMoments = command.type === 'CorrectIncidentTimestamp';
  return writtenSince.filter((type) => (lifecycleOf[type] ?? lifecycle) === lifecycle || (correctsMoments && SETS_MOMENTS.has(type)));
}

/**
 * The response's events that set (or clear) the moments a correction
 * rewrites: a correction made on a view from before a re-resolution, say,
 * would overwrite the newer time with one meant for the old.
 */
const SETS_MOMENTS: ReadonlySet<string> = new Set<IncidentEventType>([
  'IncidentAcknowledged',
  'IncidentStatusChanged',
  'IncidentResolved',
  'IncidentReopened',
  'IncidentClosed',
]);
