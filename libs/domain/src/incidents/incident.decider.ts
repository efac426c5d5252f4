import { UNSEEN_INCIDENT } from '../access/incident-access';
import { Decider } from '../shared/decider';
import { DomainError, invalidInput } from '../shared/domain-error';
import {
  AddActionItem,
  AssignResponder,
  ChangeIncidentStatus,
  ChangeIncidentTags,
  CorrectIncidentTimestamp,
  DeclareIncident,
  IncidentCommand,
  SaveIncidentReport,
  UnassignResponder,
} from './incident.commands';
import { EMPTY_REPORT_CONTENT, REPORT_SECTIONS, ReportContent, ReportStatus } from './incident-report';
import { ActionItemPriority, ActionItemSource, ActionItemStatus, isActionItemPriority, isActionItemSource, isActionItemType } from './action-item';
import { IncidentEvent, ResponderAssigned } from './incident.events';
import { INCIDENT_LIMITS } from './incident.limits';
import { IncidentStatus, isActiveStatus, isForwardMove } from './incident-status';
import { IncidentMoments, IncidentTimestamp, isIncidentTimestamp } from './incident-timestamp';
import { IncidentKind, isIncidentKind } from './incident-kind';
import { isSingleHolderRole, ResponderRole, SingleHolderRole } from './responder-role';
import { isSeverity, Severity } from './severity';

/** What the decider needs to know about an incident to judge the next command. */
export type IncidentState =
  | { declared: false }
  | {
      declared: true;
      status: IncidentStatus;
      severity: Severity;
      holders: Readonly<Record<SingleHolderRole, string | null>>;
      experts: readonly string[];
      private: boolean;
      declaredBy: string;
      times: IncidentMoments;
      kind: IncidentKind;
      tags: readonly string[];
      /** The incident this one was merged into as a duplicate: it is then final. */
      mergedInto: string | null;
      duplicates: readonly string[];
      report: ReportState | null;
      actionItems: Readonly<Record<string, ActionItemStatus>>;
    };

export interface ReportState {
  revision: number;
  status: ReportStatus;
  internal: ReportContent;
  external: ReportContent;
  causeTags: readonly string[];
}

export const initialIncidentState: IncidentState = { declared: false };

type DeclaredState = Extract<IncidentState, { declared: true }>;

