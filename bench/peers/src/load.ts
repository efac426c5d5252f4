/**
 * The HTTP load generator of `npm run bench`: autocannon, driven by a JSON
 * spec, in its own process (so the runner's own work does not slow it down).
 *
 *   node dist/load.js '{"url":…,"connections":50,"warmupSeconds":3,"seconds":10,
 *                       "headers":{…},"bodies":["{…}", …],"expect":"…"}'
 *
 * Each request POSTs the next body of `bodies`, round robin, so that load is
 * spread over many incidents. Every answer, the warm-up's included, is
 * checked: it must be 2xx, carry no GraphQL `errors` and contain `expect`; any
 * that fails is counted and makes the run fail, because a fast wrong answer is
 * not a result.
 *
 * Prints one JSON line: requests per second (mean over the timed seconds),
 * latency percentiles in ms, and the counts of bad answers.
 */
import autocannon from 'autocannon';

interface LoadSpec {
  url: string;
  connections: number;
  warmupSeconds: number;
  seconds: number;
  headers?: Record<string, string>;
  bodies: string[];
  /** A string every good answer contains, e.g. `"data":{"incident"`. */
  expect: string;
}

async function main(): Promise<void> {
  const spec = JSON.parse(process.argv[2] ?? '') as LoadSpec;
  if (!spec.bodies?.length) throw new Error('the spec has no bodies');
  let next = 0;
  const options = {
    url: spec.url,
    connections: spec.connections,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...spec.headers },
    requests: [{ method: 'POST', setupRequest: (request: object) => ({ ...request, body: spec.bodies[next++ % spec.bodies.length] }) }],
    verifyBody: (body: string) => body.includes(spec.expect) && !body.includes('"errors"'),
  };
  const warmup = spec.warmupSeconds > 0 ? await autocannon({ ...options, duration: spec.warmupSeconds }) : undefined;
  const result = await autocannon({ ...options, duration: spec.seconds });
  const badIn = (run: typeof result) => run.errors + run.timeouts + run.non2xx + run.mismatches;
  const bad = badIn(result) + (warmup ? badIn(warmup) : 0);
  const summary = {
    requestsPerSecond: result.requests.average,
    requests: result.requests.total,
    /** Answered in the warm-up, which is not timed but must be as good. */
    warmupRequests: warmup?.requests.total ?? 0,
    latencyMs: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max, mean: result.latency.mean },
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    mismatches: result.mismatches,
  };
  process.stdout.write(`${JSON.stringify(summary)}\n`);
  if (bad > 0) {
    process.stderr.write(`load: ${bad} bad answers, warm-up included (timed part: errors ${result.errors}, timeouts ${result.timeouts}, non-2xx ${result.non2xx}, wrong body ${result.mismatches})\n`);
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
