import { EscalationPlan } from '../escalation/escalation.types';
import { IncidentEvent } from './incident.events';
import { IncidentStatus } from './incident-status';
import { at, by, command, declared, fact, historyTo, incidentId, spec } from './testing/incident-history';

const plan: EscalationPlan = {
  policyId: 'checkout-pages',
  policyName: 'Checkout pages',
  levels: [
    { targets: [{ kind: 'SCHEDULE', id: 'primary', mode: null }], delayMinutes: 5 },
    { targets: [{ kind: 'PERSON', id: 'bob', mode: null }], delayMinutes: 5 },
  ],
  repeat: 1,
  turn: 0,
};
const now = { incidentId, at, by };
const page = (pageId: string, person: string) => ({ pageId, person, via: ['EMAIL' as const] });
const step = (number: number, pages = [page(`p${number}`, 'ann')], extra: { start?: EscalationPlan | null; skipReason?: string | null; manual?: boolean } = {}) =>
  command('EscalateIncident', { step: number, start: extra.start ?? null, pages, skipReason: extra.skipReason ?? null, manual: extra.manual ?? false });
const started: IncidentEvent = { type: 'EscalationStarted', data: { ...fact, ...plan } };
const paged = (number: number, level: number, round: number, person = 'ann'): IncidentEvent => ({
  type: 'ResponderPaged',
  data: { ...fact, pageId: `p${number}`, person, via: ['EMAIL'], step: number, level, round, reason: 'ESCALATION' },
});

describe('paging', () => {
  it('starts the escalation with its plan and pages the first level', () => {
    spec
      .given([declared])
      .when(step(1, [page('p1', 'ann')], { start: plan }))
      .then([
        { type: 'EscalationStarted', data: { ...now, ...plan } },
        { type: 'ResponderPaged', data: { ...now, pageId: 'p1', person: 'ann', via: ['EMAIL'], step: 1, level: 1, round: 1, reason: 'ESCALATION' } },
      ]);
    spec.given([declared]).when(step(1)).thenFails('NO_ESCALATION_POLICY');
  });

  it('takes only the next step: a late, doubled or skipped-ahead step is refused as ESCALATION_MOVED_ON', () => {
    const history = [declared, started, paged(1, 1, 1)];
    spec.given(history).when(step(1)).thenFails('ESCALATION_MOVED_ON', { step: 2 });
    spec.given(history).when(step(3)).thenFails('ESCALATION_MOVED_ON', { step: 2 });
    spec
      .given(history)
      .when(step(2, [page('p2', 'bob')]))
      .then([{ type: 'ResponderPaged', data: { ...now, pageId: 'p2', person: 'bob', via: ['EMAIL'], step: 2, level: 2, round: 1, reason: 'ESCALATION' } }]);
  });

  it('goes round again, skips a level with nobody (saying why), and is exhausted after the last round', () => {
    const history = [declared, started, paged(1, 1, 1), paged(2, 2, 1, 'bob')];
    spec
      .given(history)
      .when(step(3, [], { skipReason: 'nobody is on call on schedule primary' }))
      .then([{ type: 'EscalationLevelSkipped', data: { ...now, step: 3, level: 1, round: 2, reason: 'nobody is on call on schedule primary' } }]);
    const lastRound = [...history, paged(3, 1, 2), paged(4, 2, 2, 'bob')];
    spec.given(lastRound).when(step(5, [])).then([{ type: 'EscalationExhausted', data: { ...now, step: 5, rounds: 2 } }]);
    spec.given([...lastRound, { type: 'EscalationExhausted', data: { ...fact, step: 5, rounds: 2 } }]).when(step(6)).thenFails('ESCALATION_STOPPED');
  });

  it('stops once the incident is acknowledged or no longer active', () => {
    const history = [declared, started, paged(1, 1, 1)];
    spec.given([...history, { type: 'IncidentAcknowledged', data: fact }]).when(step(2)).thenFails('ESCALATION_STOPPED');
    spec.given([...historyTo(IncidentStatus.RESOLVED), started, paged(1, 1, 1)]).when(step(2)).thenFails('INCIDENT_NOT_ACTIVE');
  });

  it('acknowledges through a page once, acknowledging the incident if nobody had', () => {
    const history = [declared, started, paged(1, 1, 1)];
    const acknowledge = command('AcknowledgePage', { pageId: 'p1' });
    spec
      .given(history)
      .when(acknowledge)
      .then([
        { type: 'PageAcknowledged', data: { ...now, pageId: 'p1', person: 'ann' } },
        { type: 'IncidentAcknowledged', data: now },
      ]);
    spec.given([...history, { type: 'IncidentAcknowledged', data: fact }]).when(acknowledge).then([{ type: 'PageAcknowledged', data: { ...now, pageId: 'p1', person: 'ann' } }]);
    spec.given([...history, { type: 'PageAcknowledged', data: { ...fact, pageId: 'p1', person: 'ann' } }]).when(acknowledge).thenFails('PAGE_ALREADY_USED');
    spec.given(history).when(command('AcknowledgePage', { pageId: 'nope' })).thenFails('PAGE_NOT_FOUND');
  });

  it('reassigns by paging the person chosen, without moving the escalation; a page id is used once', () => {
    const history = [declared, started, paged(1, 1, 1)];
    spec
      .given(history)
      .when(command('ReassignIncident', { page: page('r1', 'cat') }))
      .then([{ type: 'ResponderPaged', data: { ...now, pageId: 'r1', person: 'cat', via: ['EMAIL'], step: null, level: null, round: null, reason: 'REASSIGN' } }]);
    spec.given(history).when(command('ReassignIncident', { page: page('p1', 'cat') })).thenFails('INVALID_INPUT', { field: 'page.pageId' });
    spec.given([...history, { type: 'ResponderPaged', data: { ...fact, pageId: 'r1', person: 'cat', via: [], step: null, level: null, round: null, reason: 'REASSIGN' } }]).when(step(2, [page('p2', 'bob')])).then([
      { type: 'ResponderPaged', data: { ...now, pageId: 'p2', person: 'bob', via: ['EMAIL'], step: 2, level: 2, round: 1, reason: 'ESCALATION' } },
    ]);
  });
});
