/**
 * Benchmark peer: the ledger's own GraphQL resolvers, modules, guard, pipe and
 * exception filter (loaded from the product's build in /work/main/dist) served
 * on the default NestJS stack, NestJS + Express 5 + Apollo Server 5
 * (@nestjs/apollo's ApolloDriver), instead of production's Fastify + Mercurius.
 *
 * Started like the product (apps/bench/support/server-process.ts): the same
 * environment variables (loadConfig), one JSON line "Incident Ledger is
 * listening" with the port once it listens, app.close() and exit 0 on SIGTERM.
 *
 * Like production:
 * - every request to /graphql is authenticated before its body is read
 *   (Authorization: Bearer <key> or X-Api-Key, the product's Authenticator),
 *   refused with 401 UNAUTHENTICATED, and spends from the same per-key rate
 *   limit (RATE_LIMIT_PER_SECOND / RATE_LIMIT_BURST, 429 RATE_LIMITED);
 * - the GraphQL context is `{ principal, correlationId }` (correlation id from
 *   X-Correlation-Id or a fresh UUID, echoed in the answer's header);
 * - the same validation (depth limit, query cost rule, parser token limit),
 *   error formatting (formatGraphQLError), refusal of subscriptions over HTTP,
 *   security headers and body limit (BODY_LIMIT_BYTES) apply.
 *
 * Left out, on purpose:
 * - AnalyticsModule's ReviewReportController and HealthController: they answer
 *   through Fastify's reply. The analytics *resolvers* are served (the GraphQL
 *   schema is the product's whole schema).
 * - Subscriptions have no transport here (no graphql-ws server): the
 *   Subscription type and its resolvers stay in the schema, unchanged, but
 *   Apollo Server only serves queries and mutations over HTTP.
 * - Mercurius-only features: graphql-jit, GraphiQL, and the Fastify request
 *   checks (pre-parse nesting scan, JSON-AST back door); the depth limit is kept
 *   (queryDepthRule below).
 * - Request-level errors (parse, validation) are Apollo's shape: no `data`
 *   key where Mercurius answers `"data": null`; answers end with a newline.
 */
import 'reflect-metadata';
import { DynamicModule, Logger, LogLevel, LoggerService, Module, Type, ValidationError, ValidationPipe } from '@nestjs/common';
import { APP_FILTER, APP_PIPE, NestFactory } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { ExpressAdapter, NestExpressApplication } from '@nestjs/platform-express';
import { DocumentNode, GraphQLError, GraphQLFormattedError, ValidationRule } from 'graphql';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

// ---------------------------------------------------------------------------
// The product's compiled modules (dist has no .d.ts): required at run time,
// typed here with just what this file uses.

const PRODUCT_DIST = join(__dirname, '../../../dist/src');

function product<T>(path: string): T {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(join(PRODUCT_DIST, path)) as T;
}

interface Principal {
  id: string;
  name: string;
  role: string;
  kind: string;
}

interface AppConfig {
  PORT: number;
  HOST: string;
  EVENT_STORE: string;
  LOG_LEVEL: string;
  BODY_LIMIT_BYTES: number;
  GRAPHQL_MAX_DEPTH: number;
  GRAPHQL_MAX_COST: number;
  RATE_LIMIT_PER_SECOND: number;
  RATE_LIMIT_BURST: number;
  SHUTDOWN_TIMEOUT_MS: number;
  readonly databasePath: string;
}

interface Authenticator {
  authenticate(credential: string | undefined, address?: string): Promise<Principal>;
}

interface RateLimiter {
  take(key: string): { allowed: true } | { allowed: false; retryAfterSeconds: number };
}

