import { DomainError, invalidInput } from '../shared/domain-error';
import { ActionItemPriority, ActionItemSource, ActionItemStatus, isActionItemPriority, isActionItemSource, isActionItemType } from './action-item';
import { AddActionItem, ChangeIncidentTags, CorrectIncidentTimestamp, SaveIncidentReport } from './incident.commands';
import { assertValidInstant, Fact, factOf, normalizeTags, optionalText, requiredText } from './incident-decision';
import { IncidentEvent } from './incident.events';
import { INCIDENT_LIMITS } from './incident.limits';
import { ReviewCommand, ReviewEvent } from './incident.lifecycles';
import { DeclaredState } from './incident.state';
import { EMPTY_REPORT_CONTENT, REPORT_SECTIONS, ReportContent, ReportStatus } from './incident-report';
import { isActiveStatus } from './incident-status';
import { IncidentTimestamp, isIncidentTimestamp } from './incident-timestamp';

/**
 * The review: corrections of the incident's moments, tags, links to
 * duplicates merged into it, the report and action items. It may start during
 * the response and goes on after the close. Judged on an incident that exists
 * and is not merged (the composing decider checks those first).
 */
export function decideReview(command: ReviewCommand, state: DeclaredState, now: Date): IncidentEvent[] {
  const fact = factOf(command, now);
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
}

export function evolveReview(state: DeclaredState, event: ReviewEvent): DeclaredState {
  switch (event.type) {
    case 'IncidentTimestampCorrected':
      return { ...state, times: { ...state.times, [event.data.field]: event.data.to } };
    case 'IncidentTagsChanged':
      return { ...state, tags: applyTagChange(state.tags, event.data) };
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
  }
}

/** Tags after a change: removed ones out, added ones at the end. The one rule for the decider and the read models. */
export function applyTagChange(tags: readonly string[], change: { added: readonly string[]; removed: readonly string[] }): string[] {
  return [...tags.filter((tag) => !change.removed.includes(tag)), ...change.added];
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

/** A report is published once the incident is resolved: where the review reads the response. */
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
