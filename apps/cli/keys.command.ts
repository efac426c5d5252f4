import { AccessRole, systemClock } from '@incident-ledger/domain';
import { ApiKeyReadModel, Projector } from '@incident-ledger/read-models';
import { userInfo } from 'node:os';
import { ApiKeyCommandExecutor, apiKeyListing, ApiKeysService } from '@incident-ledger/application';
import { CommandFailedError, UsageError } from './cli.errors';
import { cliConfig, openStore } from './store-access';

interface KeysAtHand {
  keys: ApiKeyReadModel;
  service: ApiKeysService;
  actingAs: { actor: string; correlationId: string };
}

/**
 * Runs `work` on the API keys of the store the server uses (DATA_DIR,
 * EVENT_STORE), also while it runs. Only `create` may make a new store: the
 * first admin key is made before the first start.
 */
async function withKeys(action: string, { existing }: { existing: boolean }, work: (at: KeysAtHand) => Promise<void>): Promise<void> {
  const config = cliConfig();
  if (config.EVENT_STORE === 'memory') throw new UsageError('EVENT_STORE=memory has no keys to manage; use the sqlite store');
  const store = openStore(config, { existing });
  const keys = new ApiKeyReadModel();
  const projector = new Projector(store, [{ name: 'apiKeys', model: keys }]);
  try {
    await projector.start();
    const service = new ApiKeysService(new ApiKeyCommandExecutor(store, systemClock), keys, projector, 5000);
    await work({ keys, service, actingAs: { actor: `cli:${userInfo().username}`, correlationId: `cli-${Date.now()}` } });
  } catch (error) {
    // The service's refusals (an unknown key, a name in use) are the answer, not a fault.
    throw new CommandFailedError(`keys ${action}: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    await projector.stop();
    await store.close();
  }
}

/** `keys create`: prints the new key, shown this once. */
export function createKey({ name, role }: { name: string; role: AccessRole }): Promise<void> {
  return withKeys('create', { existing: false }, async ({ service, actingAs }) => {
    const created = await service.create(name, role, actingAs);
    console.log(JSON.stringify({ key: created.key, ...apiKeyListing(created.apiKey) }, null, 2));
    console.error('Store this key now: it is not shown again.');
  });
}

/** `keys list`: one JSON object a line, without secrets. */
export function listKeys(): Promise<void> {
  return withKeys('list', { existing: true }, async ({ keys }) => {
    for (const key of keys.list()) console.log(JSON.stringify(apiKeyListing(key)));
  });
}

/** `keys revoke <key-id>`: refused from the key's next request on. */
export function revokeKey(keyId: string, { reason }: { reason?: string }): Promise<void> {
  return withKeys('revoke', { existing: true }, async ({ service, actingAs }) => {
    console.log(JSON.stringify(apiKeyListing(await service.revoke(keyId, reason ?? null, actingAs)), null, 2));
  });
}
