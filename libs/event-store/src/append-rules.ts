import { AppendResult, NewEvent } from './event-store.port';
import { DuplicateEventIdError } from './event-store.errors';

export interface StoredEventRef {
  streamId: string;
  revision: number;
  position: number;
}

export function assertAppendable(streamId: string, events: readonly NewEvent[]): void {
  if (typeof streamId !== 'string' || streamId.length === 0) throw new TypeError('streamId must be a non-empty string');
  if (events.length === 0) throw new TypeError('append needs at least one event');
  const ids = new Set<string>();
  for (const event of events) {
    if (typeof event.id !== 'string' || event.id.length === 0) throw new TypeError('every event needs an id');
    if (typeof event.type !== 'string' || event.type.length === 0) throw new TypeError('every event needs a type');
    if (ids.has(event.id)) throw new TypeError(`event id ${event.id} appears twice in one append`);
    ids.add(event.id);
  }
}

/**
 * Idempotent re-append: when every event id of an append is already stored,
 * consecutively in the same stream, the append already happened and its
 * original result is returned. When only some are, it is refused.
 * Returns undefined when none of the ids is stored.
 */
export function findPriorAppend(
  streamId: string,
  events: readonly NewEvent[],
  lookup: (eventId: string) => StoredEventRef | undefined,
): AppendResult | undefined {
  const stored = events.map((event) => lookup(event.id));
  if (stored.every((ref) => ref === undefined)) return undefined;
  const first = stored[0];
  const consistent =
    first !== undefined &&
    stored.every(
      (ref, index) => ref !== undefined && ref.streamId === streamId && ref.revision === first.revision + index,
    );
  if (!consistent) {
    const clash = events[stored.findIndex((ref) => ref !== undefined)];
    throw new DuplicateEventIdError(streamId, clash.id);
  }
  const last = stored[stored.length - 1] as StoredEventRef;
  return {
    streamId,
    nextRevision: last.revision,
    firstPosition: first.position,
    lastPosition: last.position,
    alreadyAppended: true,
  };
}
