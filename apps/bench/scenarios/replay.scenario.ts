import { join } from 'node:path';
import { BenchRow, ratioTo, Scenario, ScenarioContext } from '../bench.types';
import { caughtUpLine } from '../support/caught-up';
import { ledgerEnv } from '../support/http-load';
import { incidentLogIn, LARGE_LOG_EVENTS, SMALL_LOG_EVENTS } from '../support/log-cache';
import { runJsonProgram } from '../support/peers';
import { startServer } from '../support/server-process';
import { round } from '../support/statistics';

/**
 * Replay: the built server started on the shared large log with no
 * snapshot, so it rebuilds every read model from the first event; the rate is
 * the events it replayed over its own catch-up time (its 'Read models caught
 * up' line). Baseline in the same run: reading the same file through the
 * store's paged reader and doing nothing with the events (workers/read-log-worker.ts),
 * the floor no projection can go under.
 *
 * Sizes: the shared large log in full mode (LARGE_LOG_EVENTS), 50,000 events with --quick.
 */
const FULL = { events: LARGE_LOG_EVENTS };
const QUICK = { events: SMALL_LOG_EVENTS };
const TARGET_EVENTS_PER_SECOND = 200_000;
const READ = 'reading the log only (store reader, JSON decoded)';
const LEDGER = 'ledger server start, every read model rebuilt';

export const replayScenario: Scenario = {
  name: 'replay',
  description: 'rebuilding every read model from 1,250,000 events vs only reading them',
  async run(context: ScenarioContext): Promise<BenchRow[]> {
    const sizes = context.quick ? QUICK : FULL;
    const dataDir = join(context.workDir, 'data');
    const { log, config } = await incidentLogIn(context, dataDir, { events: sizes.events });

    const read = await runJsonProgram<{ events: number; ms: number; eventsPerSecond: number }>(
      join(context.rootDir, 'dist/apps/bench/workers/read-log-worker.js'),
      { path: config.databasePath },
    );
    context.progress(`replay: ${READ}: ${read.events.toLocaleString('en-US')} events in ${Math.round(read.ms)} ms`);

    const server = await startServer({ entry: context.serverEntry, nodeArgs: context.serverNodeArgs, env: ledgerEnv(dataDir), timeoutMs: 15 * 60_000 });
    const caughtUp = caughtUpLine(server);
    await server.stop();
    if (caughtUp.snapshot !== 'off' || caughtUp.replayed < log.events) {
      throw new Error(`replay: the server replayed ${caughtUp.replayed} of ${log.events} events (snapshot ${caughtUp.snapshot})`);
    }
    const rate = caughtUp.replayed / (caughtUp.ms / 1000);
    context.progress(`replay: ${LEDGER}: ${caughtUp.replayed.toLocaleString('en-US')} events, ${caughtUp.incidents.toLocaleString('en-US')} incidents in ${caughtUp.ms} ms`);

    const scenario = 'replay';
    return [
      { scenario, variant: READ, metric: 'events/s', value: Math.round(read.eventsPerSecond), unit: 'events/s' },
      {
        scenario,
        variant: LEDGER,
        metric: 'events/s (replayed ÷ catch-up time)',
        value: Math.round(rate),
        unit: 'events/s',
        ratio: round(ratioTo(rate, read.eventsPerSecond, false), 3),
        baseline: READ,
        target: { goal: `≥ ${TARGET_EVENTS_PER_SECOND.toLocaleString('en-US')} events/s`, met: rate >= TARGET_EVENTS_PER_SECOND },
        note: `replay: ${caughtUp.replayed.toLocaleString('en-US')} events of ${caughtUp.incidents.toLocaleString('en-US')} incidents replayed in ${(caughtUp.ms / 1000).toFixed(1)} s.`,
      },
      { scenario, variant: LEDGER, metric: 'catch-up time', value: caughtUp.ms, unit: 'ms' },
    ];
  },
};
