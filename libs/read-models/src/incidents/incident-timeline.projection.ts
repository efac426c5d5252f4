import { IncidentStatus, IncidentTimestamp, ReminderAddressee, ReminderKind, SEVERITY_DESCRIPTIONS, UNSEEN_INCIDENT } from '@incident-ledger/domain';
import { RecordedIncidentEvent, TimelineEntry } from './incident-view';

const TIMESTAMP_NAMES: Record<IncidentTimestamp, string> = {
  IMPACT_STARTED: 'impact start',
  DETECTED: 'detection',
  ACKNOWLEDGED: 'acknowledgement',
  MITIGATED: 'mitigation',
  RESOLVED: 'resolution',
};

const ROLE_NAMES: Record<string, string> = {
  INCIDENT_COMMANDER: 'incident commander',
  SCRIBE: 'scribe',
  COMMUNICATIONS_LEAD: 'communications lead',
  SUBJECT_MATTER_EXPERT: 'subject-matter expert',
};

const ADDRESSEE_NAMES: Record<ReminderAddressee, string> = { ...ROLE_NAMES, ACTION_ITEM_OWNER: 'action item owner', DECLARER: 'who declared it' } as Record<ReminderAddressee, string>;

/** What each reminder asks for, as the timeline and the notifications say it. */
export const REMINDER_TEXT: Record<ReminderKind, string> = {
  NO_COMMANDER: 'the incident has no commander',
  STATUS_UPDATE_EXTERNAL: 'an external status update is due',
  STATUS_UPDATE_INTERNAL: 'an internal status update is due',
  REPORT_DUE: 'the incident report is due',
  RESOLVED_NOT_CLOSED: 'the incident is resolved but not closed',
  ACTION_ITEM_DUE_SOON: 'an action item is due soon',
  ACTION_ITEM_OVERDUE: 'an action item is overdue',
};

