import { DomainError, invalidInput } from '../shared/domain-error';
import { ESCALATION_LIMITS } from '../escalation/escalation.limits';
import { EscalationPlan, PageOrder, stepOf } from '../escalation/escalation.types';
import { AcknowledgePage, EscalateIncident } from './incident.commands';
import { factOf, requiredText } from './incident-decision';
import { IncidentEvent } from './incident.events';
import { PagingCommand, PagingEvent } from './incident.lifecycles';
import { DeclaredState } from './incident.state';
import { isActiveStatus } from './incident-status';
import { IncidentTimestamp } from './incident-timestamp';

/**
 * Paging: the incident's escalation and its pages. The escalation moves one
 * step at a time, each step naming the next step's number, so a timer that
 * fires late or twice, or a step taken by hand meanwhile, is refused
 * (ESCALATION_MOVED_ON) and pages nobody twice. It stops for good once the
 * incident is acknowledged (by a page's link or otherwise) or no longer
 * active. The plan it follows is the one it started with.
 */
export function decidePaging(command: PagingCommand, state: DeclaredState, now: Date): IncidentEvent[] {
  const fact = factOf(command, now);
  switch (command.type) {
    case 'EscalateIncident':
      return escalate(command, state, fact);
    case 'ReassignIncident':
      checkPagingOpen(state, command.incidentId);
      return [paged(fact, checkedPage(command.page, state, 'page'), { step: null, level: null, round: null, reason: 'REASSIGN' })];
    case 'AcknowledgePage':
      return acknowledgePage(command, state, fact);
  }
}

type Fact = ReturnType<typeof factOf>;

function escalate(command: EscalateIncident, state: DeclaredState, fact: Fact): IncidentEvent[] {
  checkPagingOpen(state, command.incidentId);
  if (state.times[IncidentTimestamp.ACKNOWLEDGED] !== null) throw new DomainError('ESCALATION_STOPPED', `Incident ${command.incidentId} is acknowledged: its escalation is over`, { incidentId: command.incidentId });
  const expected = (state.escalation?.step ?? 0) + 1;
  if (command.step !== expected) {
    throw new DomainError('ESCALATION_MOVED_ON', `Step ${command.step} of incident ${command.incidentId}'s escalation is not the next one (${expected})`, { incidentId: command.incidentId, step: expected });
  }
  if (state.escalation?.exhausted) throw new DomainError('ESCALATION_STOPPED', `Incident ${command.incidentId}'s escalation went through every level`, { incidentId: command.incidentId });
  const plan = state.escalation?.plan ?? command.start;
  if (plan === null) throw new DomainError('NO_ESCALATION_POLICY', `Incident ${command.incidentId} has no escalation: none of its services has an escalation policy`, { incidentId: command.incidentId });
  const started: IncidentEvent[] = state.escalation === null ? [{ type: 'EscalationStarted', data: { ...fact, ...plan } }] : [];
  const where = stepOf(plan, command.step);
  if (where === null) return [...started, { type: 'EscalationExhausted', data: { ...fact, step: command.step, rounds: plan.repeat + 1 } }];
  if (command.pages.length > ESCALATION_LIMITS.pagesPerLevelMax) throw invalidInput('pages', `At most ${ESCALATION_LIMITS.pagesPerLevelMax} pages at one step`);
  const reason = command.manual ? 'MANUAL' : 'ESCALATION';
  const pages = command.pages.map((page, index) => paged(fact, checkedPage(page, state, `pages[${index}]`), { step: command.step, ...where, reason }));
  if (pages.length > 0) return [...started, ...pages];
  const why = command.skipReason ?? 'nobody to page';
  return [...started, { type: 'EscalationLevelSkipped', data: { ...fact, step: command.step, ...where, reason: why } }];
}

function acknowledgePage(command: AcknowledgePage, state: DeclaredState, fact: Fact): IncidentEvent[] {
  const page = state.pages[command.pageId];
  if (page === undefined) throw new DomainError('PAGE_NOT_FOUND', `No page ${command.pageId} on incident ${command.incidentId}`, { incidentId: command.incidentId });
  if (page.acknowledged) throw new DomainError('PAGE_ALREADY_USED', 'This page was acknowledged already: its link works once', { incidentId: command.incidentId });
  checkPagingOpen(state, command.incidentId);
  const events: IncidentEvent[] = [{ type: 'PageAcknowledged', data: { ...fact, pageId: command.pageId, person: page.person } }];
  if (state.times[IncidentTimestamp.ACKNOWLEDGED] === null) events.push({ type: 'IncidentAcknowledged', data: fact });
  return events;
}

function checkPagingOpen(state: DeclaredState, incidentId: string): void {
  if (!isActiveStatus(state.status)) throw new DomainError('INCIDENT_NOT_ACTIVE', `A ${state.status} incident pages nobody`, { incidentId, status: state.status });
}

function checkedPage(page: PageOrder, state: DeclaredState, field: string): PageOrder {
  const pageId = requiredText(`${field}.pageId`, page.pageId, ESCALATION_LIMITS.idMaxLength);
  if (state.pages[pageId] !== undefined) throw invalidInput(`${field}.pageId`, `Page ${pageId} was sent already`);
  return { pageId, person: requiredText(`${field}.person`, page.person, ESCALATION_LIMITS.idMaxLength), via: [...new Set(page.via)] };
}

function paged(fact: Fact, page: PageOrder, where: { step: number | null; level: number | null; round: number | null; reason: 'ESCALATION' | 'MANUAL' | 'REASSIGN' }): IncidentEvent {
  return { type: 'ResponderPaged', data: { ...fact, pageId: page.pageId, person: page.person, via: [...page.via], ...where } };
}

export function evolvePaging(state: DeclaredState, event: PagingEvent): DeclaredState {
  switch (event.type) {
    case 'EscalationStarted': {
      const { policyId, policyName, levels, repeat, turn } = event.data;
      const plan: EscalationPlan = { policyId, policyName, levels, repeat, turn };
      return { ...state, escalation: { plan, step: 0, exhausted: false } };
    }
    case 'ResponderPaged': {
      const { pageId, person, step } = event.data;
      const escalation = step !== null && state.escalation ? { ...state.escalation, step } : state.escalation;
      return { ...state, escalation, pages: { ...state.pages, [pageId]: { person, acknowledged: false } } };
    }
    case 'EscalationLevelSkipped':
      return state.escalation ? { ...state, escalation: { ...state.escalation, step: event.data.step } } : state;
    case 'EscalationExhausted':
      return state.escalation ? { ...state, escalation: { ...state.escalation, step: event.data.step, exhausted: true } } : state;
    case 'PageAcknowledged': {
      const page = state.pages[event.data.pageId];
      return page ? { ...state, pages: { ...state.pages, [event.data.pageId]: { ...page, acknowledged: true } } } : state;
    }
  }
}
