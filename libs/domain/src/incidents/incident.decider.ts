import { UNSEEN_INCIDENT } from '../access/incident-access';
import { Decider } from '../shared/decider';
import { DomainError } from '../shared/domain-error';
import { IncidentCommand } from './incident.commands';
import { IncidentDeclared, IncidentEvent } from './incident.events';
import { conflictingChanges, isAlertCommand, isAlertEvent, isPagingCommand, isPagingEvent, isReminderCommand, isReminderEvent, isReviewCommand, isReviewEvent } from './incident.lifecycles';
import { decidePaging, evolvePaging } from './incident-paging';
import { decideAlertGroup, evolveAlertGroups } from './incident-alert-groups';
import { decideReminder, evolveReminders } from './incident-reminders';
import { decideDeclaration, decideResponse, declaredState, evolveResponse } from './incident-response.decider';
import { decideReview, evolveReview } from './incident-review.decider';
import { DeclaredState, IncidentState, initialIncidentState } from './incident.state';
import { IncidentStatus } from './incident-status';

export { applyTagChange } from './incident-review.decider';
export { mitigatedAfter } from './incident-response.decider';
export { initialIncidentState, type IncidentState, type ReportState } from './incident.state';

/**
 * What may still be done to a closed incident: the review's work, which comes
 * after the close, its reminders, and recording that an attached alert group
 * resolved (a fact about the alerts, not a change of the response).
 * Everything else is refused as INCIDENT_CLOSED. The one place that says so.
 */
export const ALLOWED_WHEN_CLOSED: ReadonlySet<IncidentCommand['type']> = new Set<IncidentCommand['type']>([
  'CorrectIncidentTimestamp',
  'ChangeIncidentTags',
  'LinkDuplicate',
  'SaveIncidentReport',
  'PublishIncidentReport',
  'AddActionItem',
  'CompleteActionItem',
  'ReopenActionItem',
  'SendReminder',
  'SnoozeReminder',
  'RecordAlertGroupResolved',
]);

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

function incidentClosed(incidentId: string): DomainError {
  return new DomainError('INCIDENT_CLOSED', `Incident ${incidentId} is closed; closed incidents are final`, { incidentId });
}

/**
 * Judges a command against the incident's state: the events it produces, or a
 * DomainError that says why not. Pure: the time comes in as `now`. The rules
 * every command meets come first (the incident exists, is not a merged
 * duplicate, is open unless the command may act on a closed one); then the
 * command's lifecycle decides.
 */
export function decideIncident(command: IncidentCommand, state: IncidentState, now: Date): IncidentEvent[] {
  if (command.type === 'DeclareIncident') return decideDeclaration(command, state, now);
  if (!state.declared) throw incidentNotFound(command.incidentId);
  if (state.mergedInto !== null) throw incidentMerged(command.incidentId, state.mergedInto);
  if (state.status === IncidentStatus.CLOSED && !ALLOWED_WHEN_CLOSED.has(command.type)) throw incidentClosed(command.incidentId);
  if (isReminderCommand(command)) return decideReminder(command, state, now);
  if (isAlertCommand(command)) return decideAlertGroup(command, state, now);
  if (isPagingCommand(command)) return decidePaging(command, state, now);
  return isReviewCommand(command) ? decideReview(command, state, now) : decideResponse(command, state, now);
}

export function evolveIncident(state: IncidentState, event: IncidentEvent): IncidentState {
  if (event.type === 'IncidentDeclared') return declaredState(event);
  if (!state.declared) return state;
  const next = evolveLifecycle(state, event);
  const reminders = evolveReminders(next.reminders, event);
  return reminders === next.reminders ? next : { ...next, reminders };
}

/** The event's own lifecycle's part of the state; reminders change only theirs. */
function evolveLifecycle(state: DeclaredState, event: Exclude<IncidentEvent, IncidentDeclared>): DeclaredState {
  if (isReminderEvent(event)) return state;
  if (isAlertEvent(event)) return evolveAlertGroups(state, event);
  if (isPagingEvent(event)) return evolvePaging(state, event);
  return isReviewEvent(event) ? evolveReview(state, event) : evolveResponse(state, event);
}

export const incidentDecider: Decider<IncidentCommand, IncidentEvent, IncidentState> = {
  decide: decideIncident,
  evolve: evolveIncident,
  initialState: initialIncidentState,
  conflicts: conflictingChanges,
};
