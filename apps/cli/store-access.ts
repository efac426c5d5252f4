import { EventStore } from '@incident-ledger/event-store';
import { existsSync } from 'node:fs';
import { AppConfig, ConfigError, loadConfig } from '../../src/config/app-config';
import { createEventStore } from '../../src/infrastructure/ledger-core.module';
import { UsageError } from './cli.errors';

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

