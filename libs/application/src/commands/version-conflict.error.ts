import { WrongExpectedRevisionError } from '@incident-ledger/event-store';

/**
 * The client's `expectedVersion` is stale for its command: nothing was
 * written. A WrongExpectedRevisionError, so it is answered as every version
 * conflict is, and it also says what changed.
 */
export class VersionConflictError extends WrongExpectedRevisionError {
  /** The types of the events written since the client's version that touch what its command changes: each once, in order. */
  readonly changes: string[];

  constructor(streamId: string, expectedRevision: number, actualRevision: number, changes: readonly string[]) {
    super(streamId, expectedRevision, actualRevision);
    this.name = 'VersionConflictError';
    this.changes = [...new Set(changes)];
  }
}
