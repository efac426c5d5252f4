import { EventStore, EventStoreDbEventStore, InMemoryEventStore, SqliteEventStore } from '@incident-ledger/event-store';
import { ReadModelSnapshots, VersionedReadModel } from '@incident-ledger/read-models';
import { AppConfig } from '../config/app-config';

/** The lease under which timers and process managers run, in one process at a time. */
export const ONCE_ONLY_WORK_LEASE = 'once-only-work';

/** Where EventStoreDB's adapter reports its subscription's drops and resumptions. */
export type EventStoreLog = ConstructorParameters<typeof EventStoreDbEventStore>[0]['log'];

/** The store the settings name: the server, the command line and the bench open it the same way. */
export function createEventStore(config: AppConfig, log?: EventStoreLog): EventStore {
  switch (config.EVENT_STORE) {
    case 'memory':
      return new InMemoryEventStore();
    case 'eventstoredb':
      return new EventStoreDbEventStore({
        connectionString: config.EVENTSTORE_CONNECTION_STRING as string,
        streamNamePrefix: config.EVENTSTORE_STREAM_PREFIX,
        log,
      });
    default:
      return new SqliteEventStore({ path: config.databasePath, durability: config.DURABILITY === 'normal' ? 'normal' : 'full' });
  }
}

/** The read models snapshotted together, when snapshots are on and the store is on disk. */
export function readModelSnapshots(config: AppConfig, models: readonly VersionedReadModel[]): ReadModelSnapshots | undefined {
  if (config.EVENT_STORE === 'memory' || config.SNAPSHOTS !== 'true') return undefined;
  return new ReadModelSnapshots(config.snapshotPath, models);
}
