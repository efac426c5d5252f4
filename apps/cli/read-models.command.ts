import { ApiKeyReadModel, AuditReadModel, CompositeProjection, IncidentReadModel, Projector, storeIdentity } from '@incident-ledger/read-models';
import { readModelSnapshots } from '../../src/infrastructure/ledger-core.module';
import { UsageError } from './cli.errors';
import { cliConfig, openStore } from './store-access';

/**
 * `rebuild-read-models`: replays the whole log into fresh read models and
 * writes their snapshot, so that the next start replays nothing. Run it with
 * the server stopped (a running server overwrites the snapshot with its own).
 */
export async function rebuildReadModelsCommand(): Promise<void> {
  const config = cliConfig();
  const models = { incidents: new IncidentReadModel(), apiKeys: new ApiKeyReadModel(), audit: new AuditReadModel() };
  const snapshots = readModelSnapshots(config, models);
  if (!snapshots) throw new UsageError('snapshots need a durable store (sqlite or eventstoredb) and SNAPSHOTS=true');
  const store = openStore(config, { existing: true });
  const started = Date.now();
  const projector = new Projector(store, new CompositeProjection(Object.values(models)));
  try {
    await projector.start();
    await projector.stop();
    const saved = snapshots.save(await storeIdentity(store));
    console.error(
      `rebuilt the read models from ${projector.applied} events (${models.incidents.count()} incidents) in ${Date.now() - started} ms; snapshot of ${saved.bytes} bytes written`,
    );
  } finally {
    await store.close();
  }
}