export function evolveIncident(state: IncidentState, event: IncidentEvent): IncidentState {
  if (event.type === 'IncidentDeclared') {
    return {
      declared: true,
      status: IncidentStatus.INVESTIGATING,
      severity: event.data.severity,
      holders: {
        [ResponderRole.INCIDENT_COMMANDER]: null,
        [ResponderRole.SCRIBE]: null,
        [ResponderRole.COMMUNICATIONS_LEAD]: null,
      },
      experts: [],
      private: event.data.private ?? false,
      declaredBy: event.data.by,
      times: {
        [IncidentTimestamp.IMPACT_STARTED]: event.data.impactStartedAt,
        [IncidentTimestamp.DETECTED]: event.data.detectedAt,
        [IncidentTimestamp.ACKNOWLEDGED]: null,
        [IncidentTimestamp.MITIGATED]: null,
        [IncidentTimestamp.RESOLVED]: null,
      },
      kind: event.data.kind ?? IncidentKind.NORMAL,
      tags: event.data.tags ?? [],
      mergedInto: null,
      duplicates: [],
      report: null,
      actionItems: {},
    };
  }
  if (!state.declared) return state;
  switch (event.type) {
    case 'IncidentAcknowledged':
      return { ...state, times: { ...state.times, [IncidentTimestamp.ACKNOWLEDGED]: event.data.at } };
    case 'IncidentSeverityChanged':
      return { ...state, severity: event.data.to };
    case 'IncidentStatusChanged':
      return { ...state, status: event.data.to, times: { ...state.times, [IncidentTimestamp.MITIGATED]: mitigatedAfter(state.times.MITIGATED, event) } };
    case 'IncidentResolved':
      return {
        ...state,
        status: IncidentStatus.RESOLVED,
        times: { ...state.times, [IncidentTimestamp.MITIGATED]: mitigatedAfter(state.times.MITIGATED, event), [IncidentTimestamp.RESOLVED]: event.data.at },
      };
    case 'IncidentReopened':
      return { ...state, status: IncidentStatus.INVESTIGATING, times: { ...state.times, [IncidentTimestamp.RESOLVED]: null } };
    case 'IncidentTimestampCorrected':
      return { ...state, times: { ...state.times, [event.data.field]: event.data.to } };
    case 'IncidentClosed':
      return { ...state, status: IncidentStatus.CLOSED };
    case 'ResponderAssigned': {
      const { role, responder } = event.data;
      if (isSingleHolderRole(role)) return { ...state, holders: { ...state.holders, [role]: responder } };
      return { ...state, experts: [...state.experts, responder] };
    }
    case 'ResponderUnassigned': {
      const { role, responder } = event.data;
      if (isSingleHolderRole(role)) return { ...state, holders: { ...state.holders, [role]: null } };
      return { ...state, experts: state.experts.filter((expert) => expert !== responder) };
    }
    case 'IncidentVisibilityChanged':
      return { ...state, private: event.data.private };
    case 'IncidentTagsChanged':
      return { ...state, tags: applyTagChange(state.tags, event.data) };
    case 'IncidentMerged':
      return { ...state, status: IncidentStatus.CLOSED, mergedInto: event.data.into };
    case 'DuplicateLinked':
      return { ...state, duplicates: [...state.duplicates, event.data.duplicateId] };
    case 'IncidentReportDrafted': {
      const { revision, internal, external, causeTags } = event.data;
      return { ...state, report: { revision, status: ReportStatus.DRAFT, internal, external, causeTags } };
    }
    case 'IncidentReportPublished':
      return state.report ? { ...state, report: { ...state.report, status: ReportStatus.PUBLISHED } } : state;
    case 'ActionItemAdded':
      return { ...state, actionItems: { ...state.actionItems, [event.data.actionItemId]: ActionItemStatus.OPEN } };
    case 'ActionItemCompleted':
      return { ...state, actionItems: { ...state.actionItems, [event.data.actionItemId]: ActionItemStatus.DONE } };
    case 'ActionItemReopened':
      return { ...state, actionItems: { ...state.actionItems, [event.data.actionItemId]: ActionItemStatus.OPEN } };
    case 'TimelineNoteAdded':
    case 'StatusUpdatePosted':
      return state;
  }
}

/** Tags after a change: removed ones out, added ones at the end. The one rule for the decider and the read models. */
export function applyTagChange(tags: readonly string[], change: { added: readonly string[]; removed: readonly string[] }): string[] {
  return [...tags.filter((tag) => !change.removed.includes(tag)), ...change.added];
}

/**
 * When the impact was mitigated once `event` happened: the first move to
 * MONITORING, or the resolution when there was none; a reopening keeps it.
 * The one rule for the decider and the read models.
 */
export function mitigatedAfter(mitigatedAt: string | null, event: IncidentEvent): string | null {
  if (mitigatedAt !== null) return mitigatedAt;
  if (event.type === 'IncidentStatusChanged' && event.data.to === IncidentStatus.MONITORING) return event.data.at;
  return event.type === 'IncidentResolved' ? event.data.at : null;
}

/** The people who may see a private incident: whoever declared it and whoever holds a role in it now. */
export function incidentMembers(state: IncidentState): string[] {
  if (!state.declared) return [];
  const holders = Object.values(state.holders).filter((holder): holder is string => holder !== null);
  return [...new Set([state.declaredBy, ...holders, ...state.experts])];
}

