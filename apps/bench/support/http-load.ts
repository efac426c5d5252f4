import { BenchServer, startServer } from './server-process';
import { Peers, runJsonProgram } from './peers';

/** What bench/peers/src/load.ts measured (autocannon), every answer checked. */
export interface LoadResult {
  requestsPerSecond: number;
  /** Answered in the timed seconds. */
  requests: number;
  /** Answered in the warm-up before them. */
  warmupRequests: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number; mean: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  mismatches: number;
}

export interface LoadSpec {
  url: string;
  /** The API key, sent as `Authorization: Bearer`; none for the bare server. */
  key?: string;
  /** GraphQL request bodies, sent round robin. */
  bodies: Array<{ query: string; variables?: Record<string, unknown> }>;
  /** A string every good answer contains. */
  expect: string;
}

/** HTTP load at 50 connections, as the issue asks: warm-up, then the timed seconds. */
export const CONNECTIONS = 50;

export function loadTest(peers: Peers, quick: boolean, spec: LoadSpec): Promise<LoadResult> {
  return runJsonProgram<LoadResult>(peers.entry('load'), {
    url: spec.url,
    connections: CONNECTIONS,
    warmupSeconds: quick ? 1 : 3,
    seconds: quick ? 3 : 10,
    headers: spec.key ? { authorization: `Bearer ${spec.key}` } : {},
    bodies: spec.bodies.map((body) => JSON.stringify(body)),
    expect: spec.expect,
  });
}

/**
 * The server environment of the HTTP scenarios: any free port, no snapshot, no rate limit and room for
 * every subscriber's connection (the load is one key).
 */
export function ledgerEnv(dataDir: string): Record<string, string> {
  return {
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    EVENT_STORE: 'sqlite',
    LOG_LEVEL: 'log',
    SNAPSHOTS: 'false',
    RATE_LIMIT_PER_SECOND: '0',
    MAX_CONNECTIONS_PER_CREDENTIAL: '10000',
  };
}

/** The baseline: bench/peers' bare Fastify + Mercurius server. */
export function startBareServer(peers: Peers): Promise<BenchServer> {
  return startServer({ entry: peers.entry('bare-server'), env: { PORT: '0' }, readyMessage: 'listening', timeoutMs: 60_000 });
}

/** The bare server's trivial query: a lookup in a Map. */
const BARE_QUERY = { body: { query: '{ incident(id: "inc-0421") { id title status severity } }' }, expect: '"incident":{"id":"inc-0421"' };
/** How the baseline is named in the rows. */
export const BARE = 'bare Fastify + Mercurius, trivial query';

/** The baseline of the HTTP scenarios: the bare server under the same load, answering its trivial query. */
export async function measureBareServer(peers: Peers, quick: boolean, progress: (message: string) => void): Promise<LoadResult> {
  const bare = await startBareServer(peers);
  try {
    const result = await loadTest(peers, quick, { url: bare.url, bodies: [BARE_QUERY.body], expect: BARE_QUERY.expect });
    progress(describeLoad(BARE, result));
    return result;
  } finally {
    await bare.stop();
  }
}

/** One progress line for a load result. */
export function describeLoad(name: string, result: LoadResult): string {
  return (
    `${name.padEnd(44)} ${Math.round(result.requestsPerSecond).toLocaleString('en-US').padStart(7)} req/s, ` +
    `p50 ${result.latencyMs.p50} ms, p99 ${result.latencyMs.p99} ms (${result.requests.toLocaleString('en-US')} requests)`
  );
}
