import { ExpectedRevision } from './event-store.port';

/** The stream is not where the appender expected it: nothing was written. */
export class WrongExpectedRevisionError extends Error {
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    /** Revision of the stream's last event, or -1 when the stream does not exist. */
    readonly actual: number,
  ) {
    super(
      `Stream ${streamId} is at revision ${actual < 0 ? '(none)' : actual}, expected ${describeExpected(expected)}`,
    );
    this.name = 'WrongExpectedRevisionError';
  }
}

/** Some, but not all, of the appended event ids are already stored (or stored elsewhere): nothing was written. */
export class DuplicateEventIdError extends Error {
  constructor(
    readonly streamId: string,
    readonly eventId: string,
  ) {
    super(`Event ${eventId} is already stored, but not as part of the same append to ${streamId}`);
    this.name = 'DuplicateEventIdError';
  }
}

/** The stream was erased (`eraseStream`): it can never be written again, and nothing was written. */
export class StreamErasedError extends Error {
  constructor(readonly streamId: string) {
    super(`Stream ${streamId} was erased: it can never be written again`);
    this.name = 'StreamErasedError';
  }
}

export class EventStoreClosedError extends Error {
  constructor() {
    super('The event store is closed');
    this.name = 'EventStoreClosedError';
  }
}

function describeExpected(expected: ExpectedRevision): string {
  return typeof expected === 'number' ? `revision ${expected}` : expected;
}

export function satisfiesExpected(expected: ExpectedRevision, actual: number): boolean {
  switch (expected) {
    case 'any':
      return true;
    case 'no-stream':
      return actual === -1;
    case 'stream-exists':
      return actual >= 0;
    default:
      return actual === expected;
  }
}

/** An import that the store cannot take as it is: the store is not empty, or the events are out of order. */
export class ImportRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportRefusedError';
  }
}