/** The timeline projection: each incident event becomes one entry, told for people. Pure. */
export function toTimelineEntry(event: RecordedIncidentEvent): TimelineEntry {
  const base: TimelineEntry = {
    incidentId: event.data.incidentId,
    version: event.revision + 1,
    position: event.position,
    eventId: event.id,
    type: event.type,
    occurredAt: event.data.at,
    actor: event.data.by,
    summary: '',
    severity: null,
    previousSeverity: null,
    status: null,
    previousStatus: null,
    role: null,
    responder: null,
    previousResponder: null,
    text: null,
    audience: null,
    correctedTimestamp: null,
    correctedFrom: null,
    correctedTo: null,
    linkedIncidentId: null,
    actionItemId: null,
    tags: null,
    reminderKind: null,
    recipients: null,
    alertGroupId: null,
  };
  const by = event.data.by;
  switch (event.type) {
    case 'IncidentDeclared': {
      const { severity, title } = event.data;
      const what = event.data.kind === 'DRILL' ? 'drill' : 'incident';
      return {
        ...base,
        severity,
        status: IncidentStatus.INVESTIGATING,
        text: event.data.description,
        summary: `${by} declared a ${severity} ${what} (${SEVERITY_DESCRIPTIONS[severity].toLowerCase()}): ${title}`,
      };
    }
    case 'IncidentAcknowledged':
      return { ...base, summary: `${by} acknowledged the incident` };
    case 'IncidentSeverityChanged': {
      const { from, to, reason } = event.data;
      return {
        ...base,
        severity: to,
        previousSeverity: from,
        text: reason,
        summary: `${by} changed the severity from ${from} to ${to}${reason ? `: ${reason}` : ''}`,
      };
    }
    case 'IncidentStatusChanged': {
      const { from, to, note } = event.data;
      return {
        ...base,
        status: to,
        previousStatus: from,
        text: note,
        summary: `${by} moved the incident from ${from} to ${to}${note ? `: ${note}` : ''}`,
      };
    }
    case 'IncidentResolved': {
      const { from, summary } = event.data;
      return {
        ...base,
        status: IncidentStatus.RESOLVED,
        previousStatus: from,
        text: summary,
        summary: `${by} resolved the incident${summary ? `: ${summary}` : ''}`,
      };
    }
    case 'IncidentReopened':
      return {
        ...base,
        status: IncidentStatus.INVESTIGATING,
        previousStatus: IncidentStatus.RESOLVED,
        text: event.data.reason,
        summary: `${by} reopened the incident${event.data.reason ? `: ${event.data.reason}` : ''}`,
      };
    case 'IncidentClosed':
      return { ...base, status: IncidentStatus.CLOSED, summary: `${by} closed the incident` };
    case 'ResponderAssigned': {
      const { role, responder, previousResponder } = event.data;
      const handOver = previousResponder ? `, taking over from ${previousResponder}` : '';
      return {
        ...base,
        role,
        responder,
        previousResponder,
        summary: `${by} assigned ${responder} as ${ROLE_NAMES[role]}${handOver}`,
      };
    }
    case 'ResponderUnassigned': {
      const { role, responder } = event.data;
      return { ...base, role, responder, summary: `${by} removed ${responder} as ${ROLE_NAMES[role]}` };
    }
    case 'TimelineNoteAdded':
      return { ...base, text: event.data.text, summary: `${by} noted: ${event.data.text}` };
    case 'IncidentVisibilityChanged':
      return {
        ...base,
        summary: event.data.private
          ? `${by} made the incident private: only its responders and admins see it`
          : `${by} made the incident public`,
      };
    case 'IncidentTimestampCorrected': {
      const { field, from, to, reason } = event.data;
      return {
        ...base,
        correctedTimestamp: field,
        correctedFrom: from,
        correctedTo: to,
        text: reason,
        summary: `${by} corrected the ${TIMESTAMP_NAMES[field]} time ${from ? `from ${from} ` : ''}to ${to}: ${reason}`,
      };
    }
    case 'IncidentTagsChanged': {
      const { added, removed } = event.data;
      const parts = [added.length ? `added ${added.join(', ')}` : '', removed.length ? `removed ${removed.join(', ')}` : ''].filter(Boolean);
      return { ...base, tags: added, summary: `${by} changed the tags: ${parts.join('; ')}` };
    }
    case 'IncidentMerged':
      return { ...base, status: IncidentStatus.CLOSED, linkedIncidentId: event.data.into, summary: mergeSummary(event.type, by, event.data.into) };
    case 'DuplicateLinked':
      return { ...base, linkedIncidentId: event.data.duplicateId, summary: mergeSummary(event.type, by, event.data.duplicateId) };
    case 'IncidentReportDrafted':
      return { ...base, summary: `${by} saved revision ${event.data.revision} of the incident report` };
    case 'IncidentReportPublished':
      return { ...base, summary: `${by} published revision ${event.data.revision} of the incident report` };
    case 'ActionItemAdded': {
      const { actionItemId, title, owner, dueAt } = event.data;
      return {
        ...base,
        actionItemId,
        text: title,
        responder: owner,
        summary: `${by} added an action item for ${owner}${dueAt ? `, due ${dueAt}` : ''}: ${title}`,
      };
    }
    case 'ActionItemCompleted':
      return { ...base, actionItemId: event.data.actionItemId, text: event.data.note, summary: `${by} completed action item ${event.data.actionItemId}` };
    case 'ActionItemReopened':
      return {
        ...base,
        actionItemId: event.data.actionItemId,
        text: event.data.reason,
        summary: `${by} reopened action item ${event.data.actionItemId}${event.data.reason ? `: ${event.data.reason}` : ''}`,
      };
    case 'ReminderSent': {
      const { reminderKind, actionItemId, addressedTo, recipients } = event.data;
      const to = recipients.length > 0 ? ` to ${recipients.join(', ')} (${ADDRESSEE_NAMES[addressedTo]})` : '';
      return { ...base, reminderKind, actionItemId, recipients, summary: `Reminder${to}: ${REMINDER_TEXT[reminderKind]}${actionItemId ? ` (${actionItemId})` : ''}` };
    }
    case 'ReminderSnoozed': {
      const { reminderKind, until } = event.data;
      return { ...base, reminderKind, summary: `${by} snoozed the reminder "${REMINDER_TEXT[reminderKind]}" until ${until}` };
    }
    case 'AlertGroupAttached': {
      const { alertGroupId, title, alertCount, firstTime } = event.data;
      return { ...base, alertGroupId, summary: `Alert group ${title} ${firstTime ? 'attached' : 'fired again'} (${alertCount} ${alertCount === 1 ? 'alert' : 'alerts'})` };
    }
    case 'AttachedAlertGroupResolved':
      return { ...base, alertGroupId: event.data.alertGroupId, summary: `Alert group ${event.data.title} resolved` };
    case 'EscalationStarted': {
      const { policyName, levels, repeat } = event.data;
      const rounds = repeat === 0 ? 'once' : `${repeat + 1} times`;
      return { ...base, summary: `Escalation started: policy ${policyName}, ${levels.length} ${levels.length === 1 ? 'level' : 'levels'}, ${rounds}` };
    }
    case 'ResponderPaged': {
      const { person, level, round, reason, via } = event.data;
      const where = reason === 'REASSIGN' ? 'reassigned to them' : `level ${level}${round !== null && round > 1 ? `, round ${round}` : ''}${reason === 'MANUAL' ? `, escalated by ${by}` : ''}`;
      return { ...base, summary: `Paged ${person} (${where}${via.length > 0 ? `; by ${via.join(', ').toLowerCase()}` : ''})` };
    }
    case 'EscalationLevelSkipped': {
      const { level, round, reason } = event.data;
      return { ...base, summary: `Escalation level ${level}${round > 1 ? ` (round ${round})` : ''} skipped: ${reason}` };
    }
    case 'EscalationExhausted': {
      const { rounds } = event.data;
      return { ...base, summary: `Nobody acknowledged: every level was paged ${rounds === 1 ? 'once' : `${rounds} times`}; the owning team is alarmed` };
    }
    case 'PageAcknowledged':
      return { ...base, summary: `${event.data.person} acknowledged their page` };
    case 'StatusUpdatePosted': {
      const { audience, message, status } = event.data;
      return {
        ...base,
        audience,
        status,
        text: message,
        summary: `${by} posted an ${audience.toLowerCase()} status update: ${message}`,
      };
    }
  }
}

/** A merge told from either side: `other` is the other incident's id, or how to name it to whoever may not see it. */
function mergeSummary(type: 'IncidentMerged' | 'DuplicateLinked', by: string, other: string): string {
  return type === 'IncidentMerged' ? `${by} merged this incident into ${other} as a duplicate` : `${by} merged ${other} into this incident as a duplicate`;
}

/**
 * The entry as told to a reader: a merge with an incident they may not see
 * names it neither in `linkedIncidentId` nor in the summary. Decided when
 * read, so the entry shows the id once the reader may see that incident.
 */
export function hidingUnseenLinks(sees: (incidentId: string) => boolean): (entry: TimelineEntry) => TimelineEntry {
  return (entry) => {
    if (entry.linkedIncidentId === null || sees(entry.linkedIncidentId)) return entry;
    const type = entry.type as 'IncidentMerged' | 'DuplicateLinked';
    return { ...entry, linkedIncidentId: null, summary: mergeSummary(type, entry.actor, UNSEEN_INCIDENT) };
  };
}
