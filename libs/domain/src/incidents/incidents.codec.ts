import type { AlertLink } from '../alerting/alert.types';
import { eventCodec, field, FieldCheck, StoredData } from '../shared/event-codec';
import { ActionItemPriority, ActionItemSource, ActionItemType } from './action-item';
import { IncidentEvent } from './incident.events';
import { IncidentKind } from './incident-kind';
import { REPORT_SECTIONS, ReportContent } from './incident-report';
import { IncidentStatus } from './incident-status';
import { IncidentTimestamp } from './incident-timestamp';
import { ResponderRole } from './responder-role';
import { ReminderKind } from './incident-reminders';
import { Severity } from './severity';
import { ALERT_LINK_KINDS } from './incident-alert-groups';
import type { EscalationLevel, EscalationTarget } from '../escalation/escalation.types';

/** What every incident event carries. */
const fact = { incidentId: field.string, at: field.string, by: field.string };
const severity = field.oneOf(Object.values(Severity));
const status = field.oneOf(Object.values(IncidentStatus));
const role = field.oneOf(Object.values(ResponderRole));
const reminderKind = field.oneOf(Object.values(ReminderKind));
const alertLinks = field.objects<AlertLink>({ kind: field.oneOf(ALERT_LINK_KINDS), url: field.string, text: field.nullableString });
const reportContent = field.object<ReportContent>(
  Object.fromEntries(REPORT_SECTIONS.map((section) => [section, field.nullableString])) as Record<keyof ReportContent, FieldCheck>,
);

/**
 * IncidentDeclared, version 1 to 2: `private`, `kind` and `tags` came after
 * the first declarations, which were stored without them. Version 2 always
 * has them, so no reader needs to know what their absence meant.
 */
function declaredWithVisibilityKindAndTags(data: StoredData): StoredData {
  return { ...data, private: data.private ?? false, kind: data.kind ?? IncidentKind.NORMAL, tags: data.tags ?? [] };
}

/** The incidents context's events, as stored: their versions, upcasters and shapes. */
export const incidentEventCodec = eventCodec<IncidentEvent>({
  IncidentDeclared: {
    upcasters: [declaredWithVisibilityKindAndTags],
    shape: {
      ...fact,
      title: field.string,
      description: field.nullableString,
      severity,
      services: field.strings,
      impactStartedAt: field.nullableString,
      detectedAt: field.string,
      private: field.boolean,
      kind: field.oneOf(Object.values(IncidentKind)),
      tags: field.strings,
    },
  },
  IncidentAcknowledged: { shape: fact },
  IncidentSeverityChanged: { shape: { ...fact, from: severity, to: severity, reason: field.nullableString } },
  IncidentStatusChanged: { shape: { ...fact, from: status, to: status, note: field.nullableString } },
  IncidentResolved: { shape: { ...fact, from: status, summary: field.nullableString } },
  IncidentReopened: { shape: { ...fact, reason: field.nullableString } },
  IncidentClosed: { shape: fact },
  ResponderAssigned: { shape: { ...fact, role, responder: field.string, previousResponder: field.nullableString } },
  ResponderUnassigned: { shape: { ...fact, role, responder: field.string } },
  TimelineNoteAdded: { shape: { ...fact, text: field.string } },
  StatusUpdatePosted: { shape: { ...fact, audience: field.oneOf(['INTERNAL', 'EXTERNAL']), message: field.string, status } },
  IncidentVisibilityChanged: { shape: { ...fact, private: field.boolean } },
  IncidentTimestampCorrected: {
    shape: { ...fact, field: field.oneOf(Object.values(IncidentTimestamp)), from: field.nullableString, to: field.string, reason: field.string },
  },
  IncidentTagsChanged: { shape: { ...fact, added: field.strings, removed: field.strings } },
  IncidentMerged: { shape: { ...fact, into: field.string } },
  DuplicateLinked: { shape: { ...fact, duplicateId: field.string } },
  IncidentReportDrafted: { shape: { ...fact, revision: field.integer, internal: reportContent, external: reportContent, causeTags: field.strings } },
  IncidentReportPublished: { shape: { ...fact, revision: field.integer } },
  ActionItemAdded: {
    shape: {
      ...fact,
      actionItemId: field.string,
      title: field.string,
      owner: field.string,
      dueAt: field.nullableString,
      priority: field.oneOf(Object.values(ActionItemPriority)),
      actionType: field.oneOf(Object.values(ActionItemType)),
      source: field.oneOf(Object.values(ActionItemSource)),
    },
  },
  ActionItemCompleted: { shape: { ...fact, actionItemId: field.string, note: field.nullableString } },
  ActionItemReopened: { shape: { ...fact, actionItemId: field.string, reason: field.nullableString } },
  ReminderSent: {
    shape: {
      ...fact,
      reminderKind,
      actionItemId: field.nullableString,
      since: field.string,
      dueAt: field.string,
      addressedTo: field.oneOf([...Object.values(ResponderRole), 'ACTION_ITEM_OWNER', 'DECLARER']),
      recipients: field.strings,
    },
  },
  ReminderSnoozed: { shape: { ...fact, reminderKind, until: field.string } },
  AlertGroupAttached: {
    shape: { ...fact, alertGroupId: field.string, integrationId: field.string, title: field.string, alertCount: field.integer, links: alertLinks, firstTime: field.boolean },
  },
  AttachedAlertGroupResolved: { shape: { ...fact, alertGroupId: field.string, title: field.string } },
  EscalationStarted: {
    shape: {
      ...fact,
      policyId: field.string,
      policyName: field.string,
      levels: field.objects<EscalationLevel>({
        targets: field.objects<EscalationTarget>({ kind: field.oneOf(['SCHEDULE', 'PERSON', 'TEAM']), id: field.string, mode: field.nullable(field.oneOf(['ALL', 'ROUND_ROBIN'])) }),
        delayMinutes: field.integer,
      }),
      repeat: field.integer,
      turn: field.integer,
    },
  },
  ResponderPaged: {
    shape: {
      ...fact,
      pageId: field.string,
      person: field.string,
      via: field.strings,
      step: field.nullable(field.integer),
      level: field.nullable(field.integer),
      round: field.nullable(field.integer),
      reason: field.oneOf(['ESCALATION', 'MANUAL', 'REASSIGN']),
    },
  },
  EscalationLevelSkipped: { shape: { ...fact, step: field.integer, level: field.integer, round: field.integer, reason: field.string } },
  EscalationExhausted: { shape: { ...fact, step: field.integer, rounds: field.integer } },
  PageAcknowledged: { shape: { ...fact, pageId: field.string, person: field.string } },
});
