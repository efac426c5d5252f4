import type { LoggerService } from '@nestjs/common';
import { ExecutionResult, GraphQLError, GraphQLFormattedError } from 'graphql';
import type { MercuriusContext } from 'mercurius';
import { describeError, ErrorCode } from './error-codes';
import { RequestContext } from '../graphql/request-context';

/** Where faults of ours are logged: Nest's logger in the server (passed in, so that this file loads without Nest). */
export type FaultLog = Pick<LoggerService, 'error'>;

/** Errors that mercurius raises before execution (parse, validation, depth) carry the list of GraphQL errors. */
interface MercuriusRequestError extends Error {
  code?: string;
  errors?: GraphQLError[];
  statusCode?: number;
}

const VARIABLE_ERROR = /^Variable "\$[^"]+" (got invalid value|of required type|of non-null type)/;

function requestErrorCode(error: GraphQLError): ErrorCode {
  if (error.message.startsWith('Syntax Error')) return 'GRAPHQL_PARSE_FAILED';
  if (VARIABLE_ERROR.test(error.message)) return 'BAD_USER_INPUT';
  if (typeof error.extensions?.code === 'string') return error.extensions.code as ErrorCode;
  return 'GRAPHQL_VALIDATION_FAILED';
}

/**
 * graphql-jit, which runs a query from its second request on, words a
 * variable a scalar refused without the scalar's reason (graphql-js keeps
 * it: "DateTime must be …"); the reason is its original error: put it back.
 */
function variableErrorMessage(error: GraphQLError): string {
  const reason = error.originalError instanceof GraphQLError ? error.originalError.message : undefined;
  if (!reason || !VARIABLE_ERROR.test(error.message) || error.message.includes(reason)) return error.message;
  return `${error.message} ${reason}`;
}

/** An error of the HTTP layer (malformed JSON, a body over the limit), raised before GraphQL runs. */
function httpStatusOf(error: GraphQLError): number | undefined {
  const status = (error.originalError as MercuriusRequestError | undefined)?.statusCode;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : undefined;
}

const HTTP_CODES: Record<number, ErrorCode> = { 413: 'PAYLOAD_TOO_LARGE' };

/** Gives every error an `extensions.code`; hides the details of server faults. */
export function formatGraphQLError(error: GraphQLError, logger: FaultLog, correlationId?: string): GraphQLFormattedError {
  const base = { message: error.message, locations: error.locations, path: error.path };
  const original = error.originalError;
  const httpStatus = httpStatusOf(error);
  if (httpStatus) return { message: error.message, extensions: { code: HTTP_CODES[httpStatus] ?? 'BAD_REQUEST' } };
  if (original && !(original instanceof GraphQLError)) {
    const described = describeError(original);
    if (described) {
      return { ...base, message: described.message, extensions: { ...described.extensions, code: described.code } };
    }
    logger.error({
      message: 'Unexpected error while resolving',
      correlationId,
      path: error.path?.join('.'),
      error: original.stack ?? String(original),
    });
    return { ...base, message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  }
  if (error.path && typeof error.extensions?.code !== 'string') {
    // An error in a field with no code of its own (a null for a non-null field, in compiled
    // queries too) is a fault of ours, not of the request.
    logger.error({ message: 'Unexpected error while resolving', correlationId, path: error.path.join('.'), error: error.message });
    return { ...base, message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  }
  const code = error.path ? (error.extensions.code as ErrorCode) : requestErrorCode(error);
  return { ...base, message: variableErrorMessage(error), extensions: { ...error.extensions, code } };
}

/**
 * Mercurius's error formatter: codes on every error; 200 when execution
 * started (the errors are in the body), 400 when the request itself was bad.
 */
export const mercuriusErrorFormatter = (logger: FaultLog) => (execution: ExecutionResult & { statusCode?: number }, context: MercuriusContext) => {
  const flattened: GraphQLError[] = [];
  let requestFailed = false;
  let httpStatus: number | undefined;
  for (const error of execution.errors ?? []) {
    httpStatus ??= httpStatusOf(error);
    const original = error.originalError as MercuriusRequestError | undefined;
    if (original?.errors && Array.isArray(original.errors)) {
      requestFailed = true;
      for (const inner of original.errors) {
        flattened.push(inner instanceof GraphQLError ? inner : new GraphQLError((inner as Error).message ?? String(inner)));
      }
    } else {
      if (!error.path && !execution.data) requestFailed = true;
      flattened.push(error);
    }
  }
  const { correlationId } = context as MercuriusContext & Partial<RequestContext>;
  const errors = flattened.map((error) => formatGraphQLError(error, logger, correlationId));
  return {
    statusCode: httpStatus ?? (requestFailed ? 400 : 200),
    response: { data: execution.data ?? null, errors },
  };
};
