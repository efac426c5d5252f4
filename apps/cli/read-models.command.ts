import { AppConfig, ContextRegistration, createReadModels, LEDGER_CONTEXTS, readModelSizes, readModelSnapshots } from '@incident-ledger/application';
import { describeStop, Projector, storeIdentity } from '@incident-ledger/read-models';
import { CommandFailedError, UsageError } from './cli.errors';
import { ProgressReporter, ProgressStream } from './progress.reporter';
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
export function rebuildReadModelsCommand({ force }: { force?: boolean }): Promise<void> {
  return rebuildReadModels(cliConfig(), LEDGER_CONTEXTS, { force });
}

/**
 * The rebuild of the read models `contexts` register (the ledger's, or more
 * in a test). A read model whose projection throws fails the rebuild, naming
 * it and the event, and no snapshot is written.
 */
export async function rebuildReadModels(
  config: AppConfig,
  contexts: readonly ContextRegistration[],
  { force = false, progressTo }: { force?: boolean; progressTo?: ProgressStream } = {},
): Promise<void> {
  const readModels = createReadModels(contexts);
  const snapshots = readModelSnapshots(config, readModels);
  if (!snapshots) throw new UsageError('snapshots need a durable store (sqlite or eventstoredb) and SNAPSHOTS=true');
  const store = openStore(config, { existing: true });
  const projector = new Projector(store, readModels);
  const progress = new ProgressReporter('rebuild', progressTo);
  try {
    const rebuild = async () => {
      const head = await store.headPosition();
      const sampler = setInterval(() => progress.update(projector.applied, projector.position / head), SAMPLE_MS);
      await projector.start(head).finally(() => clearInterval(sampler));
      await projector.stop();
      const stopped = projector.stopped;
      if (stopped.length > 0) throw new CommandFailedError(`the rebuild failed, no snapshot written: ${stopped.map((stop) => describeStop(stop)).join('; ')}`);
      return snapshots.save(await storeIdentity(store));
    };
    const saved = force ? await rebuild() : await whileNoServerRuns(store, config, 'rebuild-read-models', rebuild, FORCE_HINT);
    const sizes = Object.entries(readModelSizes(readModels)).map(([name, size]) => `${size} ${name}`);
    progress.finish(projector.applied, 'rebuilt the read models from', `: ${sizes.join(', ')}; snapshot of ${saved.bytes} bytes written`);
  } finally {
    await store.close();
  }
}
