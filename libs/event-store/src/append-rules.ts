import { AppendResult, ExpectedRevision, NewEvent, RecordedEvent } from './event-store.port';
import { DuplicateEventIdError, ImportRefusedError } from './event-store.errors';

export interface AppendRequest {
  kind: 'append';
  streamId: string;
  events: readonly NewEvent[];
  expected: ExpectedRevision;
}

export interface EraseRequest {
  kind: 'erase';
  streamId: string;
}

/**
 * What an embedded store's group commit queues. Erasures share the queue with appends so that each takes effect in
 * the order it was asked for: an append asked for before an erasure is erased with the stream, one asked for after
 * it is refused.
 */
export type WriteRequest = AppendRequest | EraseRequest;

/** An append's result; an erasure has none. */
export type WriteResult = AppendResult | undefined;

export interface StoredEventRef {
  streamId: string;
  revision: number;
  position: number;
}

export function assertStreamId(streamId: string): void {
  if (typeof streamId !== 'string' || streamId.length === 0) throw new TypeError('streamId must be a non-empty string');
}

export function assertAppendable(streamId: string, events: readonly NewEvent[]): void {
  assertStreamId(streamId);
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

/**
 * Checks events being imported, in the order given: positions strictly
 * increase, each stream's revisions run 0, 1, 2... and ids are unique.
 */
export class ImportChecker {
  private lastPosition = 0;
  private readonly nextRevision = new Map<string, number>();
  private readonly ids = new Set<string>();

  check(event: RecordedEvent): void {
    if (!Number.isSafeInteger(event.position) || event.position <= this.lastPosition) {
      throw new ImportRefusedError(`Event ${event.id} has position ${event.position}, after ${this.lastPosition}: positions must increase`);
    }
    const expected = this.nextRevision.get(event.streamId) ?? 0;
    if (event.revision !== expected) {
      throw new ImportRefusedError(`Event ${event.id} has revision ${event.revision} in ${event.streamId}, expected ${expected}`);
    }
    if (this.ids.has(event.id)) throw new ImportRefusedError(`Event id ${event.id} appears twice`);
    if (typeof event.type !== 'string' || !event.type || typeof event.recordedAt !== 'string') {
      throw new ImportRefusedError(`Event at position ${event.position} lacks a type or a recording time`);
    }
    this.ids.add(event.id);
    this.nextRevision.set(event.streamId, expected + 1);
    this.lastPosition = event.position;
  }

  get headPosition(): number {
    return this.lastPosition;
  }
}
