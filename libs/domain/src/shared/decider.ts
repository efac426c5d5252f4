/**
 * The decider pattern: `decide` judges a command against the state folded
 * from past events, `evolve` folds one event into the state.
 */
export interface Decider<Command, Event, State> {
  decide(command: Command, state: State, now: Date): Event[];
  evolve(state: State, event: Event): State;
  initialState: State;
  /**
   * Of the event types written since the version a client acted on, those
   * that make `command` stale (its `expectedVersion` then conflicts). Without
   * it, every event does.
   */
  conflicts?(command: Command, writtenSince: readonly string[]): string[];
}

export function foldEvents<Event, State>(
  decider: Pick<Decider<unknown, Event, State>, 'evolve' | 'initialState'>,
  events: Iterable<Event>,
): State {
  let state = decider.initialState;
  for (const event of events) state = decider.evolve(state, event);
  return state;
}
