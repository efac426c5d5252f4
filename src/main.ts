import 'reflect-metadata';
import { Logger, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { AppModule } from './app.module';
import { REVIEW_REPORT_PATH } from './analytics/http/review-report.controller';
import { ReviewLinks } from './analytics/review-links';
import { REQUEST_RATE_LIMITER } from './platform/auth/auth.module';
import { INGEST_ROUTES } from './alerting/http/alert-ingest.controller';
import { Authenticator } from './platform/auth/authenticator';
import { installHttpAuthentication } from './platform/auth/http-authentication';
import { RateLimiter } from './platform/auth/rate-limiter';
import { corsOrigins, installAnswerHeaders } from './platform/http-hardening';
import { AppConfig, ConfigError, loadConfig, PAGE_TOKEN_MAX_LENGTH } from '@incident-ledger/application';
import { clientErrorHandler, installGraphQLRequestChecks } from './platform/graphql/graphql-http-guards';
import { isPublicStatusRequest } from './statuspage/http/public-status-documents';
import { PublicStatusRoutes } from './statuspage/http/public-status-routes';
import { correlationIdFrom } from './platform/graphql/request-context';
import { JsonLogger, levelsFrom } from './platform/logging/json-logger';

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

/** A subscribe form holds an address and a few component ids. */
const FORM_BODY_LIMIT_BYTES = 16_384;

/** URL-encoded fields; a field given more than once (checkboxes) becomes a list. */
function formFields(body: string): Record<string, string | string[]> {
  const fields: Record<string, string | string[]> = {};
  for (const [name, value] of new URLSearchParams(body)) {
    const before = fields[name];
    fields[name] = before === undefined ? value : [...(Array.isArray(before) ? before : [before]), value];
  }
  return fields;
}

async function bootstrap(): Promise<void> {
  const config = readConfig();
  const logger = new JsonLogger(levelsFrom(config.LOG_LEVEL as LogLevel));
  // The public status page's documents go to an instance of their own (see PublicStatusRoutes), once it is ready.
  const publicStatusPage: { instance?: FastifyInstance } = {};
  const adapter = new FastifyAdapter({
    serverFactory: (api: (request: IncomingMessage, response: ServerResponse) => void, options: FastifyServerOptions) => {
      const server = createServer((request, response) => {
        if (publicStatusPage.instance && isPublicStatusRequest(request.method, request.url)) publicStatusPage.instance.routing(request, response);
        else api(request, response);
      });
      // What Fastify sets on a server it makes itself.
      server.keepAliveTimeout = options.keepAliveTimeout ?? server.keepAliveTimeout;
      server.requestTimeout = options.requestTimeout ?? server.requestTimeout;
      server.setTimeout(options.connectionTimeout ?? 0);
      return server;
    },
    bodyLimit: config.BODY_LIMIT_BYTES,
    genReqId: (request: IncomingMessage) => correlationIdFrom(request.headers),
    // No Nest middleware here (NestModule.configure): middie would cost every request a hook for nothing.
    skipMiddie: true,
    return503OnClosing: true,
    // The client address (rate limits, logs) comes from X-Forwarded-For only behind these proxies.
    trustProxy: config.trustProxy,
    clientErrorHandler,
    // A page's acknowledgement link is one path parameter, longer than the router's default 100 characters.
    routerOptions: { maxParamLength: PAGE_TOKEN_MAX_LENGTH },
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, {
    logger,
    abortOnError: false,
    // Nest's own URL-encoded parser would read forms on every route: the status page's form has its own, below.
    bodyParser: false,
  });
  const fastify = app.getHttpAdapter().getInstance();
  const shutdown = { started: false };
  // Alert payloads carry every alert of a group: their routes take larger bodies than the API.
  fastify.addHook('onRoute', (route) => {
    if ((INGEST_ROUTES as readonly string[]).includes(route.url)) route.bodyLimit = config.INGEST_BODY_LIMIT_BYTES;
  });
  // The status page's forms post URL-encoded fields, on its own routes only: every other route keeps refusing the type (415).
  fastify.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: FORM_BODY_LIMIT_BYTES }, (request, body, done) => {
    if (!request.routeOptions.url?.startsWith('/status/')) return done(Object.assign(new Error(`Unsupported Media Type: application/x-www-form-urlencoded`), { statusCode: 415 }), undefined);
    done(null, formFields(String(body)));
  });
  installAnswerHeaders(fastify, () => shutdown.started);
  installGraphQLRequestChecks(fastify);
  const origins = corsOrigins(config.CORS_ORIGINS);
  if (origins.length > 0) {
    app.enableCors({
      origin: origins,
      methods: ['GET', 'POST'],
      allowedHeaders: ['authorization', 'content-type', 'x-api-key', 'x-correlation-id'],
      exposedHeaders: ['x-correlation-id', 'retry-after'],
      maxAge: 600,
    });
  }
  const reviewLinks = app.get(ReviewLinks);
  installHttpAuthentication(fastify, app.get(Authenticator), {
    requestBudget: app.get<RateLimiter>(REQUEST_RATE_LIMITER),
    reviewLinks: { path: REVIEW_REPORT_PATH, open: (token) => reviewLinks.open(token) },
  });

  const log = new Logger('IncidentLedger');
  publicStatusPage.instance = await app.get(PublicStatusRoutes).instance(
    () => shutdown.started,
    (error) => log.error({ message: 'The status page failed', error: error instanceof Error ? error.stack : String(error) }),
  );
  installShutdown(app, config, log, shutdown);
  await app.listen({ port: config.PORT, host: config.HOST });
  const address = fastify.server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  log.log({
    message: 'Incident Ledger is listening',
    url: `http://${config.HOST}:${port}/graphql`,
    port,
    store: config.EVENT_STORE,
    database: config.EVENT_STORE === 'sqlite' ? config.databasePath : null,
  });
}

/** SIGTERM/SIGINT: stop taking requests, let those in flight finish, flush pending commits, exit. */
function installShutdown(
  app: NestFastifyApplication,
  config: AppConfig,
  logger: Logger,
  shutdown: { started: boolean },
): void {
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
