import { ApiKeyReadModel, Projector } from '@incident-ledger/read-models';
import { Clock } from '@incident-ledger/domain';
import { EVENT_STORE, EventStore } from '@incident-ledger/event-store';
import { Inject, Injectable, Logger, Module, OnApplicationBootstrap } from '@nestjs/common';
import { ACCESS_CONTEXT, ApiKeyCommandExecutor, ApiKeysService, AppConfig, BootstrapOutcome } from '@incident-ledger/application';
import { CLOCK } from '../platform/core/ledger-core.module';
import { LedgerContext } from '../platform/core/ledger-context';
import { ApiKeyResolver } from './graphql/api-key.resolver';

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

/** The access context: API keys (made, listed, revoked, used) and the first admin key. */
@LedgerContext(ACCESS_CONTEXT)
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
    AdminBootstrap,
    ApiKeyResolver,
  ],
  exports: [ApiKeysService],
})
export class AccessModule {}