/**
 * The refusal for an incident that does not exist, and for one the caller may
 * not see: the same words for both, so that an answer never tells them apart.
 */
export function incidentNotFound(incidentId: string): DomainError {
  return new DomainError('INCIDENT_NOT_FOUND', `Incident ${incidentId} does not exist`, { incidentId });
}

/** The refusal for acting on a merged duplicate; `mergedInto` is null for a caller who may not see the survivor. */
export function incidentMerged(incidentId: string, mergedInto: string | null): DomainError {
  const message = mergedInto === null ? `Incident ${incidentId} was merged into ${UNSEEN_INCIDENT}` : `Incident ${incidentId} was merged into ${mergedInto}; act on that one`;
  return new DomainError('INCIDENT_MERGED', message, { incidentId, mergedInto });
}

/**
 * Judges a command against the incident's state: the events it produces, or a
 * DomainError that says why not. Pure: the time comes in as `now`.
 */
export function decideIncident(command: IncidentCommand, state: IncidentState, now: Date): IncidentEvent[] {
  const at = now.toISOString();
  const fact = { incidentId: command.incidentId, at, by: command.actor };

  if (command.type === 'DeclareIncident') {
    if (state.declared) {
      throw new DomainError('INCIDENT_ALREADY_EXISTS', `Incident ${command.incidentId} already exists`, {
        incidentId: command.incidentId,
      });
    }
    return declare(command, now, fact);
  }

  if (!state.declared) throw incidentNotFound(command.incidentId);
  if (state.mergedInto !== null) throw incidentMerged(command.incidentId, state.mergedInto);
  // The review's work comes after the incident is closed: corrections, tags, the report, action items, late duplicates.
  switch (command.type) {
    case 'CorrectIncidentTimestamp':
      return [correctTimestamp(command, state, now, fact)];
    case 'ChangeIncidentTags':
      return [changeTags(command, state, fact)];
    case 'LinkDuplicate':
      if (state.duplicates.includes(command.duplicateId)) {
        throw new DomainError('NO_CHANGE', `${command.duplicateId} is already linked as a duplicate`, { duplicateId: command.duplicateId });
      }
      return [{ type: 'DuplicateLinked', data: { ...fact, duplicateId: command.duplicateId } }];
    case 'SaveIncidentReport':
      return [saveReport(command, state, fact)];
    case 'PublishIncidentReport':
      return [publishReport(state, fact)];
    case 'AddActionItem':
      return [addActionItem(command, state, fact)];
    case 'CompleteActionItem': {
      assertActionItemIs(state, command.actionItemId, ActionItemStatus.OPEN, 'already done');
      const note = optionalText('note', command.note, INCIDENT_LIMITS.reasonMaxLength);
      return [{ type: 'ActionItemCompleted', data: { ...fact, actionItemId: command.actionItemId, note } }];
    }
    case 'ReopenActionItem': {
      assertActionItemIs(state, command.actionItemId, ActionItemStatus.DONE, 'already open');
      const reason = optionalText('reason', command.reason, INCIDENT_LIMITS.reasonMaxLength);
      return [{ type: 'ActionItemReopened', data: { ...fact, actionItemId: command.actionItemId, reason } }];
    }
  }
  if (state.status === IncidentStatus.CLOSED) {
    throw new DomainError('INCIDENT_CLOSED', `Incident ${command.incidentId} is closed; closed incidents are final`, {
      incidentId: command.incidentId,
    });
  }

  switch (command.type) {
    case 'AcknowledgeIncident':
      if (state.times[IncidentTimestamp.ACKNOWLEDGED] !== null) {
        throw new DomainError('ALREADY_ACKNOWLEDGED', 'The incident is already acknowledged');
      }
      if (!isActiveStatus(state.status)) {
        throw new DomainError('INCIDENT_NOT_ACTIVE', `A ${state.status} incident cannot be acknowledged`, {
          status: state.status,
        });
      }
      return [{ type: 'IncidentAcknowledged', data: fact }];

    case 'ChangeIncidentSeverity': {
      if (!isSeverity(command.severity)) throw invalidInput('severity', `Unknown severity ${String(command.severity)}`);
      if (command.severity === state.severity) {
        throw new DomainError('NO_CHANGE', `The incident is already ${state.severity}`, { severity: state.severity });
      }
      const reason = optionalText('reason', command.reason, INCIDENT_LIMITS.reasonMaxLength);
      return [{ type: 'IncidentSeverityChanged', data: { ...fact, from: state.severity, to: command.severity, reason } }];
    }

    case 'ChangeIncidentStatus':
      return changeStatus(command, state, fact);
    case 'ResolveIncident':
      return changeStatus(
        { ...command, type: 'ChangeIncidentStatus', status: IncidentStatus.RESOLVED, note: command.summary },
        state,
        fact,
      );
    case 'ReopenIncident':
      if (state.status !== IncidentStatus.RESOLVED) {
        throw new DomainError('INVALID_STATUS_TRANSITION', `Only a RESOLVED incident can be reopened; this one is ${state.status}`, {
          from: state.status,
          to: IncidentStatus.INVESTIGATING,
        });
      }
      return changeStatus(
        { ...command, type: 'ChangeIncidentStatus', status: IncidentStatus.INVESTIGATING, note: command.reason },
        state,
        fact,
      );
    case 'CloseIncident':
      return changeStatus({ ...command, type: 'ChangeIncidentStatus', status: IncidentStatus.CLOSED }, state, fact);

    case 'MergeIncident': {
      const into = requiredText('into', command.into, INCIDENT_LIMITS.responderMaxLength);
      if (into === command.incidentId) throw new DomainError('CANNOT_MERGE', 'An incident cannot be merged into itself', { into });
      if (state.duplicates.length > 0) {
        throw new DomainError('CANNOT_MERGE', `Incident ${command.incidentId} has duplicates merged into it; merge those into ${into} first`, {
          into,
        });
      }
      return [{ type: 'IncidentMerged', data: { ...fact, into } }];
    }

    case 'AssignResponder':
      return [assign(command, state, fact)];

    case 'UnassignResponder':
      return [unassign(command, state, fact)];

    case 'AddTimelineNote': {
      const text = requiredText('text', command.text, INCIDENT_LIMITS.noteMaxLength);
      return [{ type: 'TimelineNoteAdded', data: { ...fact, text } }];
    }

    case 'ChangeIncidentVisibility': {
      if (typeof command.private !== 'boolean') throw invalidInput('private', 'private must be true or false');
      if (command.private === state.private) {
        throw new DomainError('NO_CHANGE', `The incident is already ${state.private ? 'private' : 'public'}`);
      }
      return [{ type: 'IncidentVisibilityChanged', data: { ...fact, private: command.private } }];
    }

    case 'PostStatusUpdate': {
      if (command.audience !== 'INTERNAL' && command.audience !== 'EXTERNAL') {
        throw invalidInput('audience', 'audience must be INTERNAL or EXTERNAL');
      }
      const message = requiredText('message', command.message, INCIDENT_LIMITS.statusUpdateMaxLength);
      return [
        { type: 'StatusUpdatePosted', data: { ...fact, audience: command.audience, message, status: state.status } },
      ];
    }
  }
}

