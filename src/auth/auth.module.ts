import { ApiKeyReadModel, Projector } from '@incident-ledger/read-models';
import { Clock } from '@incident-ledger/domain';
import { EVENT_STORE, EventStore } from '@incident-ledger/event-store';
import { Global, Inject, Injectable, Logger, Module, OnApplicationBootstrap } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ApiKeyCommandExecutor, ApiKeysService, AppConfig, BootstrapOutcome } from '@incident-ledger/application';
import { LiveSessions } from '../graphql/live-sessions';
import { CLOCK } from '../infrastructure/ledger-core.module';
import { Authenticator } from './authenticator';
import { JwtVerifier, parseRoleMap } from './jwt-verifier';
import { ApiKeyResolver } from './graphql/api-key.resolver';
import { PermissionGuard } from './permission.guard';
import { RateLimiter } from './rate-limiter';

function tokenVerifier(config: AppConfig): JwtVerifier | undefined {
  if (!config.JWT_JWKS_URL && !config.JWT_SECRET) return undefined;
  return new JwtVerifier({
    jwksUrl: config.JWT_JWKS_URL,
    secret: config.JWT_SECRET,
    issuer: config.JWT_ISSUER as string,
    audience: config.JWT_AUDIENCE as string,
    roleClaim: config.JWT_ROLE_CLAIM,
    roleMap: parseRoleMap(config.JWT_ROLE_MAP),
    nameClaims: config.JWT_NAME_CLAIMS.split(',').map((claim) => claim.trim()).filter(Boolean),
  });
}

/**
 * The longest an unknown key waits for the read models to reach the store's
 * head before it is refused: long enough for a key made a moment ago, short
 * enough that a flood of made-up keys holds no connection for long.
 */
const UNKNOWN_KEY_CATCH_UP_MS = 1000;

/** Each credential's request budget (RATE_LIMIT_*): spent by HTTP requests and by feeds started over graphql-ws. */
export const REQUEST_RATE_LIMITER = Symbol('REQUEST_RATE_LIMITER');

const BOOTSTRAP_MESSAGES: Record<BootstrapOutcome, string> = {
  registered: 'BOOTSTRAP_ADMIN_KEY registered as the first admin key (name bootstrap-admin)',
  'admin-exists': 'BOOTSTRAP_ADMIN_KEY ignored: an admin key already exists',
  'key-known': 'BOOTSTRAP_ADMIN_KEY ignored: the store already has this key, revoked or in another role; make a new one',
};

const MAKE_ADMIN_KEY = {
  cli: 'make one with `npm run cli -- keys create --name you --role ADMIN` (prints the key once; works while the server runs, with its DATA_DIR and EVENT_STORE)',
  // Written without double quotes, which the JSON log line would print escaped.
  bootstrap:
    'start with a key you made, which is registered as the first admin key: ' +
    "export BOOTSTRAP_ADMIN_KEY=$(node -p 'const c=require(`crypto`);`ilk_${c.randomBytes(6).toString(`hex`)}_${c.randomBytes(32).toString(`base64url`)}`') && npm start",
};

/** The ways to the first admin key, as the README gives them: the command line has no store to work on in memory. */
function noAdminKeyHint(store: string): string {
  const ways = store === 'memory' ? MAKE_ADMIN_KEY.bootstrap : `${MAKE_ADMIN_KEY.cli}, or ${MAKE_ADMIN_KEY.bootstrap}`;
  return `No active admin API key, so nobody can make API keys over the API: ${ways}`;
}

/**
 * Registers BOOTSTRAP_ADMIN_KEY once the read models are up, when no admin key
 * exists yet; and when there is still none, says how to get one: otherwise a
 * newcomer's first requests are refused with no hint of where keys come from.
 */
@Injectable()
class AdminBootstrap implements OnApplicationBootstrap {
  private readonly logger = new Logger('Auth');

  constructor(
    private readonly apiKeys: ApiKeysService,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const key = this.config.BOOTSTRAP_ADMIN_KEY;
    if (key) this.logger.log({ message: BOOTSTRAP_MESSAGES[await this.apiKeys.bootstrapAdmin(key)] });
    if (!this.apiKeys.hasActiveAdmin()) this.logger.warn({ message: noAdminKeyHint(this.config.EVENT_STORE) });
  }
}

/** API keys, authentication, the role guard on every operation, and the live sessions of each credential. */
@Global()
@Module({
  providers: [
    {
      provide: ApiKeyCommandExecutor,
      inject: [EVENT_STORE, CLOCK],
      useFactory: (store: EventStore, clock: Clock) => new ApiKeyCommandExecutor(store, clock),
    },
    {
      provide: ApiKeysService,
      inject: [ApiKeyCommandExecutor, ApiKeyReadModel, Projector, AppConfig],
      useFactory: (executor: ApiKeyCommandExecutor, keys: ApiKeyReadModel, projector: Projector, config: AppConfig) =>
        new ApiKeysService(executor, keys, projector, config.READ_YOUR_WRITES_TIMEOUT_MS),
    },
    {
      provide: Authenticator,
      inject: [ApiKeyReadModel, CLOCK, ApiKeysService, AppConfig, Projector],
      useFactory: (keys: ApiKeyReadModel, clock: Clock, apiKeys: ApiKeysService, config: AppConfig, projector: Projector) => {
        const logger = new Logger('Auth');
        return new Authenticator(
          keys,
          () => clock.now(),
          (keyId) =>
            void apiKeys
              .recordUse(keyId)
              .catch((error: unknown) => logger.warn({ message: 'Could not record a key use', keyId, error: String(error) })),
          tokenVerifier(config),
          {
            perKey: new RateLimiter(config.AUTH_FAILURES_PER_MINUTE / 60, config.AUTH_FAILURES_PER_MINUTE),
            perAddress: new RateLimiter(config.AUTH_FAILURES_PER_MINUTE / 60, config.AUTH_FAILURES_PER_MINUTE),
          },
          () => projector.catchUp(Math.min(UNKNOWN_KEY_CATCH_UP_MS, config.READ_YOUR_WRITES_TIMEOUT_MS)),
        );
      },
    },
    {
      provide: REQUEST_RATE_LIMITER,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => new RateLimiter(config.RATE_LIMIT_PER_SECOND, config.RATE_LIMIT_BURST),
    },
    {
      provide: LiveSessions,
      inject: [ApiKeyReadModel, AppConfig, REQUEST_RATE_LIMITER],
      useFactory: (keys: ApiKeyReadModel, config: AppConfig, requests: RateLimiter) =>
        new LiveSessions(keys, {
          feedsPerConnection: config.MAX_SUBSCRIPTIONS_PER_CONNECTION,
          connectionsPerCredential: config.MAX_CONNECTIONS_PER_CREDENTIAL,
          requests,
        }),
    },
    { provide: APP_GUARD, useClass: PermissionGuard },
    AdminBootstrap,
    ApiKeyResolver,
  ],
  exports: [ApiKeysService, Authenticator, LiveSessions, REQUEST_RATE_LIMITER],
})
export class AuthModule {}
