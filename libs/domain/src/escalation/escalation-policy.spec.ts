import { DomainError } from '../shared/domain-error';
import { EscalationPolicyCommand, escalationPolicyDecider as decider, EscalationPolicyDefinition } from './escalation-policy';
import { stepOf } from './escalation.types';

const now = new Date('2027-01-11T10:00:00Z');
const definition: EscalationPolicyDefinition = {
  name: 'Checkout pages',
  ownerTeam: 'shop',
  levels: [{ targets: [{ kind: 'SCHEDULE', id: 'primary', mode: null }], delayMinutes: 5 }],
  repeat: 0,
  services: ['payments', 'checkout', 'checkout'],
};
const create = (changes: Partial<EscalationPolicyDefinition> = {}): EscalationPolicyCommand => ({ type: 'CreateEscalationPolicy', policyId: 'checkout-pages', actor: 'ann', ...definition, ...changes });

function refusal(command: EscalationPolicyCommand): unknown {
  try {
    decider.decide(command, decider.initialState, now);
  } catch (error) {
    return error instanceof DomainError ? error.details.field : error;
  }
  return undefined;
}

describe('escalation policy', () => {
  it('is defined whole each time; its services sorted and each once; the same definition again is no change', () => {
    const [event] = decider.decide(create(), decider.initialState, now);
    expect(event.data).toMatchObject({ policyId: 'checkout-pages', created: true, services: ['checkout', 'payments'] });
    const state = decider.evolve(decider.initialState, event);
    expect(decider.decide({ ...create(), type: 'ChangeEscalationPolicy' }, state, now)).toEqual([]);
    expect(decider.decide({ ...create({ repeat: 2 }), type: 'ChangeEscalationPolicy' }, state, now)[0].data).toMatchObject({ repeat: 2, created: false });
  });

  it('refuses what cannot page, naming the field', () => {
    expect(refusal(create({ levels: [] }))).toBe('levels');
    expect(refusal(create({ levels: [{ targets: [], delayMinutes: 5 }] }))).toBe('levels[0].targets');
    expect(refusal(create({ levels: [{ targets: [{ kind: 'PERSON', id: 'ann', mode: null }], delayMinutes: 0 }] }))).toBe('levels[0].delayMinutes');
    expect(refusal(create({ levels: [{ targets: [{ kind: 'TEAM', id: 'shop', mode: null }], delayMinutes: 5 }] }))).toBe('levels[0].targets[0].mode');
    expect(refusal(create({ repeat: 10 }))).toBe('repeat');
    expect(refusal(create({ services: ['Not A Slug'] }))).toBe('services');
  });

  it('places each step at its level and round, and none after the last round', () => {
    const plan = { levels: [definition.levels[0], definition.levels[0], definition.levels[0]], repeat: 1 };
    expect([1, 3, 4, 6, 7].map((step) => stepOf(plan, step))).toEqual([{ level: 1, round: 1 }, { level: 3, round: 1 }, { level: 1, round: 2 }, { level: 3, round: 2 }, null]);
  });
});
