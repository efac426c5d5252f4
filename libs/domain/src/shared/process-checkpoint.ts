import { Decider } from './decider';
import { eventCodec, EventCodec, EventSchemas, field } from './event-codec';

/**
 * Where a process that reads the log (the notification outbox, the reminder
 * planner) has read it to: one stream per process, written under the
 * once-only lease, read when the process starts. It only moves forward.
 */
export interface Checkpointed<Type extends string> {
  type: Type;
  data: { position: number; at: string };
}

export interface SaveCheckpoint {
  type: 'SaveCheckpoint';
  position: number;
}

export interface CheckpointState {
  position: number;
}

/** A process's checkpoint, stored as events of `type` (named per process: stored names stay). */
export function checkpointDecider<Type extends string>(type: Type): Decider<SaveCheckpoint, Checkpointed<Type>, CheckpointState> {
  return {
    decide: (command, state, now) => (command.position > state.position ? [{ type, data: { position: command.position, at: now.toISOString() } }] : []),
    evolve: (_state, event) => ({ position: event.data.position }),
    initialState: { position: 0 },
  };
}

export function checkpointCodec<Type extends string>(type: Type): EventCodec<Checkpointed<Type>> {
  // A computed key widens to string: the one type this codec knows is `type`.
  const schemas = { [type]: { shape: { position: field.integer, at: field.string } } } as EventSchemas<Checkpointed<Type>>;
  return eventCodec<Checkpointed<Type>>(schemas);
}
