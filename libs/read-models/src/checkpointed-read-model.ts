import { RecordedEvent } from '@incident-ledger/event-store';
import { Projection } from './projector';

/**
 * A read model that keeps, with its state, the position of the last event it
 * applied: delivery is at least once, the effect exactly once, because an
 * event at or before the checkpoint is skipped.
 */
export abstract class CheckpointedReadModel<Result = void, State = unknown> implements Projection {
  private checkpoint = 0;

  get position(): number {
    return this.checkpoint;
  }

  /** How many things it holds (incidents, keys, entries): what the logs say it loaded. */
  abstract get size(): number;

  /** The whole state with its checkpoint, as plain data (Maps allowed) for a snapshot. */
  toSnapshot(): { position: number; state: State } {
    return { position: this.checkpoint, state: this.snapshotState() };
  }

  /** Takes the state of a snapshot; the next event applied is the first after its position. */
  restore(snapshot: { position: number; state: State }): void {
    this.restoreState(snapshot.state);
    this.checkpoint = snapshot.position;
  }

  protected abstract snapshotState(): State;
  protected abstract restoreState(state: State): void;

  apply(event: RecordedEvent): Result | undefined {
    if (event.position <= this.checkpoint) return undefined;
    this.checkpoint = event.position;
    return this.applyNew(event);
  }

  /** Folds an event not applied before; events of other streams included, to ignore as needed. */
  protected abstract applyNew(event: RecordedEvent): Result | undefined;
}
