import { ApiKeyReadModel, Projector } from '@incident-ledger/read-models';
import { Clock } from '@incident-ledger/domain';
import { Global, Logger, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ApiKeysService, AppConfig } from '@incident-ledger/application';
import { LiveSessions } from '../graphql/live-sessions';
import { CLOCK } from '../core/ledger-core.module';
import { Authenticator } from './authenticator';
import { JwtVerifier, parseRoleMap } from './jwt-verifier';
import { AccessModule } from '../../access/access.module';
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

/** Authentication, the role guard on every operation, and the live sessions of each credential. */
@Global()
@Module({
  imports: [AccessModule],
  providers: [
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
          () => projector.catchUp(Math.min(UNKNOWN_KEY_CATCH_UP_MS, config.READ_YOUR_WRITES_TIMEOUT_MS), keys),
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
  ],
  exports: [Authenticator, LiveSessions, REQUEST_RATE_LIMITER],
})
export class AuthModule {}
