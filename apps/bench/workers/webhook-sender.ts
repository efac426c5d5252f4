/**
 * The baseline of the notification deliveries: the receiver's own ceiling,
 * measured with signed POSTs sent directly by a plain node client, in a
 * process of its own as the server is:
 *
 *   node dist/apps/bench/workers/webhook-sender.js '<spec>'
 *
 * It sends `count` requests over `urls` (round robin), `concurrency` at a
 * time, each signed the way the server signs a delivery (the same
 * `signWebhook`, a fresh id, the time of sending) and each on a new
 * connection (`agent: false`, as the server's outbound requests are).
 * Every answer must be 2xx. Prints one JSON line (SenderResult).
 */
import { signWebhook } from '@incident-ledger/application';
import { request } from 'node:http';
import { performance } from 'node:perf_hooks';

export interface SenderSpec {
  urls: string[];
  /** The signing secret of each url, in the same order. */
  secrets: string[];
  count: number;
  concurrency: number;
  body: string;
}

export interface SenderResult {
  /** From the first request sent to the last answer read. */
  ms: number;
  sent: number;
}

function post(url: string, secret: string, id: string, body: string): Promise<void> {
  const headers = signWebhook({ id, timestamp: new Date(), body }, [secret]);
  return new Promise<void>((resolve, reject) => {
    const outgoing = request(url, { method: 'POST', agent: false, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers } }, (answer) => {
      answer.resume();
      answer.on('end', () => ((answer.statusCode ?? 0) >= 200 && (answer.statusCode ?? 0) < 300 ? resolve() : reject(new Error(`${url} answered ${answer.statusCode}`))));
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

async function main(): Promise<void> {
  const spec = JSON.parse(process.argv[2] ?? '') as SenderSpec;
  let next = 0;
  const started = performance.now();
  const sender = async () => {
    for (let n = next++; n < spec.count; n = next++) {
      const which = n % spec.urls.length;
      await post(spec.urls[which], spec.secrets[which], `msg_bench_${n}`, spec.body);
    }
  };
  await Promise.all(Array.from({ length: spec.concurrency }, sender));
  const result: SenderResult = { ms: performance.now() - started, sent: spec.count };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
