import { Decider, foldEvents } from '../shared/decider';
import { DomainError, DomainErrorReason } from '../shared/domain-error';

/**
 * Given/when/then for deciders: given these past events, when this command,
 * then these new events, or this refusal.
 */
export function deciderSpecification<Command, Event, State>(decider: Decider<Command, Event, State>, now: Date) {
  return {
    given(events: Event[]) {
      return {
        when(command: Command) {
          const run = () => decider.decide(command, foldEvents(decider, events), now);
          return {
            then(expected: Event[]): void {
              expect(run()).toEqual(expected);
            },
            thenFails(reason: DomainErrorReason, details?: Record<string, unknown>): void {
              let failure: unknown;
              try {
                run();
              } catch (error) {
                failure = error;
              }
              expect(failure).toBeInstanceOf(DomainError);
              expect((failure as DomainError).reason).toBe(reason);
              if (details) expect((failure as DomainError).details).toMatchObject(details);
            },
          };
        },
      };
    },
  };
}
