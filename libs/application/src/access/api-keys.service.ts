import { AccessRole } from '@incident-ledger/domain';
import { ApiKeyReadModel, ApiKeyView, Projector } from '@incident-ledger/read-models';
import { randomUUID } from 'node:crypto';
import { generateApiKey, hashSecret, parseApiKey } from './api-key-credentials';
import { ApiKeyCommandExecutor } from './api-key-command.executor';

export interface CreatedApiKey {
  /** The whole key: shown this once, never stored. */
  key: string;
  apiKey: ApiKeyView;
}

/** What became of BOOTSTRAP_ADMIN_KEY at start. */
export type BootstrapOutcome = 'registered' | 'admin-exists' | 'key-known';

export interface ActingAs {
  actor: string;
  correlationId: string;
}

/** Creating, revoking and bootstrapping API keys; used by the GraphQL API and the CLI. */
export class ApiKeysService {
  constructor(
    private readonly executor: ApiKeyCommandExecutor,
    private readonly keys: ApiKeyReadModel,
    private readonly projector: Projector,
    private readonly waitMs: number,
  ) {}

  async create(name: string, role: AccessRole, actingAs: ActingAs, key = generateApiKey()): Promise<CreatedApiKey> {
    const keyId = randomUUID();
    const secretHash = await hashSecret(key.secret);
    const outcome = await this.executor.execute(
      { type: 'CreateApiKey', keyId, name, role, prefix: key.prefix, secretHash, actor: actingAs.actor },
      actingAs,
    );
    await this.projector.waitFor(outcome.position, this.waitMs, this.keys);
    return { key: key.key, apiKey: this.keys.get(keyId) as ApiKeyView };
  }

  async revoke(keyId: string, reason: string | null, actingAs: ActingAs): Promise<ApiKeyView> {
    const outcome = await this.executor.execute({ type: 'RevokeApiKey', keyId, reason, actor: actingAs.actor }, actingAs);
    await this.projector.waitFor(outcome.position, this.waitMs, this.keys);
    return this.keys.get(keyId) as ApiKeyView;
  }

  recordUse(keyId: string): Promise<unknown> {
    return this.executor.execute(
      { type: 'RecordApiKeyUse', keyId, actor: 'system' },
      { actor: 'system', correlationId: `key-use-${keyId}` },
    );
  }

  /** Whether some key may act as an admin: without one, nobody can make keys over the API. */
  hasActiveAdmin(): boolean {
    return this.keys.hasActiveAdmin();
  }

  /**
   * The one-time bootstrap: when no active admin key exists, register the given
   * key as one. Changes nothing once an admin exists, or when the store already
   * has this key (revoked, or in another role): says which.
   */
  async bootstrapAdmin(key: string): Promise<BootstrapOutcome> {
    if (this.keys.hasActiveAdmin()) return 'admin-exists';
    const parsed = parseApiKey(key);
    if (!parsed) throw new Error('BOOTSTRAP_ADMIN_KEY is not an API key (ilk_<12 lower-case letters or digits>_<32+ characters>)');
    if (this.keys.findByPrefix(parsed.prefix)) return 'key-known';
    await this.create('bootstrap-admin', AccessRole.ADMIN, { actor: 'bootstrap', correlationId: 'bootstrap' }, { key, ...parsed });
    return 'registered';
  }
}
