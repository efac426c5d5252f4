import { DomainError } from '@incident-ledger/domain';
import { GraphQLError } from 'graphql';
import { DuplicateEventIdError, WrongExpectedRevisionError } from '@incident-ledger/event-store';
import { InvalidCursorError, ReadModelStoppedError, ReadModelTimeoutError, UnknownIncidentError } from '@incident-ledger/read-models';
import { CommandIdReusedError } from '@incident-ledger/application';
import { SubscriptionLimitError } from './live-session.errors';

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

const DOMAIN_CODES: Record<DomainError['kind'], ErrorCode> = {
  invalid: 'BAD_USER_INPUT',
  'not-found': 'NOT_FOUND',
  conflict: 'CONFLICT',
};

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
    return { code: DOMAIN_CODES[error.kind], message: error.message, extensions: { reason: error.reason, ...error.details } };
  }
  if (error instanceof WrongExpectedRevisionError) {
    return {
      code: 'CONFLICT',
      message: `The incident has changed: it is at version ${error.actual + 1}, you expected ${
        typeof error.expected === 'number' ? error.expected + 1 : error.expected
      }. Nothing was written; reload it and decide again.`,
      extensions: {
        reason: 'VERSION_CONFLICT',
        actualVersion: error.actual + 1,
        expectedVersion: typeof error.expected === 'number' ? error.expected + 1 : null,
      },
    };
  }
  if (error instanceof DuplicateEventIdError) {
    return { code: 'CONFLICT', message: error.message, extensions: { reason: 'DUPLICATE_EVENT_ID' } };
  }
  if (error instanceof CommandIdReusedError) {
    return { code: 'BAD_USER_INPUT', message: error.message, extensions: { reason: 'COMMAND_ID_REUSED', field: 'commandId' } };
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

/**
 * The status each code answers with on the HTTP routes beside /graphql (the
 * review page, /health, unknown paths); /graphql itself answers refusals
 * with 200, in the GraphQL way. Every code has one, or this does not compile.
 */
const HTTP_STATUS: Record<ErrorCode, number> = {
  BAD_USER_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  GRAPHQL_PARSE_FAILED: 400,
  GRAPHQL_VALIDATION_FAILED: 400,
  BAD_REQUEST: 400,
  REQUEST_HEADER_FIELDS_TOO_LARGE: 431,
  REQUEST_TIMEOUT: 408,
  PAYLOAD_TOO_LARGE: 413,
  READ_MODEL_LAGGING: 503,
  LIMIT_EXCEEDED: 429,
  QUERY_TOO_COMPLEX: 400,
  RATE_LIMITED: 429,
  INTERNAL_SERVER_ERROR: 500,
};

/** The code of a refusal the HTTP layer raises by status (Nest's 404 for an unknown path, Fastify's 415…); the rest are BAD_REQUEST. */
const STATUS_CODES: Partial<Record<number, ErrorCode>> = {
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  408: 'REQUEST_TIMEOUT',
  413: 'PAYLOAD_TOO_LARGE',
  429: 'RATE_LIMITED',
  431: 'REQUEST_HEADER_FIELDS_TOO_LARGE',
};

/** A client error status carried by an error of the HTTP layer (Nest's HttpException, by its shape: this file stays free of Nest; Fastify's errors), if any. */
function clientErrorStatus(error: unknown): number | undefined {
  const candidate = error as { getStatus?: () => unknown; statusCode?: unknown } | null;
  const status = typeof candidate?.getStatus === 'function' ? candidate.getStatus() : candidate?.statusCode;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : undefined;
}

/** An error raised with its code already on it (UNAUTHENTICATED, FORBIDDEN), or by the HTTP layer with a status. */
function describeHttpError(error: unknown): (ErrorDescription & { status?: number }) | undefined {
  if (error instanceof GraphQLError && typeof error.extensions.code === 'string' && error.extensions.code in HTTP_STATUS) {
    const { code, ...extensions } = error.extensions;
    return { code: code as ErrorCode, message: error.message, extensions };
  }
  const status = clientErrorStatus(error);
  if (status === undefined) return undefined;
  return { code: STATUS_CODES[status] ?? 'BAD_REQUEST', message: (error as Error).message, status };
}

export interface HttpErrorAnswer {
  status: number;
  body: { errors: Array<{ message: string; extensions: Record<string, unknown> }> };
}

/**
 * What an HTTP route beside /graphql answers for an error: JSON in the
 * GraphQL error shape, with the code the same error gets over GraphQL. A
 * fault of ours is 500 INTERNAL_SERVER_ERROR with no details; the caller logs
 * them.
 */
export function httpErrorAnswer(error: unknown): HttpErrorAnswer {
  const described: (ErrorDescription & { status?: number }) | undefined = describeError(error) ?? describeHttpError(error);
  const { code, message, extensions, status } = described ?? { code: 'INTERNAL_SERVER_ERROR' as const, message: 'Internal server error' };
  return { status: status ?? HTTP_STATUS[code], body: { errors: [{ message, extensions: { ...extensions, code } }] } };
}
