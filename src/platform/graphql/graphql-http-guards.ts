import type { FastifyInstance, FastifyReply, FastifyRequest, preHandlerHookHandler } from 'fastify';
import { DocumentNode, getOperationAST, GraphQLError, Kind, parse } from 'graphql';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';

/**
 * The most tokens a GraphQL document may hold. Parsing is recursive, so a
 * document nested thousands deep would overflow the stack before the depth
 * limit could refuse it; 4,000 tokens stay far below that and far above any
 * real operation (the introspection query GraphiQL sends has about 300).
 */
export const MAX_QUERY_TOKENS = 4000;

/**
 * The deepest nesting of braces, brackets and parentheses a document may
 * have, checked on the text before parsing: the parser recurses once per
 * level, and the depth limit only applies after a successful parse.
 */
export const MAX_QUERY_NESTING = 64;

/** The deepest nesting of { [ ( in GraphQL text, strings and comments left out. */
export function nestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '"') {
      const block = text.startsWith('"""', i);
      const end = block ? text.indexOf('"""', i + 3) : findStringEnd(text, i + 1);
      if (end < 0) break;
      i = block ? end + 2 : end;
    } else if (char === '#') {
      const end = text.indexOf('\n', i);
      if (end < 0) break;
      i = end;
    } else if (char === '{' || char === '[' || char === '(') {
      depth += 1;
      if (depth > deepest) deepest = depth;
    } else if (char === '}' || char === ']' || char === ')') {
      depth = Math.max(0, depth - 1);
    }
  }
  return deepest;
}

function findStringEnd(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    if (text[i] === '\\') i += 1;
    else if (text[i] === '"' || text[i] === '\n') return i;
  }
  return -1;
}

/** Refuses a document too deep or too long to parse safely; returns the reason, or undefined when it may be parsed. */
export function unparsableReason(query: string): string | undefined {
  const depth = nestingDepth(query);
  if (depth > MAX_QUERY_NESTING) return `The document nests ${depth} deep; at most ${MAX_QUERY_NESTING} levels of { [ ( are accepted`;
  return undefined;
}

function refusal(code: string, message: string): string {
  return JSON.stringify({ data: null, errors: [{ message, extensions: { code } }] });
}

/** The query text of a GraphQL request over HTTP: the body's `query`, GET's `?query=`, or an application/graphql body. */
function queryOf(request: FastifyRequest): unknown {
  if (request.method === 'GET') return (request.query as Record<string, unknown> | undefined)?.query;
  if (typeof request.body === 'string') return request.body;
  if (request.body && typeof request.body === 'object' && !Array.isArray(request.body)) {
    return (request.body as Record<string, unknown>).query;
  }
  return undefined;
}

function isJsonObjectText(text: unknown): boolean {
  if (typeof text !== 'string') return false;
  try {
    const value: unknown = JSON.parse(text);
    return value === null || (typeof value === 'object' && !Array.isArray(value));
  } catch {
    return false;
  }
}

/**
 * Mercurius reads a query that does not parse as GraphQL but does parse as
 * JSON as a ready-made syntax tree, and a non-string query as one too. That
 * is a back door past parsing, and malformed trees crash validation: here a
 * query must be GraphQL text.
 *
 * The check belongs to the GraphQL route itself, whatever spelling of its
 * path reached it (`/%67raphql` is routed there too, and a check of the raw
 * URL let it through), and costs every other route nothing. Call this before
 * the GraphQL module registers its routes.
 */
