import { EventStore } from '@incident-ledger/event-store';
import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { AppConfig, ConfigError, createEventStore, loadConfig, ONCE_ONLY_WORK_LEASE } from '@incident-ledger/application';
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
 * Runs work that must not run beside a live server on the same store. A
 * running server holds the once-only-work lease (renewed every third of
 * LEASE_TTL_MS, released when it stops), so a lease that cannot be taken
 * shows one, and the work is refused. The command then holds the lease
 * itself, renewed, until the work is done: a server that starts meanwhile
 * does not take the once-only work (timers, process managers) beside it.
 * (A server that runs without the lease, beside another that holds it, is
 * not seen: stop every server on the store.)
 */
export async function whileNoServerRuns<T>(store: EventStore, config: AppConfig, command: string, work: () => Promise<T>, escape = ''): Promise<T> {
  const holder = `cli:${hostname()}:${process.pid}`;
  const take = () => store.leases.tryAcquire(ONCE_ONLY_WORK_LEASE, holder, config.LEASE_TTL_MS);
  if (!(await take())) {
    throw new CommandFailedError(
      `a server is running on this store (it holds the once-only-work lease): stop it, then run ${command} again. ` +
        `A server that was killed keeps the lease until it lapses, at most LEASE_TTL_MS (${config.LEASE_TTL_MS} ms) after.${escape}`,
    );
  }
  const renewal = setInterval(() => void take().catch(() => undefined), Math.max(100, Math.floor(config.LEASE_TTL_MS / 3)));
  try {
    return await work();
  } finally {
    clearInterval(renewal);
    await store.leases.release(ONCE_ONLY_WORK_LEASE, holder);
  }
}
