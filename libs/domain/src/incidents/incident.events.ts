import { IncidentStatus } from './incident-status';
import { IncidentTimestamp } from './incident-timestamp';
import { IncidentKind } from './incident-kind';
import { ResponderRole } from './responder-role';
import { Severity } from './severity';
import { ReportContent } from './incident-report';
import { ActionItemPriority, ActionItemSource, ActionItemType } from './action-item';
import type { ReminderAddressee, ReminderKind } from './incident-reminders';
import type { AlertLink } from '../alerting/alert.types';
import type { EscalationPlan, PageContact } from '../escalation/escalation.types';

/**
 * The facts of an incident, as stored. `type` strings are part of the storage
 * format: never rename them, add a new type or an upcaster instead.
 * Every event carries `at` (ISO-8601 instant it happened) and `by` (who did it).
 */
interface IncidentFact {
  incidentId: string;
  at: string;
  by: string;
}

export type StatusUpdateAudience = 'INTERNAL' | 'EXTERNAL';

export interface IncidentDeclared {
  type: 'IncidentDeclared';
  data: IncidentFact & {
    title: string;
    description: string | null;
    severity: Severity;
    services: string[];
    /** When users were first affected, if known; may precede detection. */
    impactStartedAt: string | null;
    /** When the problem was noticed (an alert, a report); defaults to the declaration. */
    detectedAt: string;
    /**
     * Visible only to its responders and admins. This field, `kind` and `tags` are always there since
     * version 2; declarations stored before they existed (version 1) are upcast by `incidentEventCodec`.
     */
    private: boolean;
    /** NORMAL or DRILL. */
    kind: IncidentKind;
    /** Labels for grouping (cause, area, team). */
    tags: string[];
  };
}

export interface IncidentVisibilityChanged {
  type: 'IncidentVisibilityChanged';
  data: IncidentFact & { private: boolean };
}

export interface IncidentAcknowledged {
  type: 'IncidentAcknowledged';
  data: IncidentFact;
}

export interface IncidentSeverityChanged {
  type: 'IncidentSeverityChanged';
  data: IncidentFact & { from: Severity; to: Severity; reason: string | null };
}

/** A forward move between active states (IDENTIFIED, MONITORING). */
export interface IncidentStatusChanged {
  type: 'IncidentStatusChanged';
  data: IncidentFact & { from: IncidentStatus; to: IncidentStatus; note: string | null };
}

export interface IncidentResolved {
  type: 'IncidentResolved';
  data: IncidentFact & { from: IncidentStatus; summary: string | null };
}

export interface IncidentReopened {
  type: 'IncidentReopened';
  data: IncidentFact & { reason: string | null };
}

export interface IncidentClosed {
  type: 'IncidentClosed';
  data: IncidentFact;
}

export interface ResponderAssigned {
  type: 'ResponderAssigned';
  data: IncidentFact & {
    role: ResponderRole;
    responder: string;
    /** The holder this assignment hands over from (single-holder roles only). */
    previousResponder: string | null;
  };
}

export interface ResponderUnassigned {
  type: 'ResponderUnassigned';
  data: IncidentFact & { role: ResponderRole; responder: string };
}

export interface TimelineNoteAdded {
  type: 'TimelineNoteAdded';
  data: IncidentFact & { text: string };
}

export interface StatusUpdatePosted {
  type: 'StatusUpdatePosted';
  data: IncidentFact & {
    audience: StatusUpdateAudience;
    message: string;
    /** The incident's status when the update was posted. */
    status: IncidentStatus;
  };
}

/** A moment of the incident set right after the fact; metrics use the corrected value. */
export interface IncidentTimestampCorrected {
  type: 'IncidentTimestampCorrected';
  data: IncidentFact & { field: IncidentTimestamp; from: string | null; to: string; reason: string };
}

export interface IncidentTagsChanged {
  type: 'IncidentTagsChanged';
  data: IncidentFact & { added: string[]; removed: string[] };
}

/** This incident was a duplicate of `into`: it is closed and stops counting; `into` gets a DuplicateLinked. */
export interface IncidentMerged {
  type: 'IncidentMerged';
  data: IncidentFact & { into: string };
}

/** The other side of a merge: `duplicateId` was merged into this incident. */
export interface DuplicateLinked {
  type: 'DuplicateLinked';
  data: IncidentFact & { duplicateId: string };
}

/** A new draft of the report, whole: both versions and the cause tags. */
export interface IncidentReportDrafted {
  type: 'IncidentReportDrafted';
  data: IncidentFact & { revision: number; internal: ReportContent; external: ReportContent; causeTags: string[] };
}

export interface IncidentReportPublished {
  type: 'IncidentReportPublished';
  data: IncidentFact & { revision: number };
}

export interface ActionItemAdded {
  type: 'ActionItemAdded';
  data: IncidentFact & {
    actionItemId: string;
    title: string;
    owner: string;
    dueAt: string | null;
    priority: ActionItemPriority;
    actionType: ActionItemType;
    source: ActionItemSource;
  };
}

export interface ActionItemCompleted {
  type: 'ActionItemCompleted';
  data: IncidentFact & { actionItemId: string; note: string | null };
}

export interface ActionItemReopened {
  type: 'ActionItemReopened';
  data: IncidentFact & { actionItemId: string; reason: string | null };
}

