import { readModelSnapshots } from '@incident-ledger/application';
import { ApiKeyReadModel, AuditReadModel, CompositeProjection, IncidentReadModel, Projector, storeIdentity } from '@incident-ledger/read-models';
import { UsageError } from './cli.errors';
import { ProgressReporter } from './progress.reporter';
import { cliConfig, openStore, whileNoServerRuns } from './store-access';

/** How often the replay's progress is looked at (the reporter decides what to draw). */
const SAMPLE_MS = 100;
/**
 * The lease is the store's, the snapshot this DATA_DIR's: servers on other
 * machines sharing an EventStoreDB never read it, yet their lease refuses.
 */
const FORCE_HINT = ' If the lease is held by a server on another machine sharing the EventStoreDB, --force rebuilds this DATA_DIR\'s snapshot anyway.';

/**
 * `rebuild-read-models`: replays the whole log into fresh read models and
 * writes their snapshot, so that the next start replays nothing. Refused
 * while a server runs on the store: it overwrites the snapshot with its own,
 * as of its own read models, when it next snapshots or stops.
 */
export async function rebuildReadModelsCommand({ force }: { force?: boolean }): Promise<void> {
  const config = cliConfig();
  const models = { incidents: new IncidentReadModel(), apiKeys: new ApiKeyReadModel(), audit: new AuditReadModel() };
  const snapshots = readModelSnapshots(config, models);
  if (!snapshots) throw new UsageError('snapshots need a durable store (sqlite or eventstoredb) and SNAPSHOTS=true');
  const store = openStore(config, { existing: true });
  const projector = new Projector(store, new CompositeProjection(Object.values(models)));
  const progress = new ProgressReporter('rebuild');
  try {
    const rebuild = async () => {
      const head = await store.headPosition();
      const sampler = setInterval(() => progress.update(projector.applied, projector.position / head), SAMPLE_MS);
      await projector.start(head).finally(() => clearInterval(sampler));
      await projector.stop();
      return snapshots.save(await storeIdentity(store));
    };
    const saved = force ? await rebuild() : await whileNoServerRuns(store, config, 'rebuild-read-models', rebuild, FORCE_HINT);
    progress.finish(projector.applied, 'rebuilt the read models from', `: ${models.incidents.count()} incidents; snapshot of ${saved.bytes} bytes written`);
  } finally {
    await store.close();
  }
}
