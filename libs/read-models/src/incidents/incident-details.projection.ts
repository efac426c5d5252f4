import {
  ActionItemStatus,
  AlertGroupAttached,
  applyTagChange,
  IncidentStatus,
  mitigatedAfter,
  moreSevere,
  ReportStatus,
  ResponderRole,
} from '@incident-ledger/domain';
import { ActionItemView, AttachedAlertGroupView, Engagement, IncidentView, RecordedIncidentEvent, TIMESTAMP_FIELD } from './incident-view';

const ROLE_FIELD = {
  [ResponderRole.INCIDENT_COMMANDER]: 'commander',
  [ResponderRole.SCRIBE]: 'scribe',
  [ResponderRole.COMMUNICATIONS_LEAD]: 'communicationsLead',
} as const;

/**
 * The incident details projection: pure, (view, event) -> view. The first
 * event must be the declaration; events of other streams never reach it.
 */
export function evolveIncidentView(
  view: IncidentView | undefined,
  event: RecordedIncidentEvent,
): IncidentView | undefined {
  const stamp = { version: event.revision + 1, position: event.position, updatedAt: event.data.at };
  if (event.type === 'IncidentDeclared') {
    const data = event.data;
    return {
      id: data.incidentId,
      title: data.title,
      description: data.description,
      severity: data.severity,
      highestSeverity: data.severity,
      status: IncidentStatus.INVESTIGATING,
      services: [...data.services],
      impactStartedAt: data.impactStartedAt,
      detectedAt: data.detectedAt,
      declaredAt: data.at,
      acknowledgedAt: null,
      mitigatedAt: null,
      resolvedAt: null,
      closedAt: null,
      declaredBy: data.by,
      acknowledgedBy: null,
      commander: null,
      scribe: null,
      communicationsLead: null,
      subjectMatterExperts: [],
      resolutionSummary: null,
      private: data.private,
      kind: data.kind,
      tags: [...data.tags],
      mergedInto: null,
      duplicates: [],
      report: null,
      actionItems: [],
      engagements: [],
      alertGroups: [],
      latestInternalUpdate: null,
      latestExternalUpdate: null,
      ...stamp,
    };
  }
  return view && evolveDeclaredView(view, event, stamp);
}