const { loadConfig, ConfigError } = product<{
  loadConfig(env: NodeJS.ProcessEnv): AppConfig;
  ConfigError: new (...args: never[]) => Error & { problems: string[] };
}>('../libs/application/src/config/app-config');
const { LedgerCoreModule } = product<{ LedgerCoreModule: { forRoot(config: AppConfig): DynamicModule } }>(
  'platform/core/ledger-core.module',
);
const { AuthModule } = product<{ AuthModule: Type<unknown> }>('platform/auth/auth.module');
const { Authenticator } = product<{ Authenticator: Type<Authenticator> }>('platform/auth/authenticator');
const { UnauthenticatedError, TooManyFailuresError } = product<{
  UnauthenticatedError: new (...args: never[]) => GraphQLError;
  TooManyFailuresError: new (...args: never[]) => GraphQLError & { retryAfterSeconds: number };
}>('platform/auth/auth.errors');
const { RateLimiter } = product<{ RateLimiter: new (perSecond: number, burst: number) => RateLimiter }>('platform/auth/rate-limiter');
const { IncidentsModule } = product<{ IncidentsModule: Type<unknown> }>('incidents/incidents.module');
const { AnalyticsResolver } = product<{ AnalyticsResolver: Type<unknown> }>('analytics/graphql/analytics.resolver');
const { ReviewAnalytics } = product<{ ReviewAnalytics: Type<unknown> }>('analytics/review-analytics');
const { ReviewLinks } = product<{ ReviewLinks: Type<unknown> }>('analytics/review-links');
const { AuditModule } = product<{ AuditModule: Type<unknown> }>('audit/audit.module');
const { CatalogueModule } = product<{ CatalogueModule: Type<unknown> }>('catalogue/catalogue.module');
const { NotificationsModule } = product<{ NotificationsModule: Type<unknown> }>('notifications/notifications.module');
const { TimersModule } = product<{ TimersModule: Type<unknown> }>('timers/timers.module');
const { RemindersModule } = product<{ RemindersModule: Type<unknown> }>('reminders/reminders.module');
const { OncallModule } = product<{ OncallModule: Type<unknown> }>('oncall/oncall.module');
const { AlertingModule } = product<{ AlertingModule: Type<unknown> }>('alerting/alerting.module');
const { EscalationModule } = product<{ EscalationModule: Type<unknown> }>('escalation/escalation.module');
const { StatuspageModule } = product<{ StatuspageModule: Type<unknown> }>('statuspage/statuspage.module');
const { LedgerContext } = product<{ LedgerContext(registration: unknown): ClassDecorator }>('platform/core/ledger-context');
const { ANALYTICS_CONTEXT } = product<{ ANALYTICS_CONTEXT: unknown }>('../libs/application/src/analytics/analytics.context');
const { ApiExceptionFilter } = product<{ ApiExceptionFilter: Type<unknown> }>('platform/errors/api-exception.filter');
const { InputValidationError } = product<{
  InputValidationError: new (fields: Array<{ field: string; messages: string[] }>) => Error;
}>('platform/errors/error-codes');
const { formatGraphQLError } = product<{
  formatGraphQLError(error: GraphQLError, logger: Pick<LoggerService, 'error'>, correlationId?: string): GraphQLFormattedError;
}>('platform/errors/graphql-error-formatter');
const { MAX_QUERY_TOKENS, refuseOperationsOnTheWrongTransport } = product<{
  MAX_QUERY_TOKENS: number;
  refuseOperationsOnTheWrongTransport(schema: unknown, document: DocumentNode, context: { socket?: unknown }): void;
}>('platform/graphql/graphql-http-guards');
const { maxCostRule } = product<{ maxCostRule(maxCost: number): ValidationRule }>('platform/graphql/query-cost');
const { correlationIdFrom, credentialFromHeaders, CORRELATION_HEADER } = product<{
  correlationIdFrom(headers: IncomingHttpHeaders): string;
  credentialFromHeaders(headers: IncomingHttpHeaders): string | undefined;
  CORRELATION_HEADER: string;
}>('platform/graphql/request-context');
const { JsonLogger, levelsFrom } = product<{
  JsonLogger: new (levels: LogLevel[]) => LoggerService;
  levelsFrom(threshold: LogLevel): LogLevel[];
}>('platform/logging/json-logger');

