import {
  ActionItemPriority,
  ActionItemSource,
  ActionItemStatus,
  ActionItemType,
  INCIDENT_EVENT_TYPES,
  ReportStatus,
  ReminderKind,
  IncidentKind,
  IncidentStatus,
  IncidentTimestamp,
  IncidentWarningCode,
  ResponderRole,
  Severity,
  SEVERITY_DESCRIPTIONS,
} from '@incident-ledger/domain';
import { registerEnumType } from '@nestjs/graphql';

registerEnumType(Severity, {
  name: 'Severity',
  description: 'How bad it is. SEV1 to SEV3 start a full response (commander, scribe, communications); SEV4 and SEV5 do not.',
  valuesMap: Object.fromEntries(
    Object.entries(SEVERITY_DESCRIPTIONS).map(([severity, description]) => [severity, { description }]),
  ),
});

registerEnumType(IncidentStatus, {
  name: 'IncidentStatus',
  description:
    'Where the response stands. Forward moves may skip states; the only way back is reopening a RESOLVED incident to INVESTIGATING; CLOSED is final.',
  valuesMap: {
    INVESTIGATING: { description: 'The cause is not known yet.' },
    IDENTIFIED: { description: 'The cause is known; a fix is under way.' },
    MONITORING: { description: 'A fix or mitigation is in place and being watched: the impact is mitigated.' },
    RESOLVED: { description: 'The impact is over.' },
    CLOSED: { description: 'Follow-up is done; nothing more can change.' },
  },
});

registerEnumType(ResponderRole, {
  name: 'ResponderRole',
  description: 'A role in the response. Each role but SUBJECT_MATTER_EXPERT has one holder at a time.',
  valuesMap: {
    INCIDENT_COMMANDER: { description: 'Runs the response and makes the calls.' },
    SCRIBE: { description: 'Keeps the timeline.' },
    COMMUNICATIONS_LEAD: { description: 'Writes the internal and external status updates.' },
    SUBJECT_MATTER_EXPERT: { description: 'Knows the affected system; any number of them.' },
  },
});

registerEnumType(IncidentKind, {
  name: 'IncidentKind',
  description: 'A real incident or a practice one.',
  valuesMap: {
    NORMAL: { description: 'A real incident.' },
    DRILL: { description: 'Practice, run with the same tools and roles: kept out of production metrics and reported apart.' },
  },
});

registerEnumType(IncidentTimestamp, {
  name: 'IncidentTimestamp',
  description: 'A moment of the incident that the metrics measure from or to, and that can be corrected.',
  valuesMap: {
    IMPACT_STARTED: { description: 'When users were first affected (impactStartedAt).' },
    DETECTED: { description: 'When the problem was noticed (detectedAt).' },
    ACKNOWLEDGED: { description: 'When a responder acknowledged it (acknowledgedAt).' },
    MITIGATED: { description: 'When the impact was mitigated (mitigatedAt).' },
    RESOLVED: { description: 'When the impact ended (resolvedAt).' },
  },
});

registerEnumType(IncidentWarningCode, {
  name: 'IncidentWarningCode',
  description: 'What looks wrong about an incident.',
  valuesMap: {
    LONG_BEFORE_DECLARATION: {
      description: 'A moment lies more than 7 days before the declaration: most likely a wrong date, and the metrics measure from it.',
    },
  },
});

export enum StatusUpdateAudienceEnum {
  INTERNAL = 'INTERNAL',
  EXTERNAL = 'EXTERNAL',
}

registerEnumType(StatusUpdateAudienceEnum, {
  name: 'StatusUpdateAudience',
  valuesMap: {
    INTERNAL: { description: 'For the organisation: stakeholders, support, leadership.' },
    EXTERNAL: { description: 'For customers: what the public status page shows.' },
  },
});

/** The kind of a timeline entry: the name of the event it tells. */
export const TimelineEntryType = Object.fromEntries(INCIDENT_EVENT_TYPES.map((type) => [type, type])) as {
  [K in (typeof INCIDENT_EVENT_TYPES)[number]]: K;
};

registerEnumType(TimelineEntryType, { name: 'TimelineEntryType', description: 'What happened in a timeline entry.' });

registerEnumType(ReportStatus, {
  name: 'ReportStatus',
  valuesMap: {
    DRAFT: { description: 'Being written; a change to a published report makes it a draft again until it is republished.' },
    PUBLISHED: { description: 'Reviewed and shared.' },
  },
});

registerEnumType(ActionItemPriority, { name: 'ActionItemPriority' });

registerEnumType(ReminderKind, {
  name: 'ReminderKind',
  description: 'What a process reminder asks for (README, "Process reminders").',
  valuesMap: {
    NO_COMMANDER: { description: 'A SEV1–SEV3 incident still has no incident commander after its declaration; to whoever declared it.' },
    STATUS_UPDATE_EXTERNAL: { description: 'No EXTERNAL status update for a while, the incident unresolved; to the communications lead, else the commander.' },
    STATUS_UPDATE_INTERNAL: { description: 'No INTERNAL status update for a while, the incident unresolved; to the scribe, else the commander.' },
    REPORT_DUE: { description: 'Resolved, and the report is not published; to the commander.' },
    RESOLVED_NOT_CLOSED: { description: 'Resolved and not closed; to the commander.' },
    ACTION_ITEM_DUE_SOON: { description: 'An open action item is due soon; to its owner.' },
    ACTION_ITEM_OVERDUE: { description: 'An open action item is past its due date; to its owner.' },
  },
});

registerEnumType(ActionItemType, {
  name: 'ActionItemType',
  description: 'What the follow-up work is for.',
  valuesMap: {
    PREVENT: { description: 'Keep it from happening again.' },
    DETECT: { description: 'Notice it sooner.' },
    MITIGATE: { description: 'Limit the impact or end it faster.' },
    PROCESS: { description: 'Improve how the response itself runs.' },
  },
});

registerEnumType(ActionItemStatus, { name: 'ActionItemStatus' });

registerEnumType(ActionItemSource, {
  name: 'ActionItemSource',
  valuesMap: { INCIDENT: { description: 'Added while the incident ran.' }, REPORT: { description: 'Found by the incident report.' } },
});
