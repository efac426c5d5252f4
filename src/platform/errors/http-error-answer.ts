import { GraphQLError } from 'graphql';
import { describeError, ErrorCode, ErrorDescription } from './error-codes';

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
