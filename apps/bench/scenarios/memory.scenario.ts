import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { BenchRow, Scenario, ScenarioContext } from '../bench.types';
import { caughtUpLine } from '../support/caught-up';
import { ledgerEnv } from '../support/http-load';
import { incidentLogIn, LARGE_LOG_EVENTS, SMALL_LOG_EVENTS } from '../support/log-cache';
import { BenchServer, startServer } from '../support/server-process';
import { MB, round } from '../support/statistics';

/**
 * Memory: the built server's resident memory (VmRSS) once it has loaded a
 * log of about 100,000 incidents (the shared large log: 1,250,000 events with
 * their reports and action items), a few seconds after it is ready.
 * Baseline in the same run: the same server on an empty store, so the
 * difference is what the incidents cost.
 *
 * Sizes: the shared large log in full mode, 50,000 events with --quick (too few for the target, which is then not judged).
 */
const FULL = { events: LARGE_LOG_EVENTS };
const QUICK = { events: SMALL_LOG_EVENTS };
const TARGET_INCIDENTS = 100_000;
const TARGET_MB = 1024;
const SETTLE_MS = 3_000;
const EMPTY = 'server on an empty store';
const LOADED = 'server with the incidents loaded';

export const memoryScenario: Scenario = {
  name: 'memory',
  description: 'resident memory with 100,000 incidents loaded vs an empty server',
  async run(context: ScenarioContext): Promise<BenchRow[]> {
    const sizes = context.quick ? QUICK : FULL;
    const emptyDir = join(context.workDir, 'empty');
    mkdirSync(emptyDir, { recursive: true });
    const empty = await residentAfterStart(context, emptyDir);
    context.progress(`memory: ${EMPTY}: ${(empty.rss / MB).toFixed(0)} MB resident`);

    const dataDir = join(context.workDir, 'data');
    await incidentLogIn(context, dataDir, { events: sizes.events });
    const loaded = await residentAfterStart(context, dataDir);
    context.progress(
      `memory: ${LOADED}: ${(loaded.rss / MB).toFixed(0)} MB resident, ${(loaded.peak / MB).toFixed(0)} MB peak, ${loaded.incidents.toLocaleString('en-US')} incidents`,
    );

    const scenario = 'memory';
    const perIncidentKB = (loaded.rss - empty.rss) / 1024 / loaded.incidents;
    return [
      { scenario, variant: EMPTY, metric: 'resident memory (VmRSS)', value: round(empty.rss / MB), unit: 'MB' },
      {
        scenario,
        variant: LOADED,
        metric: `resident memory (VmRSS), ${SETTLE_MS / 1000} s after ready`,
        value: round(loaded.rss / MB),
        unit: 'MB',
        ...(loaded.incidents >= TARGET_INCIDENTS ? { target: { goal: `< ${TARGET_MB} MB with ${TARGET_INCIDENTS.toLocaleString('en-US')} incidents`, met: loaded.rss / MB < TARGET_MB } } : {}),
        note: `memory: ${loaded.incidents.toLocaleString('en-US')} incidents from ${loaded.events.toLocaleString('en-US')} events; about ${perIncidentKB.toFixed(1)} KB resident per incident above the empty server.`,
      },
      { scenario, variant: LOADED, metric: 'peak resident memory (VmHWM) while loading', value: round(loaded.peak / MB), unit: 'MB' },
      { scenario, variant: LOADED, metric: 'incidents loaded', value: loaded.incidents, unit: 'incidents' },
      { scenario, variant: LOADED, metric: 'resident memory per incident, above the empty server', value: round(perIncidentKB, 2), unit: 'KB' },
    ];
  },
};

async function residentAfterStart(context: ScenarioContext, dataDir: string): Promise<{ rss: number; peak: number; incidents: number; events: number }> {
  const server: BenchServer = await startServer({ entry: context.serverEntry, nodeArgs: context.serverNodeArgs, env: ledgerEnv(dataDir), timeoutMs: 15 * 60_000 });
  try {
    const caughtUp = caughtUpLine(server);
    await sleep(SETTLE_MS);
    const rss = server.rssBytes();
    const peak = server.peakRssBytes();
    if (rss === undefined || peak === undefined) throw new Error('memory: /proc/<pid>/status is not readable here');
    return { rss, peak, incidents: caughtUp.incidents, events: caughtUp.replayed };
  } finally {
    await server.stop();
  }
}