/**
 * Production's depth limit (GRAPHQL_MAX_DEPTH) is mercurius's `queryDepth`
 * option: its pure depth function, used here as a validation rule, gives the
 * same limit and message (Apollo answers it as GRAPHQL_VALIDATION_FAILED, 400).
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const queryDepth = require('mercurius/lib/queryDepth') as (definitions: DocumentNode['definitions'], limit: number) => Error[];

function queryDepthRule(limit: number): ValidationRule {
  return (context) => ({
    Document(document) {
      for (const error of queryDepth(document.definitions, limit)) context.reportError(new GraphQLError(error.message));
    },
  });
}

// ---------------------------------------------------------------------------

const STACK = 'nest-express-apollo';
const GRAPHQL_PATH = '/graphql';

/** An Express request as the middleware below leaves it. */
type LedgerRequest = IncomingMessage & { id?: string; principal?: Principal };
type Next = (error?: unknown) => void;

/** As in src/app.module.ts. */
function flattenValidationErrors(errors: ValidationError[], prefix = ''): Array<{ field: string; messages: string[] }> {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, messages: Object.values(error.constraints) }] : [];
    return [...own, ...flattenValidationErrors(error.children ?? [], field)];
  });
}

function graphqlOptions(config: AppConfig): ApolloDriverConfig {
  return {
    driver: ApolloDriver,
    autoSchemaFile: true,
    sortSchema: true,
    path: GRAPHQL_PATH,
    graphiql: false,
    introspection: true,
    includeStacktraceInErrorResponses: false,
    parseOptions: { maxTokens: MAX_QUERY_TOKENS },
    validationRules: [queryDepthRule(config.GRAPHQL_MAX_DEPTH), maxCostRule(config.GRAPHQL_MAX_COST)],
    // Field resolvers run without guards, pipes or interceptors, as in production.
    fieldResolverEnhancers: [],
    // The request was authenticated before its body was read (authenticate() below).
    context: ({ req }: { req: LedgerRequest }) => ({ principal: req.principal, correlationId: req.id }),
    formatError,
    plugins: [
      {
        // As production's preExecution hook: a subscription sent over HTTP is a bad request (400), not run as a query.
        async requestDidStart() {
          return {
            async didResolveOperation({ schema, document }) {
              try {
                refuseOperationsOnTheWrongTransport(schema, document, {});
              } catch (error) {
                if (!(error instanceof GraphQLError)) throw error;
                throw new GraphQLError(error.message, { extensions: { ...error.extensions, http: { status: 400 } } });
              }
            },
          };
        },
      },
    ],
  };
}

/** The product's error formatting (codes on every error, faults hidden), without Apollo's internal `extensions.http`. */
function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  if (!(error instanceof GraphQLError)) return formatted;
  const result = formatGraphQLError(error, faultLog);
  if (!result.extensions || !('http' in result.extensions)) return result;
  const { http: _http, ...extensions } = result.extensions;
  return { ...result, extensions };
}

/** Where the error formatter logs faults (the answer hides them). */
const faultLog = new Logger('GraphQL');

/** The analytics context's resolvers, without its HTML controller (Fastify's): the context the server checks for at start. */
@LedgerContext(ANALYTICS_CONTEXT)
@Module({ providers: [ReviewAnalytics, ReviewLinks, AnalyticsResolver] })
class AnalyticsResolversModule {}

@Module({})
class ApolloAppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ApolloAppModule,
      imports: [
        LedgerCoreModule.forRoot(config),
        AuthModule,
        GraphQLModule.forRootAsync<ApolloDriverConfig>({ driver: ApolloDriver, useFactory: () => graphqlOptions(config) }),
        IncidentsModule,
        AnalyticsResolversModule,
        AuditModule,
        CatalogueModule,
        NotificationsModule,
        TimersModule,
        RemindersModule,
        OncallModule,
        AlertingModule,
        EscalationModule,
        StatuspageModule,
      ],
      providers: [
        { provide: APP_FILTER, useClass: ApiExceptionFilter },
        {
          provide: APP_PIPE,
          useValue: new ValidationPipe({
            transform: true,
            forbidUnknownValues: true,
            exceptionFactory: (errors) => new InputValidationError(flattenValidationErrors(errors)),
          }),
        },
      ],
    };
  }
}