type Fact = { incidentId: string; at: string; by: string };

function declare(command: DeclareIncident, now: Date, fact: Fact): IncidentEvent[] {
  const title = requiredText('title', command.title, INCIDENT_LIMITS.titleMaxLength);
  if (!isSeverity(command.severity)) throw invalidInput('severity', `Unknown severity ${String(command.severity)}`);
  const description = optionalText('description', command.description, INCIDENT_LIMITS.descriptionMaxLength);
  const kind = command.kind ?? IncidentKind.NORMAL;
  if (!isIncidentKind(kind)) throw invalidInput('kind', `Unknown kind ${String(kind)}`);
  const services = normalizeServices(command.services ?? []);
  const tags = normalizeTags('tags', command.tags ?? []);

  const detectedAt = command.detectedAt ?? now;
  const impactStartedAt = command.impactStartedAt ?? null;
  assertValidInstant('detectedAt', detectedAt);
  if (detectedAt.getTime() > now.getTime()) throw invalidInput('detectedAt', 'detectedAt cannot be in the future');
  if (impactStartedAt) {
    assertValidInstant('impactStartedAt', impactStartedAt);
    if (impactStartedAt.getTime() > detectedAt.getTime()) {
      throw invalidInput('impactStartedAt', 'impactStartedAt cannot be after detectedAt');
    }
  }

  const events: IncidentEvent[] = [
    {
      type: 'IncidentDeclared',
      data: {
        ...fact,
        title,
        description,
        severity: command.severity,
        services,
        impactStartedAt: impactStartedAt ? impactStartedAt.toISOString() : null,
        detectedAt: detectedAt.toISOString(),
        private: command.private ?? false,
        kind,
        tags,
      },
    },
  ];
  if (command.commander != null) {
    const responder = requiredText('commander', command.commander, INCIDENT_LIMITS.responderMaxLength);
    events.push({
      type: 'ResponderAssigned',
      data: { ...fact, role: ResponderRole.INCIDENT_COMMANDER, responder, previousResponder: null },
    });
  }
  return events;
}

