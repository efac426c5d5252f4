import { AccessRole, isAccessRole, systemClock } from '@incident-ledger/domain';
import { ApiKeyReadModel, Projector } from '@incident-ledger/read-models';
import { userInfo } from 'node:os';
import { toApiKeyObject } from '../../src/auth/graphql/access.objects';
import { ApiKeyCommandExecutor } from '../../src/auth/api-key-command.executor';
import { ApiKeysService } from '../../src/auth/api-keys.service';
import { loadConfig } from '../../src/config/app-config';
import { createEventStore } from '../../src/infrastructure/ledger-core.module';

const USAGE = `usage:
  keys create --name <name> --role <VIEWER|RESPONDER|ADMIN|INGEST>   prints the new key (shown once)
  keys list
  keys revoke <key id> [--reason <text>]
Works on the store the server uses (DATA_DIR, EVENT_STORE), also while it runs.`;

function option(args: string[], name: string): string | undefined {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? args[index + 1] : undefined;
}

/** `keys create|list|revoke`: API keys from the command line, for the first admin key and for scripts. */
export async function keysCommand(args: string[]): Promise<number> {
  const [action, ...rest] = args;
  const config = loadConfig(process.env);
  if (config.EVENT_STORE === 'memory') {
    console.error('keys: EVENT_STORE=memory has nothing to manage; use the sqlite store');
    return 2;
  }
  const store = createEventStore(config);
  const keys = new ApiKeyReadModel();
  const projector = new Projector(store, keys);
  await projector.start();
  const service = new ApiKeysService(new ApiKeyCommandExecutor(store, systemClock), keys, projector, 5000);
  const actingAs = { actor: `cli:${userInfo().username}`, correlationId: `cli-${Date.now()}` };
  try {
    switch (action) {
      case 'create': {
        const name = option(rest, 'name');
        const role = option(rest, 'role')?.toUpperCase();
        if (!name || !isAccessRole(role)) {
          console.error(USAGE);
          return 2;
        }
        const created = await service.create(name, role as AccessRole, actingAs);
        console.log(JSON.stringify({ key: created.key, ...toApiKeyObject(created.apiKey) }, null, 2));
        console.error('Store this key now: it is not shown again.');
        return 0;
      }
      case 'list':
        for (const key of keys.list()) console.log(JSON.stringify(toApiKeyObject(key)));
        return 0;
      case 'revoke': {
        const keyId = rest[0];
        if (!keyId || keyId.startsWith('--')) {
          console.error(USAGE);
          return 2;
        }
        console.log(JSON.stringify(toApiKeyObject(await service.revoke(keyId, option(rest, 'reason') ?? null, actingAs)), null, 2));
        return 0;
      }
      default:
        console.error(USAGE);
        return 2;
    }
  } catch (error) {
    console.error(`keys ${action}: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    await projector.stop();
    await store.close();
  }
}
