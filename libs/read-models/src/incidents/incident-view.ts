import {
  ActionItemPriority,
  AlertLink,
  ActionItemSource,
  ActionItemStatus,
  ActionItemType,
  Decoded,
  IncidentEvent,
  IncidentKind,
  IncidentStatus,
  IncidentTimestamp,
  IncidentWarning,
  ReminderKind,
  ReportContent,
  ReportStatus,
  ResponderRole,
  Severity,
  StatusUpdateAudience,
  timestampWarnings,
} from '@incident-ledger/domain';
import { RecordedEvent } from '@incident-ledger/event-store';

/** An incident event as the projections take it: read from the store, decoded (upcast and checked) by `incidentEventCodec`. */
export type RecordedIncidentEvent = Decoded<RecordedEvent, IncidentEvent>;

export interface StatusUpdateView {
  audience: StatusUpdateAudience;
  message: string;
  status: IncidentStatus;
  postedAt: string;
  postedBy: string;
}

export interface IncidentReportView {
  revision: number;
  status: ReportStatus;
  internal: ReportContent;
  external: ReportContent;
  causeTags: string[];
  updatedAt: string;
  updatedBy: string;
  publishedAt: string | null;
  publishedBy: string | null;
}

export interface ActionItemView {
  id: string;
  incidentId: string;
  title: string;
  owner: string;
  dueAt: string | null;
  priority: ActionItemPriority;
  type: ActionItemType;
  source: ActionItemSource;
  status: ActionItemStatus;
  createdAt: string;
  createdBy: string;
  completedAt: string | null;
  completedBy: string | null;
}

/** An alert group attached to the incident, as its latest attachment left it. */
export interface AttachedAlertGroupView {
  alertGroupId: string;
  integrationId: string;
  title: string;
  alertCount: number;
  links: AlertLink[];
  /** The latest attachment: when the group fired again, that time. */
  attachedAt: string;
  /** Null while it fires; cleared when it fires again. */
  resolvedAt: string | null;
}

/** A stretch of time someone held a responder role: for responder load. `to` is null while they hold it. */
export interface Engagement {
  responder: string;
  role: ResponderRole;
  from: string;
  to: string | null;
}

/** An incident as responders see it: current state plus the first-class timestamps. */
export interface IncidentView {
  id: string;
  title: string;
  description: string | null;
  severity: Severity;
  /** The most severe level it has had: a SEV1 downgraded to SEV2 is still an incident that reached SEV1. */
  highestSeverity: Severity;
  status: IncidentStatus;
  services: string[];
  impactStartedAt: string | null;
  detectedAt: string;
  declaredAt: string;
  acknowledgedAt: string | null;
  /** First entry into MONITORING, or the resolution when MONITORING was skipped. */
  mitigatedAt: string | null;
  /** The latest resolution; cleared by a reopen. */
  resolvedAt: string | null;
  closedAt: string | null;
  declaredBy: string;
  acknowledgedBy: string | null;
  commander: string | null;
  scribe: string | null;
  communicationsLead: string | null;
  subjectMatterExperts: string[];
  resolutionSummary: string | null;
  /** Visible only to its members (who declared it, who holds a role in it) and admins. */
  private: boolean;
  /** NORMAL, or DRILL: practice, out of the production metrics. */
  kind: IncidentKind;
  tags: string[];
  /** The incident this one was merged into as a duplicate (it is then CLOSED and out of the metrics). */
  mergedInto: string | null;
  /** The incidents merged into this one. */
  duplicates: string[];
  report: IncidentReportView | null;
  actionItems: ActionItemView[];
  engagements: Engagement[];
  /** The alert groups attached, in the order they first were. */
  alertGroups: AttachedAlertGroupView[];
  latestInternalUpdate: StatusUpdateView | null;
  latestExternalUpdate: StatusUpdateView | null;
  /** How many events the incident has: the version to pass as `expectedVersion`. */
  version: number;
  /** Global position of the incident's last event. */
  position: number;
  updatedAt: string;
}

/** One entry of an incident's timeline: one event, told for people. */
export interface TimelineEntry {
  incidentId: string;
  /** The incident's version once this entry happened (1 for the declaration). */
  version: number;
  position: number;
  eventId: string;
  type: string;
  occurredAt: string;
  actor: string;
  summary: string;
  severity: Severity | null;
  previousSeverity: Severity | null;
  status: IncidentStatus | null;
  previousStatus: IncidentStatus | null;
  role: ResponderRole | null;
  responder: string | null;
  previousResponder: string | null;
  text: string | null;
  audience: StatusUpdateAudience | null;
  /** For a correction: which moment, and its time before and after. */
  correctedTimestamp: IncidentTimestamp | null;
  correctedFrom: string | null;
  correctedTo: string | null;
  /** For a merge: the other incident. */
  linkedIncidentId: string | null;
  actionItemId: string | null;
  /** For a tag change: the tags added. */
  tags: string[] | null;
  /** For a reminder sent or snoozed: of what. */
  reminderKind: ReminderKind | null;
  /** For a reminder sent: the people it went to. */
  recipients: string[] | null;
  /** For an alert group attached or resolved: which group. */
  alertGroupId: string | null;
}

/** Who may see the incident when it is private: who declared it and who holds a role in it now. */
export function incidentViewMembers(view: IncidentView): string[] {
  const holders = [view.commander, view.scribe, view.communicationsLead].filter((name): name is string => name !== null);
  return [...new Set([view.declaredBy, ...holders, ...view.subjectMatterExperts])];
}

/** The view's field for each of the incident's moments. */
export const TIMESTAMP_FIELD = {
  [IncidentTimestamp.IMPACT_STARTED]: 'impactStartedAt',
  [IncidentTimestamp.DETECTED]: 'detectedAt',
  [IncidentTimestamp.ACKNOWLEDGED]: 'acknowledgedAt',
  [IncidentTimestamp.MITIGATED]: 'mitigatedAt',
  [IncidentTimestamp.RESOLVED]: 'resolvedAt',
} as const satisfies Record<IncidentTimestamp, keyof IncidentView>;

/** What looks wrong in the incident's times as they stand now (see timestampWarnings). */
export function incidentViewWarnings(view: IncidentView): IncidentWarning[] {
  const moments = Object.fromEntries(Object.values(IncidentTimestamp).map((timestamp) => [timestamp, view[TIMESTAMP_FIELD[timestamp]]]));
  return timestampWarnings(view.declaredAt, moments as Record<IncidentTimestamp, string | null>);
}