/**
 * The status rules: forward moves may skip states; the only way back is
 * reopening a RESOLVED incident to INVESTIGATING; CLOSED is final (checked by
 * the caller). Closing an unresolved incident resolves it first, so that every
 * closed incident has a resolution time.
 */
function changeStatus(command: ChangeIncidentStatus, state: DeclaredState, fact: Fact): IncidentEvent[] {
  const from = state.status;
  const to = command.status;
  if (!Object.values(IncidentStatus).includes(to)) throw invalidInput('status', `Unknown status ${String(to)}`);
  if (from === to) throw new DomainError('NO_CHANGE', `The incident is already ${from}`, { status: from });

  const note = optionalText('note', command.note, INCIDENT_LIMITS.reasonMaxLength);
  if (!isForwardMove(from, to)) {
    if (from === IncidentStatus.RESOLVED && to === IncidentStatus.INVESTIGATING) {
      return [{ type: 'IncidentReopened', data: { ...fact, reason: note } }];
    }
    throw new DomainError(
      'INVALID_STATUS_TRANSITION',
      `Cannot move an incident from ${from} to ${to}: only a RESOLVED incident can go back, by reopening it to INVESTIGATING`,
      { from, to },
    );
  }

  switch (to) {
    case IncidentStatus.IDENTIFIED:
    case IncidentStatus.MONITORING:
      return [{ type: 'IncidentStatusChanged', data: { ...fact, from, to, note } }];
    case IncidentStatus.RESOLVED:
      return [{ type: 'IncidentResolved', data: { ...fact, from, summary: note } }];
    case IncidentStatus.CLOSED:
      assertReportPublishedIfRequired(command, state);
      if (from === IncidentStatus.RESOLVED) return [{ type: 'IncidentClosed', data: fact }];
      return [
        { type: 'IncidentResolved', data: { ...fact, from, summary: note } },
        { type: 'IncidentClosed', data: fact },
      ];
    default:
      throw new DomainError('INVALID_STATUS_TRANSITION', `Cannot move an incident from ${from} to ${to}`, { from, to });
  }
}

