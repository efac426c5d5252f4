import { StatusUpdateAudience } from './incident.events';
import { IncidentStatus } from './incident-status';
import { IncidentTimestamp } from './incident-timestamp';
import { IncidentKind } from './incident-kind';
import { ResponderRole } from './responder-role';
import { Severity } from './severity';
import { ReportContent } from './incident-report';
import { ActionItemPriority, ActionItemSource, ActionItemType } from './action-item';
import type { ReminderKind } from './incident-reminders';
import type { AlertLink } from '../alerting/alert.types';
import type { EscalationPlan, PageOrder } from '../escalation/escalation.types';

interface IncidentCommandBase {
  incidentId: string;
  /** Who issues the command; recorded as `by` on every event it produces. */
  actor: string;
}

export interface DeclareIncident extends IncidentCommandBase {
  type: 'DeclareIncident';
  title: string;
  description?: string | null;
  severity: Severity;
  services?: string[];
  impactStartedAt?: Date | null;
  detectedAt?: Date | null;
  /** Optionally name the incident commander at declaration. */
  commander?: string | null;
  /** Visible only to its responders (and admins), as for a security incident. */
  private?: boolean;
  /** NORMAL by default; DRILL for practice. */
  kind?: IncidentKind;
  tags?: string[];
}

export interface ChangeIncidentVisibility extends IncidentCommandBase {
  type: 'ChangeIncidentVisibility';
  private: boolean;
}

export interface AcknowledgeIncident extends IncidentCommandBase {
  type: 'AcknowledgeIncident';
}

export interface ChangeIncidentSeverity extends IncidentCommandBase {
  type: 'ChangeIncidentSeverity';
  severity: Severity;
  reason?: string | null;
}

/** The policy the server applies on close: which severities need a published report first (none by default). */
interface ClosePolicy {
  reportRequiredFor?: readonly Severity[];
}

export interface ChangeIncidentStatus extends IncidentCommandBase, ClosePolicy {
  type: 'ChangeIncidentStatus';
  status: IncidentStatus;
  /** A note kept with the change: the resolution summary or the reason to reopen. */
  note?: string | null;
}

export interface ResolveIncident extends IncidentCommandBase {
  type: 'ResolveIncident';
  summary?: string | null;
}

export interface ReopenIncident extends IncidentCommandBase {
  type: 'ReopenIncident';
  reason?: string | null;
}

export interface CloseIncident extends IncidentCommandBase, ClosePolicy {
  type: 'CloseIncident';
}

export interface AssignResponder extends IncidentCommandBase {
  type: 'AssignResponder';
  role: ResponderRole;
  responder: string;
}

export interface UnassignResponder extends IncidentCommandBase {
  type: 'UnassignResponder';
  role: ResponderRole;
  responder: string;
}

export interface AddTimelineNote extends IncidentCommandBase {
  type: 'AddTimelineNote';
  text: string;
}

export interface PostStatusUpdate extends IncidentCommandBase {
  type: 'PostStatusUpdate';
  audience: StatusUpdateAudience;
  message: string;
}

/** Sets a moment of the incident right, with the reason; allowed on closed incidents too (reviews come after). */
export interface CorrectIncidentTimestamp extends IncidentCommandBase {
  type: 'CorrectIncidentTimestamp';
  field: IncidentTimestamp;
  to: Date;
  reason: string;
}

export interface ChangeIncidentTags extends IncidentCommandBase {
  type: 'ChangeIncidentTags';
  add?: string[];
  remove?: string[];
}

/** Marks this incident a duplicate of `into`: it is closed and stops counting. */
export interface MergeIncident extends IncidentCommandBase {
  type: 'MergeIncident';
  into: string;
}

/** Records on the surviving incident that `duplicateId` was merged into it. */
export interface LinkDuplicate extends IncidentCommandBase {
  type: 'LinkDuplicate';
  duplicateId: string;
}

/** Saves the report as a new draft; sections left out keep their text, null clears one. */
export interface SaveIncidentReport extends IncidentCommandBase {
  type: 'SaveIncidentReport';
  internal?: Partial<ReportContent>;
  external?: Partial<ReportContent>;
  causeTags?: string[];
}