function refuse(res: ServerResponse, status: number, code: string, message: string, headers: Record<string, string>): void {
  res.writeHead(status, { ...headers, 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify({ data: null, errors: [{ message, extensions: { code } }] }));
}

/** src/auth/http-authentication.ts as Express middleware, mounted on /graphql before the body parser. */
function authenticate(authenticator: Authenticator, perKey: RateLimiter) {
  return (req: LedgerRequest, res: ServerResponse, next: Next): void => {
    if (req.method === 'OPTIONS') return next();
    authenticator.authenticate(credentialFromHeaders(req.headers), req.socket.remoteAddress ?? '').then(
      (principal) => {
        req.principal = principal;
        const spent = perKey.take(principal.id);
        if (!spent.allowed) {
          return refuse(res, 429, 'RATE_LIMITED', `Rate limit reached for this credential; retry in ${spent.retryAfterSeconds} s`, {
            'retry-after': String(spent.retryAfterSeconds),
          });
        }
        next();
      },
      (error: unknown) => {
        if (error instanceof TooManyFailuresError) {
          return refuse(res, 429, 'RATE_LIMITED', error.message, { 'retry-after': String(error.retryAfterSeconds) });
        }
        if (!(error instanceof UnauthenticatedError)) return next(error);
        refuse(res, 401, 'UNAUTHENTICATED', (error as Error).message, { 'www-authenticate': 'Bearer' });
      },
    );
  };
}

function readConfig(): AppConfig {
  try {
    return loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${JSON.stringify({ level: 'fatal', message: error.message, problems: error.problems })}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
}

async function bootstrap(): Promise<void> {
  const config = readConfig();
  const logger = new JsonLogger(levelsFrom(config.LOG_LEVEL as LogLevel));
  const app = await NestFactory.create<NestExpressApplication>(ApolloAppModule.forRoot(config), new ExpressAdapter(), {
    logger,
    abortOnError: false,
    bodyParser: false,
  });
  const shutdown = { started: false };
  // Registered now, before app.init() (in listen) adds the GraphQL middleware: they run first.
  app.use((req: LedgerRequest, res: ServerResponse, next: Next) => {
    req.id = correlationIdFrom(req.headers);
    res.setHeader(CORRELATION_HEADER, req.id);
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('x-frame-options', 'DENY');
    res.setHeader('referrer-policy', 'no-referrer');
    res.setHeader('content-security-policy', "default-src 'none'; frame-ancestors 'none'");
    if (shutdown.started) res.setHeader('connection', 'close');
    next();
  });
  app.use(
    GRAPHQL_PATH,
    authenticate(app.get(Authenticator), new RateLimiter(config.RATE_LIMIT_PER_SECOND, config.RATE_LIMIT_BURST)),
  );
  app.useBodyParser('json', { limit: config.BODY_LIMIT_BYTES });

  const log = new Logger('IncidentLedger');
  installShutdown(app, config, log, shutdown);
  await app.listen(config.PORT, config.HOST);
  const address = app.getHttpServer().address() as AddressInfo | string | null;
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  process.stdout.write(`${JSON.stringify({ level: 'log', message: 'Incident Ledger is listening', port, stack: STACK })}\n`);
}

/** SIGTERM/SIGINT: app.close() (Apollo drains the HTTP server, the ledger flushes and closes its store), exit 0. */
function installShutdown(app: NestExpressApplication, config: AppConfig, logger: Logger, shutdown: { started: boolean }): void {
  const stop = async (signal: NodeJS.Signals) => {
    if (shutdown.started) return;
    shutdown.started = true;
    logger.log({ message: 'Shutting down', signal });
    const force = setTimeout(() => {
      logger.error({ message: 'Shutdown timed out; exiting with requests still open' });
      process.exit(1);
    }, config.SHUTDOWN_TIMEOUT_MS);
    force.unref();
    try {
      await app.close();
      logger.log({ message: 'Stopped cleanly' });
      process.exit(0);
    } catch (error) {
      logger.error({ message: 'Shutdown failed', error: error instanceof Error ? error.stack : String(error) });
      process.exit(1);
    }
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

bootstrap().catch((error: unknown) => {
  process.stderr.write(
    `${JSON.stringify({ level: 'fatal', message: 'Start failed', error: error instanceof Error ? error.stack : String(error) })}\n`,
  );
  process.exit(1);
});
