/**
 * The alerting scenario's load generator, in a process of its own as the
 * server is (so its own work does not slow the runner):
 *
 *   node dist/apps/bench/workers/alert-load.js '<spec>'
 *
 * `connections` clients, each on its own keep-alive connection, POST
 * Alertmanager webhook bodies of `alerts` alerts one after another, as fast
 * as they are answered: a warm-up, then the timed seconds. With `groups:
 * 'new'` every request (warm-up included) is a group never sent before, as
 * when many alert rules fire at once; with `'one'` every request is the same
 * group with the same alerts, as Alertmanager sends a firing group again every
 * `group_interval`. Every answer must be 202: any other fails the run, since a
 * fast refusal is not a result. Prints one JSON line (AlertLoadResult).
 */
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { alertmanagerBodyTemplate } from '../support/alertmanager-payloads';
import { percentile, round } from '../support/statistics';

export interface AlertLoadSpec {
  url: string;
  /** Sent as `Authorization: Bearer`: the integration's key (none for the bare baseline). */
  key?: string;
  connections: number;
  warmupSeconds: number;
  seconds: number;
  alerts: number;
  severity: 'critical' | 'warning';
  groups: 'new' | 'one';
}

export interface AlertLoadResult {
  /** Answered in the timed seconds. */
  requests: number;
  /** Answered in the warm-up before them. */
  warmupRequests: number;
  requestsPerSecond: number;
  alertsPerSecond: number;
  latencyMs: { p50: number; p99: number; max: number };
  bodyBytes: number;
}

function post(agent: Agent, url: string, headers: Record<string, string | number>, body: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const outgoing = request(url, { method: 'POST', agent, headers: { ...headers, 'content-length': Buffer.byteLength(body) } }, (answer) => {
      const chunks: Buffer[] = [];
      answer.on('data', (chunk: Buffer) => chunks.push(chunk));
      answer.on('end', () =>
        answer.statusCode === 202 ? resolve() : reject(new Error(`${url} answered ${answer.statusCode}: ${Buffer.concat(chunks).toString('utf8').slice(0, 500)}`)),
      );
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

async function main(): Promise<void> {
  const spec = JSON.parse(process.argv[2] ?? '') as AlertLoadSpec;
  const agent = new Agent({ keepAlive: true, maxSockets: spec.connections });
  const headers = { 'content-type': 'application/json', ...(spec.key ? { authorization: `Bearer ${spec.key}` } : {}) };
  const body = alertmanagerBodyTemplate({ alerts: spec.alerts, severity: spec.severity, startsAt: new Date().toISOString() });
  // Group names unique to this run, so that a second run on the same server makes new groups too.
  const run = Date.now().toString(36);
  let sent = 0;

  /** Every client sends until `endsAt`; answers the latency of each request it sent. */
  const phase = async (seconds: number): Promise<{ latencies: number[]; ms: number }> => {
    const started = performance.now();
    const endsAt = started + seconds * 1000;
    const latencies: number[] = [];
    const client = async () => {
      while (performance.now() < endsAt) {
        const group = spec.groups === 'new' ? `${run}n${sent++}` : 'repeated';
        const requestStarted = performance.now();
        await post(agent, spec.url, headers, body(group));
        latencies.push(performance.now() - requestStarted);
      }
    };
    await Promise.all(Array.from({ length: spec.connections }, client));
    return { latencies, ms: performance.now() - started };
  };

  const warmup = spec.warmupSeconds > 0 ? await phase(spec.warmupSeconds) : { latencies: [], ms: 0 };
  const timed = await phase(spec.seconds);
  agent.destroy();
  const requestsPerSecond = (timed.latencies.length / timed.ms) * 1000;
  const result: AlertLoadResult = {
    requests: timed.latencies.length,
    warmupRequests: warmup.latencies.length,
    requestsPerSecond: round(requestsPerSecond),
    alertsPerSecond: round(requestsPerSecond * spec.alerts),
    latencyMs: { p50: round(percentile(timed.latencies, 0.5)), p99: round(percentile(timed.latencies, 0.99)), max: round(Math.max(...timed.latencies)) },
    bodyBytes: Buffer.byteLength(body('0')),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