export interface PublishIncidentReport extends IncidentCommandBase {
  type: 'PublishIncidentReport';
}

export interface AddActionItem extends IncidentCommandBase {
  type: 'AddActionItem';
  actionItemId: string;
  title: string;
  owner: string;
  dueAt?: Date | null;
  priority?: ActionItemPriority;
  actionType: ActionItemType;
  source?: ActionItemSource;
}

export interface CompleteActionItem extends IncidentCommandBase {
  type: 'CompleteActionItem';
  actionItemId: string;
  note?: string | null;
}

export interface ReopenActionItem extends IncidentCommandBase {
  type: 'ReopenActionItem';
  actionItemId: string;
  reason?: string | null;
}

/** Sends a reminder the reminder process planned (see incident-reminders.ts); refused as REMINDER_NOT_DUE once it is no longer due. */
export interface SendReminder extends IncidentCommandBase {
  type: 'SendReminder';
  reminderKind: ReminderKind;
  actionItemId: string | null;
  /** Since when its condition held when it was planned. */
  since: string;
  dueAt: string;
}

/** Postpones reminders of one kind on this incident. */
export interface SnoozeReminder extends IncidentCommandBase {
  type: 'SnoozeReminder';
  reminderKind: ReminderKind;
  until: Date;
}

/**
 * An alert group of the alerting context fired for this incident: the process that declared the incident from it,
 * or that sees it fire again while the incident is open, attaches it. Refused once the incident is resolved
 * (INCIDENT_NOT_OPEN): a group firing after that declares a new incident.
 */
export interface AttachAlertGroup extends IncidentCommandBase {
  type: 'AttachAlertGroup';
  alertGroupId: string;
  integrationId: string;
  title: string;
  /** How many alerts the group holds now. */
  alertCount: number;
  links: AlertLink[];
}

/** An attached alert group's alerts all resolved: a fact about the alerts, recorded whatever the incident's status. */
export interface RecordAlertGroupResolved extends IncidentCommandBase {
  type: 'RecordAlertGroupResolved';
  alertGroupId: string;
}

/**
 * Step `step` of the incident's escalation (from 1; the next one, or it is
 * refused as ESCALATION_MOVED_ON: a late or doubled timer changes nothing).
 * The first step carries the plan it follows; `pages` are the people its
 * level's targets name now (none: the level is skipped, saying why).
 */
export interface EscalateIncident extends IncidentCommandBase {
  type: 'EscalateIncident';
  step: number;
  start: EscalationPlan | null;
  pages: PageOrder[];
  /** Why nobody is paged, when `pages` is empty ("nobody is on call on schedule primary"). */
  skipReason: string | null;
  /** By a person (escalateIncident), not by the plan's timer. */
  manual: boolean;
}

/** Pages a person chosen by hand; the escalation, if any, goes on as it was. */
export interface ReassignIncident extends IncidentCommandBase {
  type: 'ReassignIncident';
  page: PageOrder;
}

/** A paged person acknowledges through their page's link: once per page. */
export interface AcknowledgePage extends IncidentCommandBase {
  type: 'AcknowledgePage';
  pageId: string;
}

export type IncidentCommand =
  | DeclareIncident
  | AcknowledgeIncident
  | ChangeIncidentSeverity
  | ChangeIncidentStatus
  | ResolveIncident
  | ReopenIncident
  | CloseIncident
  | AssignResponder
  | UnassignResponder
  | AddTimelineNote
  | PostStatusUpdate
  | ChangeIncidentVisibility
  | CorrectIncidentTimestamp
  | ChangeIncidentTags
  | MergeIncident
  | LinkDuplicate
  | SaveIncidentReport
  | PublishIncidentReport
  | AddActionItem
  | CompleteActionItem
  | ReopenActionItem
  | SendReminder
  | SnoozeReminder
  | AttachAlertGroup
  | RecordAlertGroupResolved
  | EscalateIncident
  | ReassignIncident
  | AcknowledgePage;