export function installGraphQLRequestChecks(fastify: FastifyInstance, path = '/graphql'): void {
  // graphql-ws connections send their operations as messages, which the GraphQL module parses itself.
  const checkHook: preHandlerHookHandler = (request, reply, done) => {
    if (request.headers.upgrade?.toLowerCase() === 'websocket') return done();
    check(request, reply).then(() => {
      if (!reply.sent) done();
    }, done);
  };
  let guardedRoutes = 0;
  fastify.addHook('onRoute', (route) => {
    if (route.url !== path) return;
    const own = route.preHandler === undefined ? [] : Array.isArray(route.preHandler) ? route.preHandler : [route.preHandler];
    route.preHandler = [checkHook, ...own];
    guardedRoutes += 1;
  });
  // Installed too late, the checks would be missing without a sound: the server does not start instead.
  fastify.addHook('onReady', (done) => {
    done(guardedRoutes > 0 ? undefined : new Error(`The GraphQL request checks saw no route at ${path}: install them before the GraphQL module registers its routes`));
  });

  async function check(request: FastifyRequest, reply: FastifyReply): Promise<unknown> {
    const query = queryOf(request);
    if (query === undefined) return;
    const refuse = (code: string, message: string) =>
      reply.code(400).header('content-type', 'application/json; charset=utf-8').send(refusal(code, message));
    if (typeof query !== 'string') return refuse('BAD_REQUEST', 'query must be a string of GraphQL');
    const tooDeep = unparsableReason(query);
    if (tooDeep) return refuse('GRAPHQL_PARSE_FAILED', tooDeep);
    // Only text that could be JSON can take the back door, and only GET needs its operation found
    // here (mercurius looks it up unchecked); anything else is left to the normal parser.
    const isGet = request.method === 'GET';
    if (!isGet && !/^\s*[[{"\d\-tfn]/.test(query)) return;
    let document: DocumentNode;
    try {
      document = parse(query, { maxTokens: MAX_QUERY_TOKENS });
    } catch (error) {
      if (error instanceof GraphQLError) return refuse('GRAPHQL_PARSE_FAILED', error.message);
      throw error;
    }
    if (isGet) {
      const { operationName, variables } = request.query as Record<string, unknown>;
      if (operationName !== undefined && typeof operationName !== 'string') return refuse('BAD_REQUEST', 'operationName must be a string');
      // Mercurius parses `?variables=` as JSON and passes on whatever it is; graphql-js then fails on anything but an object.
      if (variables !== undefined && !isJsonObjectText(variables)) return refuse('BAD_REQUEST', 'variables must be a JSON object');
      if (!getOperationAST(document, operationName)) {
        return refuse('BAD_REQUEST', operationName === undefined ? 'The document must hold exactly one operation, or name one with operationName' : `No operation named "${operationName}"`);
      }
    }
    return undefined;
  }
}

/** The same check for documents arriving over graphql-ws (mercurius's preSubscriptionParsing hook). */
export function refuseUnparsableSubscriptions(_schema: unknown, source: string): void {
  const tooDeep = unparsableReason(source);
  if (tooDeep) throw new GraphQLError(tooDeep, { extensions: { code: 'GRAPHQL_PARSE_FAILED' } });
}

/**
 * Each transport carries its own operations: subscriptions over graphql-ws
 * only (over HTTP they would run once as a query and fail), queries and
 * mutations over HTTP only (where the per-key rate limit applies). Mercurius's
 * preExecution hook, run for both.
 */
export function refuseOperationsOnTheWrongTransport(_schema: unknown, document: DocumentNode, context: { socket?: unknown }): void {
  const operations = document.definitions.filter((definition) => definition.kind === Kind.OPERATION_DEFINITION);
  const overWebSocket = context.socket !== undefined;
  if (!overWebSocket && operations.some((operation) => operation.operation === 'subscription')) {
    throw new GraphQLError('Subscriptions are served over graphql-ws (ws://…/graphql), not over HTTP', { extensions: { code: 'BAD_REQUEST' } });
  }
  if (overWebSocket && operations.some((operation) => operation.operation !== 'subscription')) {
    throw new GraphQLError('Queries and mutations are served over HTTP (POST /graphql); graphql-ws carries subscriptions only', {
      extensions: { code: 'BAD_REQUEST' },
    });
  }
}

/**
 * Errors the HTTP parser raises before any route runs (headers or a query
 * string too large, a malformed request line) answered in the GraphQL error
 * shape, as every other refusal.
 */
export function clientErrorHandler(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, code, message] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'REQUEST_HEADER_FIELDS_TOO_LARGE', 'The request line or headers are too large (for long queries, use POST)']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'REQUEST_TIMEOUT', 'The request took too long to arrive']
        : [400, 'BAD_REQUEST', 'The request is not valid HTTP'];
  const body = refusal(code, message);
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nContent-Type: application/json; charset=utf-8\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}