/**
 * The reminder process reminded someone of what the process expects (see
 * incident-reminders.ts): an entry on the timeline, and a notification.
 */
export interface ReminderSent {
  type: 'ReminderSent';
  data: IncidentFact & {
    reminderKind: ReminderKind;
    /** The action item it is about, for action item reminders. */
    actionItemId: string | null;
    /** Since when its condition held (the last status update, the resolution, the item's due date…). */
    since: string;
    /** When it fell due. */
    dueAt: string;
    addressedTo: ReminderAddressee;
    /** The people it went to. */
    recipients: string[];
  };
}

/** Reminders of one kind are postponed until a time. */
export interface ReminderSnoozed {
  type: 'ReminderSnoozed';
  data: IncidentFact & { reminderKind: ReminderKind; until: string };
}

/** An alert group of the alerting context was attached to the incident: the incident's side of "linked both ways". */
export interface AlertGroupAttached {
  type: 'AlertGroupAttached';
  data: IncidentFact & {
    alertGroupId: string;
    integrationId: string;
    title: string;
    /** How many alerts the group held when attached. */
    alertCount: number;
    /** The alerts' links (runbooks, dashboards, silences), as the group had them when attached. */
    links: AlertLink[];
    /** False when the group was attached to this incident before: it fired again. */
    firstTime: boolean;
  };
}

/** An attached alert group resolved; `title` is the one it was last attached with. */
export interface AttachedAlertGroupResolved {
  type: 'AttachedAlertGroupResolved';
  data: IncidentFact & { alertGroupId: string; title: string };
}

/** The escalation starts, following the plan it names (the policy as it was then). */
export interface EscalationStarted {
  type: 'EscalationStarted';
  data: IncidentFact & EscalationPlan;
}

/** Why a person was paged: a step of the escalation (by its timer, or moved on by hand), or a reassignment. */
export type PageReason = 'ESCALATION' | 'MANUAL' | 'REASSIGN';

/** A page: who, at which step, level and round of the escalation (null for a reassignment), and how it reaches them. */
export interface ResponderPaged {
  type: 'ResponderPaged';
  data: IncidentFact & { pageId: string; person: string; via: PageContact[]; step: number | null; level: number | null; round: number | null; reason: PageReason };
}

/** A step whose level named nobody to page (an empty rota, a team with no members): the next level follows at once. */
export interface EscalationLevelSkipped {
  type: 'EscalationLevelSkipped';
  data: IncidentFact & { step: number; level: number; round: number; reason: string };
}

/** Every level of every round was paged and nobody acknowledged: the owning team is alarmed. */
export interface EscalationExhausted {
  type: 'EscalationExhausted';
  data: IncidentFact & { step: number; rounds: number };
}

/** A paged person acknowledged through their page's link. */
export interface PageAcknowledged {
  type: 'PageAcknowledged';
  data: IncidentFact & { pageId: string; person: string };
}

export type IncidentEvent =
  | IncidentDeclared
  | IncidentAcknowledged
  | IncidentSeverityChanged
  | IncidentStatusChanged
  | IncidentResolved
  | IncidentReopened
  | IncidentClosed
  | ResponderAssigned
  | ResponderUnassigned
  | TimelineNoteAdded
  | StatusUpdatePosted
  | IncidentVisibilityChanged
  | IncidentTimestampCorrected
  | IncidentTagsChanged
  | IncidentMerged
  | DuplicateLinked
  | IncidentReportDrafted
  | IncidentReportPublished
  | ActionItemAdded
  | ActionItemCompleted
  | ActionItemReopened
  | ReminderSent
  | ReminderSnoozed
  | AlertGroupAttached
  | AttachedAlertGroupResolved
  | EscalationStarted
  | ResponderPaged
  | EscalationLevelSkipped
  | EscalationExhausted
  | PageAcknowledged;

export type IncidentEventType = IncidentEvent['type'];

export const INCIDENT_EVENT_TYPES: readonly IncidentEventType[] = [
  'IncidentDeclared',
  'IncidentAcknowledged',
  'IncidentSeverityChanged',
  'IncidentStatusChanged',
  'IncidentResolved',
  'IncidentReopened',
  'IncidentClosed',
  'ResponderAssigned',
  'ResponderUnassigned',
  'TimelineNoteAdded',
  'StatusUpdatePosted',
  'IncidentVisibilityChanged',
  'IncidentTimestampCorrected',
  'IncidentTagsChanged',
  'IncidentMerged',
  'DuplicateLinked',
  'IncidentReportDrafted',
  'IncidentReportPublished',
  'ActionItemAdded',
  'ActionItemCompleted',
  'ActionItemReopened',
  'ReminderSent',
  'ReminderSnoozed',
  'AlertGroupAttached',
  'AttachedAlertGroupResolved',
  'EscalationStarted',
  'ResponderPaged',
  'EscalationLevelSkipped',
  'EscalationExhausted',
  'PageAcknowledged',
];

/** Incidents live in streams named `incident-<id>`. */
export const INCIDENT_STREAM_PREFIX = 'incident-';

export function incidentStreamId(incidentId: string): string {
  return `${INCIDENT_STREAM_PREFIX}${incidentId}`;
}