/** An event after the declaration: every type must say what it changes (the return type makes a forgotten one a compile error). */
function evolveDeclaredView(view: IncidentView, event: RecordedIncidentEvent, stamp: Pick<IncidentView, 'version' | 'position' | 'updatedAt'>): IncidentView {
  const next: IncidentView = { ...view, ...stamp };
  switch (event.type) {
    case 'IncidentDeclared':
      return view;
    case 'IncidentAcknowledged':
      return { ...next, acknowledgedAt: event.data.at, acknowledgedBy: event.data.by };
    case 'IncidentSeverityChanged':
      return { ...next, severity: event.data.to, highestSeverity: moreSevere(view.highestSeverity, event.data.to) };
    case 'IncidentStatusChanged':
      return {
        ...next,
        status: event.data.to,
        mitigatedAt: mitigatedAfter(view.mitigatedAt, event),
      };
    case 'IncidentResolved':
      return {
        ...next,
        status: IncidentStatus.RESOLVED,
        mitigatedAt: mitigatedAfter(view.mitigatedAt, event),
        resolvedAt: event.data.at,
        resolutionSummary: event.data.summary,
      };
    case 'IncidentReopened':
      return { ...next, status: IncidentStatus.INVESTIGATING, resolvedAt: null, resolutionSummary: null };
    case 'IncidentClosed':
      return { ...next, status: IncidentStatus.CLOSED, closedAt: event.data.at };
    case 'ResponderAssigned': {
      const { role, responder, previousResponder, at } = event.data;
      const handedOver = previousResponder ? endEngagement(view.engagements, previousResponder, role, at) : view.engagements;
      const engagements = [...handedOver, { responder, role, from: at, to: null }];
      if (role === ResponderRole.SUBJECT_MATTER_EXPERT) {
        return { ...next, engagements, subjectMatterExperts: [...view.subjectMatterExperts, responder] };
      }
      return { ...next, engagements, [ROLE_FIELD[role]]: responder };
    }
    case 'ResponderUnassigned': {
      const { role, responder, at } = event.data;
      const engagements = endEngagement(view.engagements, responder, role, at);
      if (role === ResponderRole.SUBJECT_MATTER_EXPERT) {
        return { ...next, engagements, subjectMatterExperts: view.subjectMatterExperts.filter((name) => name !== responder) };
      }
      return { ...next, engagements, [ROLE_FIELD[role]]: null };
    }
    case 'IncidentTagsChanged':
      return { ...next, tags: applyTagChange(view.tags, event.data) };
    case 'IncidentMerged':
      return { ...next, status: IncidentStatus.CLOSED, closedAt: event.data.at, mergedInto: event.data.into };
    case 'DuplicateLinked':
      return { ...next, duplicates: [...view.duplicates, event.data.duplicateId] };
    case 'IncidentReportDrafted': {
      const { revision, internal, external, causeTags, at, by } = event.data;
      return {
        ...next,
        report: { revision, status: ReportStatus.DRAFT, internal, external, causeTags, updatedAt: at, updatedBy: by, publishedAt: null, publishedBy: null },
      };
    }
    case 'IncidentReportPublished':
      if (!view.report) return next;
      return { ...next, report: { ...view.report, status: ReportStatus.PUBLISHED, publishedAt: event.data.at, publishedBy: event.data.by } };
    case 'ActionItemAdded': {
      const { actionItemId, title, owner, dueAt, priority, actionType, source, at, by } = event.data;
      const item: ActionItemView = {
        id: actionItemId,
        incidentId: view.id,
        title,
        owner,
        dueAt,
        priority,
        type: actionType,
        source,
        status: ActionItemStatus.OPEN,
        createdAt: at,
        createdBy: by,
        completedAt: null,
        completedBy: null,
      };
      return { ...next, actionItems: [...view.actionItems, item] };
    }
    case 'ActionItemCompleted': {
      const { actionItemId, at, by } = event.data;
      return { ...next, actionItems: updateItem(view.actionItems, actionItemId, { status: ActionItemStatus.DONE, completedAt: at, completedBy: by }) };
    }
    case 'ActionItemReopened':
      return {
        ...next,
        actionItems: updateItem(view.actionItems, event.data.actionItemId, { status: ActionItemStatus.OPEN, completedAt: null, completedBy: null }),
      };
    case 'IncidentVisibilityChanged':
      return { ...next, private: event.data.private };
    case 'AlertGroupAttached':
      return { ...next, alertGroups: withAttached(view.alertGroups, event.data) };
    case 'AttachedAlertGroupResolved': {
      const { alertGroupId, at } = event.data;
      return { ...next, alertGroups: view.alertGroups.map((group) => (group.alertGroupId === alertGroupId ? { ...group, resolvedAt: at } : group)) };
    }
    case 'TimelineNoteAdded':
    case 'ReminderSent':
    case 'ReminderSnoozed':
    case 'EscalationStarted':
    case 'ResponderPaged':
    case 'EscalationLevelSkipped':
    case 'EscalationExhausted':
    case 'PageAcknowledged':
      return next;
    case 'IncidentTimestampCorrected':
      return { ...next, [TIMESTAMP_FIELD[event.data.field]]: event.data.to };
    case 'StatusUpdatePosted': {
      const { audience, message, status, at, by } = event.data;
      const update = { audience, message, status, postedAt: at, postedBy: by };
      return audience === 'INTERNAL' ? { ...next, latestInternalUpdate: update } : { ...next, latestExternalUpdate: update };
    }
  }
}

/** Ends `responder`'s open engagement in `role` at `at`. */
function endEngagement(engagements: Engagement[], responder: string, role: ResponderRole, at: string): Engagement[] {
  return engagements.map((engagement) =>
    engagement.to === null && engagement.responder === responder && engagement.role === role ? { ...engagement, to: at } : engagement,
  );
}

/** The group as attached now, in the place it was first attached: firing again updates its count and links and clears its resolution. */
function withAttached(groups: AttachedAlertGroupView[], data: AlertGroupAttached['data']): AttachedAlertGroupView[] {
  const { alertGroupId, integrationId, title, alertCount, links, at } = data;
  const group: AttachedAlertGroupView = { alertGroupId, integrationId, title, alertCount, links, attachedAt: at, resolvedAt: null };
  const index = groups.findIndex((each) => each.alertGroupId === alertGroupId);
  return index < 0 ? [...groups, group] : groups.with(index, group);
}

function updateItem(items: ActionItemView[], id: string, change: Partial<ActionItemView>): ActionItemView[] {
  return items.map((item) => (item.id === id ? { ...item, ...change } : item));
}
