import { join } from 'node:path';
import { BenchRow, ratioTo, Scenario, ScenarioContext } from '../bench.types';
import { BARE, CONNECTIONS, describeLoad, ledgerEnv, LoadResult, LoadSpec, loadTest, measureBareServer } from '../support/http-load';
import { incidentLogIn, SMALL_LOG_EVENTS } from '../support/log-cache';
import { ensurePeers } from '../support/peers';
import { BenchServer, graphql, startServer } from '../support/server-process';
import { round } from '../support/statistics';

/**
 * The query path: `incident(id)` (over 100 incidents, round robin) and
 * `activeIncidents` at 50 connections, each answer checked. Three servers in
 * the same run, one after the other: the bare Fastify + Mercurius server with
 * a trivial query (the ceiling of the HTTP and GraphQL layers), the ledger,
 * and the ledger's same modules and resolvers on NestJS + Express + Apollo
 * (the default NestJS stack; bench/peers/src/nest-apollo-server.ts) on a copy
 * of the same log.
 */
const LEDGER = 'ledger (Nest + Fastify + Mercurius)';
const APOLLO = 'ledger resolvers on Nest + Express + Apollo';

const INCIDENT_QUERY = 'query($id: ID!) { incident(id: $id) { id title status severity services commander declaredAt acknowledgedAt version } }';
const BOARD_QUERY = '{ activeIncidents { id title status severity services commander declaredAt updatedAt } }';

export const queryPathScenario: Scenario = {
  name: 'query-path',
  description: 'incident(id) and activeIncidents at 50 connections vs a bare server and vs Nest + Express + Apollo',
  async run(context: ScenarioContext): Promise<BenchRow[]> {
    const peers = ensurePeers(context.rootDir, context.progress);
    const bareResult = await measureBareServer(peers, context.quick, context.progress);

    const results = new Map<string, Map<string, LoadResult>>();
    let reference: string | undefined;
    for (const [stack, entry] of [
      [LEDGER, context.serverEntry],
      [APOLLO, peers.entry('nest-apollo-server')],
    ] as const) {
      const dataDir = join(context.workDir, stack === LEDGER ? 'ledger' : 'apollo');
      const { log } = await incidentLogIn(context, dataDir, { events: SMALL_LOG_EVENTS });
      const server: BenchServer = await startServer({ entry, nodeArgs: context.serverNodeArgs, env: ledgerEnv(dataDir), timeoutMs: 5 * 60_000 });
      try {
        const page = await graphql<{ incidents: { edges: Array<{ node: { id: string } }> } }>(server.url, log.adminKey, '{ incidents(first: 100) { edges { node { id } } } }');
        const ids = page.incidents.edges.map((edge) => edge.node.id);
        // Both stacks must give the same answers, or the comparison means nothing.
        const sample = JSON.stringify([
          await graphql(server.url, log.adminKey, INCIDENT_QUERY, { id: ids[0] }),
          await graphql(server.url, log.adminKey, BOARD_QUERY),
        ]);
        if (reference === undefined) reference = sample;
        else if (sample !== reference) throw new Error(`${stack} answers differently from the ledger:\n  ${reference.slice(0, 300)}\n  ${sample.slice(0, 300)}`);

        const cases: Array<[string, LoadSpec]> = [
          ['incident(id)', { url: server.url, key: log.adminKey, bodies: ids.map((id) => ({ query: INCIDENT_QUERY, variables: { id } })), expect: '"incident":{"id"' }],
          ['activeIncidents', { url: server.url, key: log.adminKey, bodies: [{ query: BOARD_QUERY }], expect: '"activeIncidents":[{' }],
        ];
        const byQuery = new Map<string, LoadResult>();
        for (const [query, spec] of cases) {
          const result = await loadTest(peers, context.quick, spec);
          byQuery.set(query, result);
          context.progress(describeLoad(`${stack}, ${query}`, result));
        }
        results.set(stack, byQuery);
      } finally {
        await server.stop();
      }
    }

    const scenario = 'query-path';
    const rows: BenchRow[] = [
      { scenario, variant: BARE, metric: `requests/s at ${CONNECTIONS} connections`, value: Math.round(bareResult.requestsPerSecond), unit: 'req/s' },
      { scenario, variant: BARE, metric: 'latency p99', value: bareResult.latencyMs.p99, unit: 'ms' },
    ];
    for (const query of ['incident(id)', 'activeIncidents']) {
      const ledger = results.get(LEDGER)?.get(query) as LoadResult;
      const apollo = results.get(APOLLO)?.get(query) as LoadResult;
      const vsBare = ratioTo(ledger.requestsPerSecond, bareResult.requestsPerSecond, false);
      const vsApollo = ratioTo(ledger.requestsPerSecond, apollo.requestsPerSecond, false);
      rows.push(
        {
          scenario,
          variant: `${LEDGER}, ${query}`,
          metric: `requests/s at ${CONNECTIONS} connections`,
          value: Math.round(ledger.requestsPerSecond),
          unit: 'req/s',
          ratio: round(vsBare, 3),
          baseline: BARE,
          target: { goal: '≥ 0.8× bare server', met: vsBare >= 0.8 },
        },
        { scenario, variant: `${LEDGER}, ${query}`, metric: 'latency p99', value: ledger.latencyMs.p99, unit: 'ms' },
        { scenario, variant: `${APOLLO}, ${query}`, metric: `requests/s at ${CONNECTIONS} connections`, value: Math.round(apollo.requestsPerSecond), unit: 'req/s' },
        { scenario, variant: `${APOLLO}, ${query}`, metric: 'latency p99', value: apollo.latencyMs.p99, unit: 'ms' },
        {
          scenario,
          variant: `${LEDGER}, ${query}`,
          metric: 'requests/s, compared with Nest + Express + Apollo',
          value: Math.round(ledger.requestsPerSecond),
          unit: 'req/s',
          ratio: round(vsApollo, 2),
          baseline: APOLLO,
          target: { goal: '≥ 3× Nest + Express + Apollo', met: vsApollo >= 3 },
        },
      );
    }
    return rows;
  },
};
