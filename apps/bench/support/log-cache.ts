import { SqliteEventStore } from '@incident-ledger/event-store';
import { copyFileSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { AppConfig, loadConfig } from '@incident-ledger/application';
import { ScenarioContext } from '../bench.types';
import { generateIncidentLog, GeneratedIncidentLog } from './incident-log.generator';

/**
 * The large log the replay, memory, restart and analytics scenarios share,
 * generated once per full run: about 100,000 incidents (12.4 events each,
 * with their reports, action items and corrections). Generating it takes 70 to
 * 115 s here (11,000–18,000 events/s), so one shared log instead of one per
 * scenario keeps a full run within its 15 minutes. `--quick` uses SMALL_LOG_EVENTS instead.
 */
export const LARGE_LOG_EVENTS = 1_250_000;
/** The log of `--quick`, and of the HTTP scenarios, which need open incidents more than history. */
export const SMALL_LOG_EVENTS = 50_000;

export interface IncidentLogCopy {
  log: GeneratedIncidentLog;
  /** The server configuration of the data directory the log was copied into. */
  config: AppConfig;
  databaseBytes: number;
}

/**
 * A generated incident log of `events` events in `dataDir`'s events.sqlite.
 * Each log is generated once per run into the run's shared directory and copied into the
 * scenario's data directory (a copy: servers write to their store, and no
 * scenario may see another's writes).
 */
export async function incidentLogIn(
  context: ScenarioContext,
  dataDir: string,
  options: { events: number },
): Promise<IncidentLogCopy> {
  const key = `incident-log-${options.events}`;
  const cachedPath = join(context.sharedDir, `${key}.sqlite`);
  const summaryPath = join(context.sharedDir, `${key}.json`);
  if (!existsSync(summaryPath)) {
    context.progress(`generating ${options.events.toLocaleString('en-US')} events of incidents (setup, not measured)`);
    const store = new SqliteEventStore({ path: cachedPath, durability: 'normal' });
    const log = await generateIncidentLog(store, { events: options.events, progress: context.progress }).finally(() => store.close());
    context.progress(
      `generated ${log.events.toLocaleString('en-US')} events (${log.incidents.toLocaleString('en-US')} incidents, ${log.activeIncidents} left active) ` +
        `in ${(log.ms / 1000).toFixed(1)} s: ${Math.round(log.events / (log.ms / 1000)).toLocaleString('en-US')} events/s in ` +
        `${log.transactions.toLocaleString('en-US')} group commits`,
    );
    writeFileSync(summaryPath, JSON.stringify(log));
  }
  const config = loadConfig({ DATA_DIR: dataDir, EVENT_STORE: 'sqlite' });
  mkdirSync(dirname(config.databasePath), { recursive: true });
  // Closing the store checkpointed its write-ahead log into the file: the file alone is the whole log.
  copyFileSync(cachedPath, config.databasePath);
  return {
    log: JSON.parse(readFileSync(summaryPath, 'utf8')) as GeneratedIncidentLog,
    config,
    databaseBytes: statSync(config.databasePath).size,
  };
}
