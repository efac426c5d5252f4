import { Principal } from '@incident-ledger/domain';
import { DynamicModule, Logger, Module, ValidationError, ValidationPipe } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { MercuriusDriver, MercuriusDriverConfig } from '@nestjs/mercurius';
import type { FastifyRequest } from 'fastify';
import { AuditModule } from './audit/audit.module';
import { CatalogueModule } from './catalogue/catalogue.module';
import { NotificationsModule } from './notifications/notifications.module';
import { TimersModule } from './timers/timers.module';
import { RemindersModule } from './reminders/reminders.module';
import { OncallModule } from './oncall/oncall.module';
import { AlertingModule } from './alerting/alerting.module';
import { EscalationModule } from './escalation/escalation.module';
import { StatuspageModule } from './statuspage/statuspage.module';
import { AuthModule } from './platform/auth/auth.module';
import { Authenticator } from './platform/auth/authenticator';
import { authenticateGraphQLWsConnections } from './platform/auth/graphql-ws-authentication';
import { AppConfig } from '@incident-ledger/application';
import { InputValidationError } from './platform/errors/error-codes';
import { mercuriusErrorFormatter } from './platform/errors/graphql-error-formatter';
import { ApiExceptionFilter } from './platform/errors/api-exception.filter';
import { MAX_QUERY_TOKENS, refuseOperationsOnTheWrongTransport, refuseUnparsableSubscriptions } from './platform/graphql/graphql-http-guards';
import { maxCostRule } from './platform/graphql/query-cost';
import { LiveSessions } from './platform/graphql/live-sessions';
import { correlationIdFrom, RequestContext } from './platform/graphql/request-context';
import { FrontPageController } from './platform/front-page/front-page.controller';
import { GraphiqlController } from './platform/graphiql/graphiql.controller';
import { HealthController } from './platform/health/health.controller';
import { IncidentsModule } from './incidents/incidents.module';
import { AnalyticsModule } from './analytics/analytics.module';
import { LedgerCoreModule } from './platform/core/ledger-core.module';

function flattenValidationErrors(errors: ValidationError[], prefix = ''): Array<{ field: string; messages: string[] }> {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, messages: Object.values(error.constraints) }] : [];
    return [...own, ...flattenValidationErrors(error.children ?? [], field)];
  });
}

function graphqlOptions(config: AppConfig, authenticator: Authenticator, sessions: LiveSessions): MercuriusDriverConfig {
  return {
    driver: MercuriusDriver,
    autoSchemaFile: true,
    sortSchema: true,
    path: '/graphql',
    // GraphiQL is served by GraphiqlController: Mercurius's own page loads its scripts from a CDN.
    graphiql: false,
    queryDepth: config.GRAPHQL_MAX_DEPTH,
    graphql: { parseOptions: { maxTokens: MAX_QUERY_TOKENS } },
    validationRules: [maxCostRule(config.GRAPHQL_MAX_COST)],
    // Compile a query to JavaScript the second time it is seen (graphql-jit): measured
    // faster in bench/graphql-stacks.
    jit: 1,
    // Field resolvers run without guards, pipes or interceptors: they only read.
    fieldResolverEnhancers: [],
    // HTTP requests were authenticated before their body was read (see http-authentication.ts).
    context: (request: FastifyRequest): Omit<RequestContext, 'principal'> & { principal?: Principal } => ({
      principal: request.principal,
      correlationId: String(request.id),
      // As the client named this server (behind TRUST_PROXY, as the proxy was named).
      origin: `${request.protocol}://${request.host}`,
    }),
    subscription: {
      context: (socket: RequestContext['socket'], request: FastifyRequest) => ({
        socket,
        correlationId: correlationIdFrom(request.headers),
      }),
      // graphql-ws connections authenticate in connection_init; a refused one is closed.
      onConnect: authenticateGraphQLWsConnections(authenticator, sessions),
      // Queries and mutations sent over graphql-ws reach the preExecution hook, which refuses them with a code.
      fullWsTransport: true,
    },
    errorFormatter: mercuriusErrorFormatter(new Logger('GraphQL')),
    hooks: { preExecution: refuseOperationsOnTheWrongTransport, preSubscriptionParsing: refuseUnparsableSubscriptions },
  } as MercuriusDriverConfig;
}

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        LedgerCoreModule.forRoot(config),
        AuthModule,
        GraphQLModule.forRootAsync<MercuriusDriverConfig>({
          driver: MercuriusDriver,
          inject: [Authenticator, LiveSessions],
          useFactory: (authenticator: Authenticator, sessions: LiveSessions) => graphqlOptions(config, authenticator, sessions),
        }),
        IncidentsModule,
        AnalyticsModule,
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
      controllers: [HealthController, FrontPageController, ...(config.GRAPHIQL === 'true' ? [GraphiqlController] : [])],
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
