import { DomainError } from '../shared/domain-error';
import { shiftReminderPreferencesDecider as decider } from './shift-reminder-preferences';

const now = new Date('2027-03-22T00:00:00Z');
const set = (hoursBefore: number[] | null) => ({ type: 'SetShiftReminders' as const, person: 'bob', hoursBefore, actor: 'bob' });

describe('shift reminder preferences', () => {
  it('keeps a person’s hours longest first, each once; the same choice again is no change; null is the default again', () => {
    const [event] = decider.decide(set([1, 24, 1]), decider.initialState, now);
    expect(event.data.hoursBefore).toEqual([24, 1]);
    const state = decider.evolve(decider.initialState, event);
    expect(decider.decide(set([24, 1]), state, now)).toEqual([]);
    expect(decider.decide(set(null), state, now)[0].data.hoursBefore).toBeNull();
    expect(decider.decide(set([]), state, now)[0].data.hoursBefore).toEqual([]);
  });

  it('refuses hours that are not 1 to 168 whole hours, or more than five reminders, naming the field', () => {
    for (const hours of [[0], [169], [1.5], [1, 2, 3, 4, 5, 6]]) {
      let refusal: unknown;
      try {
        decider.decide(set(hours), decider.initialState, now);
      } catch (error) {
        refusal = error;
      }
      expect(refusal).toBeInstanceOf(DomainError);
      expect((refusal as DomainError).details).toEqual({ field: 'hoursBefore' });
    }
  });
});
