import { join } from 'node:path';
import { BenchRow, ratioTo, Scenario, ScenarioContext } from '../bench.types';
import { BARE, CONNECTIONS, describeLoad, ledgerEnv, LoadResult, measureBareServer } from '../support/http-load';
import { incidentLogIn, SMALL_LOG_EVENTS } from '../support/log-cache';
import { ensurePeers } from '../support/peers';
import { noteLoad } from '../support/note-load';
import { startServer } from '../support/server-process';
import { round } from '../support/statistics';

/**
 * The command path: `addTimelineNote` over HTTP at 50 connections, spread over
 * the incidents on the status board of a generated log, each answer checked
 * (no GraphQL errors: the note is in the store before the answer). Every
 * request goes through authentication, validation, the decider, a durable
 * group-committed append (synchronous=FULL) and the read models. Baseline, in
 * the same run: the bare Fastify + Mercurius server answering a trivial query.
 */
const LEDGER = 'ledger, addTimelineNote mutation';

export const commandPathScenario: Scenario = {
  name: 'command-path',
  description: 'addTimelineNote over HTTP at 50 connections vs a bare Fastify + Mercurius server',
  async run(context: ScenarioContext): Promise<BenchRow[]> {
    const peers = ensurePeers(context.rootDir, context.progress);
    const bareResult = await measureBareServer(peers, context.quick, context.progress);

    const dataDir = join(context.workDir, 'data');
    const { log } = await incidentLogIn(context, dataDir, { events: SMALL_LOG_EVENTS });
    const server = await startServer({ entry: context.serverEntry, nodeArgs: context.serverNodeArgs, env: ledgerEnv(dataDir), timeoutMs: 5 * 60_000 });
    let ledgerResult: LoadResult;
    let written: number;
    try {
      ({ result: ledgerResult, written } = await noteLoad(peers, context.quick, server, log.adminKey));
    } finally {
      await server.stop();
    }
    context.progress(describeLoad(LEDGER, ledgerResult));

    const scenario = 'command-path';
    const ratio = ratioTo(ledgerResult.requestsPerSecond, bareResult.requestsPerSecond, false);
    return [
      { scenario, variant: BARE, metric: `requests/s at ${CONNECTIONS} connections`, value: Math.round(bareResult.requestsPerSecond), unit: 'req/s' },
      { scenario, variant: BARE, metric: 'latency p99', value: bareResult.latencyMs.p99, unit: 'ms' },
      {
        scenario,
        variant: LEDGER,
        metric: `requests/s at ${CONNECTIONS} connections`,
        value: Math.round(ledgerResult.requestsPerSecond),
        unit: 'req/s',
        ratio: round(ratio, 3),
        baseline: BARE,
        target: { goal: '≥ 0.5× bare server', met: ratio >= 0.5 },
        note: `command-path: ${written.toLocaleString('en-US')} notes written (warm-up included), each answer checked; the load generator shares the machine's cores with the server.`,
      },
      { scenario, variant: LEDGER, metric: 'latency p50', value: ledgerResult.latencyMs.p50, unit: 'ms' },
      { scenario, variant: LEDGER, metric: 'latency p99', value: ledgerResult.latencyMs.p99, unit: 'ms', target: { goal: '< 50 ms', met: ledgerResult.latencyMs.p99 < 50 } },
    ];
  },
};
