import { DomainError, invalidInput } from '../shared/domain-error';
import { AssignResponder, ChangeIncidentStatus, DeclareIncident, UnassignResponder } from './incident.commands';
import { assertValidInstant, Fact, factOf, normalizeTags, optionalText, requiredText } from './incident-decision';
import { IncidentDeclared, IncidentEvent, ResponderAssigned } from './incident.events';
import { INCIDENT_LIMITS } from './incident.limits';
import { ResponseCommand, ResponseEvent } from './incident.lifecycles';
import { DeclaredState, IncidentState } from './incident.state';
import { ReportStatus } from './incident-report';
import { IncidentStatus, isActiveStatus, isForwardMove } from './incident-status';
import { IncidentTimestamp } from './incident-timestamp';
import { IncidentKind, isIncidentKind } from './incident-kind';
import { isSingleHolderRole, ResponderRole } from './responder-role';
import { isSeverity } from './severity';
import { initialReminderState } from './incident-reminders';

/**
 * The response: declare → acknowledge → status changes → resolve → close,
 * with severity, roles, notes, status updates, visibility and merges on the
 * way. Judged on an incident that exists, is not merged and is not closed
 * (the composing decider checks those first).
 */
export function decideResponse(command: Exclude<ResponseCommand, DeclareIncident>, state: DeclaredState, now: Date): IncidentEvent[] {
  const fact = factOf(command, now);
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

/** The start of both lifecycles: a declaration, once per incident. */
export function decideDeclaration(command: DeclareIncident, state: IncidentState, now: Date): IncidentEvent[] {
  if (state.declared) {
    throw new DomainError('INCIDENT_ALREADY_EXISTS', `Incident ${command.incidentId} already exists`, {
      incidentId: command.incidentId,
    });
  }
  const fact = factOf(command, now);
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

/** The state a declaration starts. */
export function declaredState(event: IncidentDeclared): DeclaredState {
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
    services: event.data.services,
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
    reminders: initialReminderState(event.data.at),
    alertGroups: {},
    escalation: null,
    pages: {},
  };
}

export function evolveResponse(state: DeclaredState, event: Exclude<ResponseEvent, IncidentDeclared>): DeclaredState {
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
    case 'IncidentMerged':
      return { ...state, status: IncidentStatus.CLOSED, mergedInto: event.data.into };
    case 'TimelineNoteAdded':
    case 'StatusUpdatePosted':
      return state;
  }
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

/**
 * Closing an incident of a severity the policy names needs its report
 * published first; drills are exempt. Where the response reads the review.
 */
function assertReportPublishedIfRequired(command: ChangeIncidentStatus, state: DeclaredState): void {
  if (state.kind === IncidentKind.DRILL || !command.reportRequiredFor?.includes(state.severity)) return;
  if (state.report?.status === ReportStatus.PUBLISHED) return;
  throw new DomainError('REPORT_REQUIRED', `A ${state.severity} incident is closed once its report is published`, {
    severity: state.severity,
    report: state.report?.status ?? null,
  });
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

function normalizeServices(services: readonly string[]): string[] {
  if (services.length > INCIDENT_LIMITS.servicesMaxCount) {
    throw invalidInput('services', `at most ${INCIDENT_LIMITS.servicesMaxCount} services`);
  }
  const names = services.map((service) => requiredText('services', service, INCIDENT_LIMITS.serviceMaxLength));
  return [...new Set(names)];
}