/** The order the moments must keep: impact starts first, detection follows it, mitigation comes before resolution. */
const TIMESTAMP_ORDER: ReadonlyArray<[IncidentTimestamp, IncidentTimestamp]> = [
  [IncidentTimestamp.IMPACT_STARTED, IncidentTimestamp.DETECTED],
  [IncidentTimestamp.IMPACT_STARTED, IncidentTimestamp.ACKNOWLEDGED],
  [IncidentTimestamp.IMPACT_STARTED, IncidentTimestamp.MITIGATED],
  [IncidentTimestamp.IMPACT_STARTED, IncidentTimestamp.RESOLVED],
  [IncidentTimestamp.DETECTED, IncidentTimestamp.MITIGATED],
  [IncidentTimestamp.DETECTED, IncidentTimestamp.RESOLVED],
  [IncidentTimestamp.MITIGATED, IncidentTimestamp.RESOLVED],
];

function correctTimestamp(command: CorrectIncidentTimestamp, state: DeclaredState, now: Date, fact: Fact): IncidentEvent {
  if (!isIncidentTimestamp(command.field)) throw invalidInput('field', `Unknown timestamp ${String(command.field)}`);
  assertValidInstant('to', command.to);
  if (command.to.getTime() > now.getTime()) throw invalidInput('to', 'A corrected time cannot be in the future');
  const reason = requiredText('reason', command.reason, INCIDENT_LIMITS.reasonMaxLength);
  const from = state.times[command.field];
  const to = command.to.toISOString();
  if (from === null && command.field !== IncidentTimestamp.IMPACT_STARTED) {
    throw new DomainError('MILESTONE_NOT_REACHED', `The incident has no ${command.field} time yet; there is nothing to correct`, {
      field: command.field,
    });
  }
  if (from !== null && Date.parse(from) === command.to.getTime()) {
    throw new DomainError('NO_CHANGE', `${command.field} is already ${from}`, { field: command.field });
  }
  const times = { ...state.times, [command.field]: to };
  for (const [earlier, later] of TIMESTAMP_ORDER) {
    const [first, second] = [times[earlier], times[later]];
    if (first !== null && second !== null && Date.parse(first) > Date.parse(second)) {
      throw invalidInput('to', `${earlier} (${first}) would come after ${later} (${second})`);
    }
  }
  return { type: 'IncidentTimestampCorrected', data: { ...fact, field: command.field, from, to, reason } };
}

/** Closing an incident of a severity the policy names needs its report published first; drills are exempt. */
function assertReportPublishedIfRequired(command: ChangeIncidentStatus, state: DeclaredState): void {
  if (state.kind === IncidentKind.DRILL || !command.reportRequiredFor?.includes(state.severity)) return;
  if (state.report?.status === ReportStatus.PUBLISHED) return;
  throw new DomainError('REPORT_REQUIRED', `A ${state.severity} incident is closed once its report is published`, {
    severity: state.severity,
    report: state.report?.status ?? null,
  });
}

function changeTags(command: ChangeIncidentTags, state: DeclaredState, fact: Fact): IncidentEvent {
  const add = normalizeTags('add', command.add ?? []);
  const remove = normalizeTags('remove', command.remove ?? []);
  const added = add.filter((tag) => !state.tags.includes(tag) && !remove.includes(tag));
  const removed = remove.filter((tag) => state.tags.includes(tag));
  if (added.length === 0 && removed.length === 0) throw new DomainError('NO_CHANGE', 'The incident already has these tags');
  if (applyTagChange(state.tags, { added, removed }).length > INCIDENT_LIMITS.tagsMaxCount) {
    throw invalidInput('add', `An incident has at most ${INCIDENT_LIMITS.tagsMaxCount} tags`);
  }
  return { type: 'IncidentTagsChanged', data: { ...fact, added, removed } };
}

function reportContent(field: 'internal' | 'external', current: ReportContent, changes: Partial<ReportContent> | undefined): ReportContent {
  const next = { ...current };
  for (const section of REPORT_SECTIONS) {
    if (changes?.[section] === undefined) continue;
    next[section] = optionalText(`${field}.${section}`, changes[section], INCIDENT_LIMITS.reportSectionMaxLength);
  }
  return next;
}

