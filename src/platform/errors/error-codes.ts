import { DomainError, DomainErrorKind } from '@incident-ledger/domain';
import { GraphQLError } from 'graphql';
import { DuplicateEventIdError, WrongExpectedRevisionError } from '@incident-ledger/event-store';
import { InvalidCursorError, ReadModelStoppedError, ReadModelTimeoutError, UnknownIncidentError } from '@incident-ledger/read-models';
import { CommandIdReusedError, NotTeamMemberError, UnknownIntegrationKeyError, VersionConflictError } from '@incident-ledger/application';
import { SubscriptionLimitError } from '../graphql/live-session.errors';
import { kindOf, streamNoun } from './domain-refusals';

/** The `extensions.code` values clients can rely on. */
export type ErrorCode =
  | 'BAD_USER_INPUT'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'GRAPHQL_PARSE_FAILED'
  | 'GRAPHQL_VALIDATION_FAILED'
  | 'BAD_REQUEST'
  | 'REQUEST_HEADER_FIELDS_TOO_LARGE'
  | 'REQUEST_TIMEOUT'
  | 'PAYLOAD_TOO_LARGE'
  | 'READ_MODEL_LAGGING'
  | 'LIMIT_EXCEEDED'
  | 'QUERY_TOO_COMPLEX'
  | 'RATE_LIMITED'
  | 'INTERNAL_SERVER_ERROR';

export interface ErrorDescription {
  code: ErrorCode;
  message: string;
  extensions?: Record<string, unknown>;
}

/** A bad argument found by input validation, field by field. */
export class InputValidationError extends Error {
  constructor(readonly problems: Array<{ field: string; messages: string[] }>) {
    super(problems.map((problem) => problem.messages.join('; ')).join('; '));
    this.name = 'InputValidationError';
  }
}

/** One bad argument, as an InputValidationError. */
export function invalidInput(field: string, message: string): InputValidationError {
  return new InputValidationError([{ field, messages: [message] }]);
}

/** The code of each kind of refusal: a kind added without its code here does not compile. */
function domainErrorCode(kind: DomainErrorKind): ErrorCode {
  switch (kind) {
    case 'invalid':
      return 'BAD_USER_INPUT';
    case 'not-found':
      return 'NOT_FOUND';
    case 'conflict':
      return 'CONFLICT';
    default:
      return unmapped(kind);
  }
}

function unmapped(kind: never): never {
  throw new Error(`No code for refusals of kind ${String(kind)}`);
}

/** A stale expected revision, in the stream's versions (revision + 1) and naming what the stream holds. */
function versionConflict(error: WrongExpectedRevisionError): ErrorDescription {
  const expectedVersion = typeof error.expected === 'number' ? error.expected + 1 : null;
  const noun = streamNoun(error.streamId);
  // What changed since the client's version, when the executor looked (the event types that made the command stale).
  const changes = error instanceof VersionConflictError ? error.changes : null;
  const since = changes?.length ? ` (since then: ${changes.join(', ')})` : '';
  return {
    code: 'CONFLICT',
    message: `The ${noun} has changed: it is at version ${error.actual + 1}, you expected ${expectedVersion ?? error.expected}${since}. Nothing was written; reload it and decide again.`,
    extensions: { reason: 'VERSION_CONFLICT', actualVersion: error.actual + 1, expectedVersion, ...(changes && { changes }) },
  };
}

/**
 * The one place where an error raised anywhere below the API becomes an
 * `extensions.code` for clients. Returns undefined for errors that are not
 * the client's doing: those are logged and answered as INTERNAL_SERVER_ERROR.
 */
export function describeError(error: unknown): ErrorDescription | undefined {
  if (error instanceof SubscriptionLimitError) {
    return { code: 'LIMIT_EXCEEDED', message: error.message, extensions: { limit: error.limit } };
  }
  if (error instanceof DomainError) {
    return { code: domainErrorCode(kindOf(error)), message: error.message, extensions: { reason: error.reason, ...error.details } };
  }
  if (error instanceof WrongExpectedRevisionError) return versionConflict(error);
  if (error instanceof DuplicateEventIdError) {
    return { code: 'CONFLICT', message: error.message, extensions: { reason: 'DUPLICATE_EVENT_ID' } };
  }
  if (error instanceof CommandIdReusedError) {
    return { code: 'BAD_USER_INPUT', message: error.message, extensions: { reason: 'COMMAND_ID_REUSED', field: 'commandId' } };
  }
  if (error instanceof NotTeamMemberError) {
    return { code: 'FORBIDDEN', message: error.message, extensions: { reason: 'NOT_TEAM_MEMBER', team: error.team } };
  }
  if (error instanceof UnknownIntegrationKeyError) {
    return { code: 'UNAUTHENTICATED', message: error.message, extensions: { reason: 'UNKNOWN_INTEGRATION_KEY' } };
  }
  if (error instanceof InputValidationError) {
    return { code: 'BAD_USER_INPUT', message: error.message, extensions: { reason: 'INVALID_INPUT', fields: error.problems } };
  }
  if (error instanceof InvalidCursorError) {
    return { code: 'BAD_USER_INPUT', message: error.message, extensions: { reason: 'INVALID_CURSOR', field: 'after' } };
  }
  if (error instanceof UnknownIncidentError) {
    // The same answer as a command on an unknown incident gets.
    return { code: 'NOT_FOUND', message: error.message, extensions: { reason: 'INCIDENT_NOT_FOUND', incidentId: error.incidentId } };
  }
  if (error instanceof ReadModelTimeoutError) {
    return {
      code: 'READ_MODEL_LAGGING',
      message: `Your change is stored (position ${error.position}), but the read models are behind; query again shortly.`,
      extensions: { position: error.position },
    };
  }
  if (error instanceof ReadModelStoppedError) {
    // The same code as a lagging read model (the write is stored; do not send it again), with the reason that waiting will not help.
    return {
      code: 'READ_MODEL_LAGGING',
      message: `Your change is stored (position ${error.position}), but the read model it is answered from (${error.stop.readModel}) has stopped at an event it could not apply; its operators see which in /health and the server log.`,
      extensions: { reason: 'READ_MODEL_STOPPED', readModel: error.stop.readModel, position: error.position },
    };
  }
  return undefined;
}

/**
 * For paths that send errors without the error formatter (a subscription
 * refused at start): the error as a GraphQLError that already carries its code.
 */
export function withErrorCode(error: unknown): unknown {
  const described = describeError(error);
  if (!described) return error;
  return new GraphQLError(described.message, {
    originalError: error instanceof Error ? error : undefined,
    extensions: { ...described.extensions, code: described.code },
  });
}
