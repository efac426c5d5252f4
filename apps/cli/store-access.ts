import { EventStore } from '@incident-ledger/event-store';
import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { AppConfig, ConfigError, loadConfig } from '../../src/config/app-config';
import { createEventStore, ONCE_ONLY_WORK_LEASE } from '../../src/infrastructure/ledger-core.module';
import { CommandFailedError, UsageError } from './cli.errors';

/** The settings of the environment, as the server reads them; a bad one is a usage error naming the variable. */
export function cliConfig(): AppConfig {
  try {
    return loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(error.message);
    throw error;
  }
}

/**
 * The store of DATA_DIR / EVENT_STORE. A command that only reads or changes
 * what is there (`existing`) refuses a SQLite store that does not exist,
 * rather than creating an empty one: a mistyped DATA_DIR would otherwise
 * export nothing, or back up an empty file, and leave a stray store behind.
 */
export function openStore(config: AppConfig, { existing }: { existing: boolean }): EventStore {
  if (existing && config.EVENT_STORE === 'sqlite' && !existsSync(config.databasePath)) {
    throw new UsageError(`there is no event store at ${config.databasePath}: set DATA_DIR to the folder of an existing events.sqlite`);
  }
  return createEventStore(config);
}

/**
 * Refuses work that must not run beside a live server on the same store. A
 * running server holds the once-only-work lease (renewed every third of
 * LEASE_TTL_MS, released when it stops), so a lease that cannot be taken
 * shows one; the probe gives the lease back at once, so a server starting
 * meanwhile takes it as usual.
 */
export async function refuseWhileServerRuns(store: EventStore, config: AppConfig, command: string, escape = ''): Promise<void> {
  const probe = `cli:${hostname()}:${process.pid}`;
  if (await store.leases.tryAcquire(ONCE_ONLY_WORK_LEASE, probe, config.LEASE_TTL_MS)) {
    await store.leases.release(ONCE_ONLY_WORK_LEASE, probe);
    return;
  }
  throw new CommandFailedError(
    `a server is running on this store (it holds the once-only-work lease): stop it, then run ${command} again. ` +
      `A server that was killed keeps the lease until it lapses, at most LEASE_TTL_MS (${config.LEASE_TTL_MS} ms) after.${escape}`,
  );
}