function saveReport(command: SaveIncidentReport, state: DeclaredState, fact: Fact): IncidentEvent {
  const current = state.report;
  const internal = reportContent('internal', current?.internal ?? EMPTY_REPORT_CONTENT, command.internal);
  const external = reportContent('external', current?.external ?? EMPTY_REPORT_CONTENT, command.external);
  const causeTags = command.causeTags === undefined ? [...(current?.causeTags ?? [])] : normalizeTags('causeTags', command.causeTags);
  const unchanged =
    current !== null &&
    REPORT_SECTIONS.every((section) => internal[section] === current.internal[section] && external[section] === current.external[section]) &&
    causeTags.join('\n') === current.causeTags.join('\n');
  if (unchanged) throw new DomainError('NO_CHANGE', 'The report already says this');
  return { type: 'IncidentReportDrafted', data: { ...fact, revision: (current?.revision ?? 0) + 1, internal, external, causeTags } };
}

/** The sections a report cannot be published without. */
const REQUIRED_TO_PUBLISH = ['summary', 'impact', 'rootCause', 'resolution'] as const;

function publishReport(state: DeclaredState, fact: Fact): IncidentEvent {
  const report = state.report;
  if (report === null) throw new DomainError('NO_REPORT_DRAFT', 'The incident has no report to publish; save a draft first');
  if (report.status === ReportStatus.PUBLISHED) {
    throw new DomainError('NO_CHANGE', `Revision ${report.revision} of the report is already published`, { revision: report.revision });
  }
  if (isActiveStatus(state.status)) {
    throw new DomainError('INCIDENT_UNRESOLVED', 'A report is published once the incident is resolved', { status: state.status });
  }
  const missing = REQUIRED_TO_PUBLISH.filter((section) => report.internal[section] === null);
  if (missing.length > 0) {
    throw new DomainError('REPORT_INCOMPLETE', `The internal report needs ${missing.join(', ')} before it is published`, {
      missing: missing.join(','),
    });
  }
  return { type: 'IncidentReportPublished', data: { ...fact, revision: report.revision } };
}

function addActionItem(command: AddActionItem, state: DeclaredState, fact: Fact): IncidentEvent {
  const actionItemId = requiredText('actionItemId', command.actionItemId, INCIDENT_LIMITS.responderMaxLength);
  if (state.actionItems[actionItemId] !== undefined) {
    throw new DomainError('ACTION_ITEM_EXISTS', `Action item ${actionItemId} already exists`, { actionItemId });
  }
  if (Object.keys(state.actionItems).length >= INCIDENT_LIMITS.actionItemsMaxCount) {
    throw invalidInput('actionItemId', `An incident has at most ${INCIDENT_LIMITS.actionItemsMaxCount} action items`);
  }
  const title = requiredText('title', command.title, INCIDENT_LIMITS.actionItemTitleMaxLength);
  const owner = requiredText('owner', command.owner, INCIDENT_LIMITS.responderMaxLength);
  const priority = command.priority ?? ActionItemPriority.MEDIUM;
  if (!isActionItemPriority(priority)) throw invalidInput('priority', `Unknown priority ${String(priority)}`);
  if (!isActionItemType(command.actionType)) throw invalidInput('type', `Unknown action item type ${String(command.actionType)}`);
  const source = command.source ?? ActionItemSource.INCIDENT;
  if (!isActionItemSource(source)) throw invalidInput('source', `Unknown source ${String(source)}`);
  if (command.dueAt != null) assertValidInstant('dueAt', command.dueAt);
  const dueAt = command.dueAt ? command.dueAt.toISOString() : null;
  return { type: 'ActionItemAdded', data: { ...fact, actionItemId, title, owner, dueAt, priority, actionType: command.actionType, source } };
}

function assertActionItemIs(state: DeclaredState, actionItemId: string, expected: ActionItemStatus, otherwise: string): void {
  const status = state.actionItems[actionItemId];
  if (status === undefined) throw new DomainError('ACTION_ITEM_NOT_FOUND', `Action item ${actionItemId} does not exist`, { actionItemId });
  if (status !== expected) throw new DomainError('NO_CHANGE', `Action item ${actionItemId} is ${otherwise}`, { actionItemId });
}

function assign(command: AssignResponder, state: DeclaredState, fact: Fact): ResponderAssigned {
  assertRole(command.role);
  const responder = requiredText('responder', command.responder, INCIDENT_LIMITS.responderMaxLength);
  if (isSingleHolderRole(command.role)) {
    const holder = state.holders[command.role];
    if (holder === responder) {
      throw new DomainError('ROLE_ALREADY_HELD', `${responder} is already ${command.role}`, {
        role: command.role,
        responder,
      });
    }
    return { type: 'ResponderAssigned', data: { ...fact, role: command.role, responder, previousResponder: holder } };
  }
  if (state.experts.includes(responder)) {
    throw new DomainError('ROLE_ALREADY_HELD', `${responder} is already a ${command.role}`, {
      role: command.role,
      responder,
    });
  }
  return { type: 'ResponderAssigned', data: { ...fact, role: command.role, responder, previousResponder: null } };
}

function unassign(command: UnassignResponder, state: DeclaredState, fact: Fact): IncidentEvent {
  assertRole(command.role);
  const responder = requiredText('responder', command.responder, INCIDENT_LIMITS.responderMaxLength);
  const holds = isSingleHolderRole(command.role)
    ? state.holders[command.role] === responder
    : state.experts.includes(responder);
  if (!holds) {
    throw new DomainError('ROLE_NOT_HELD', `${responder} is not ${command.role}`, { role: command.role, responder });
  }
  return { type: 'ResponderUnassigned', data: { ...fact, role: command.role, responder } };
}

function assertRole(role: ResponderRole): void {
  if (!Object.values(ResponderRole).includes(role)) throw invalidInput('role', `Unknown role ${String(role)}`);
}

function assertValidInstant(field: string, value: Date): void {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) throw invalidInput(field, `${field} is not a valid time`);
}

function requiredText(field: string, value: string | null | undefined, maxLength: number): string {
  const text = typeof value === 'string' ? value.trim() : '';
  if (text.length === 0) throw invalidInput(field, `${field} must not be empty`);
  if (text.length > maxLength) throw invalidInput(field, `${field} must be at most ${maxLength} characters`);
  return text;
}

function optionalText(field: string, value: string | null | undefined, maxLength: number): string | null {
  if (value == null || value.trim().length === 0) return null;
  return requiredText(field, value, maxLength);
}

/** Tags are compared without case or surrounding space: `Database ` and `database` are one tag. */
function normalizeTags(field: string, tags: readonly string[]): string[] {
  if (!Array.isArray(tags)) throw invalidInput(field, `${field} must be a list`);
  if (tags.length > INCIDENT_LIMITS.tagsMaxCount) throw invalidInput(field, `at most ${INCIDENT_LIMITS.tagsMaxCount} tags`);
  return [...new Set(tags.map((tag) => requiredText(field, tag, INCIDENT_LIMITS.tagMaxLength).toLowerCase()))];
}

function normalizeServices(services: readonly string[]): string[] {
  if (services.length > INCIDENT_LIMITS.servicesMaxCount) {
    throw invalidInput('services', `at most ${INCIDENT_LIMITS.servicesMaxCount} services`);
  }
  const names = services.map((service) => requiredText('services', service, INCIDENT_LIMITS.serviceMaxLength));
  return [...new Set(names)];
}

export const incidentDecider: Decider<IncidentCommand, IncidentEvent, IncidentState> = {
  decide: decideIncident,
  evolve: evolveIncident,
  initialState: initialIncidentState,
};
