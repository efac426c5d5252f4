/**
 * A GET load generator for documents served from memory, in a process of its
 * own as the servers are:
 *
 *   node dist/apps/bench/workers/get-load.js '<spec>'
 *
 * `connections` keep-alive connections each send the same GET, one after
 * another, as fast as they are answered: a warm-up, then the timed seconds.
 * It speaks HTTP/1.1 over plain sockets, as autocannon and wrk do, because
 * node's own HTTP client costs about as much CPU per request as a Fastify
 * server answering a static document: with both on the same two cores, the
 * client would set the pace and every server would look alike. The answers
 * must be what a plain server sends here (a status line, headers with a
 * content-length, a body), and every one is checked: a 200 whose body holds
 * `expect`, or with `etag` given a 304. Anything else fails the run, since a
 * fast wrong answer is not a result. Prints one JSON line (GetLoadResult).
 *
 * With `etag`, every request is conditional (If-None-Match), and a 200 with a
 * new ETag (the page changed, or its minute turned) makes the requests after
 * it send that one, as a client that keeps its copy does.
 */
import { connect, Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { pinToCore } from '../support/cpu-affinity';
import { percentile, round } from '../support/statistics';

export interface GetLoadSpec {
  url: string;
  /** Send If-None-Match with this ETag (then the latest one answered), and take 304 for an answer. */
  etag?: string;
  connections: number;
  warmupSeconds: number;
  seconds: number;
  /** A string every 200 answer's body contains. */
  expect: string;
  /** The core to run on (see pinToCore), or anywhere. */
  core?: number;
}

export interface GetLoadResult {
  /** Answered in the timed seconds. */
  requests: number;
  /** Answered in the warm-up before them. */
  warmupRequests: number;
  requestsPerSecond: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number };
  /** Of the timed answers, the 304s. */
  notModified: number;
  /** Whether it ran on `core` alone. */
  pinned: boolean;
  /** This load generator's own user and system time per answer, warm-up included, in µs: when it is near the server's, the load, not the server, sets the pace. */
  cpuPerRequestUs: number;
}

const HEADER_END = Buffer.from('\r\n\r\n');

/** One answer read whole. */
interface Answer {
  status: number;
  etag: string | undefined;
  body: Buffer;
}

/** What an answer's head says: its status and ETag, where its body starts and where the answer ends. */
interface Head {
  status: number;
  etag: string | undefined;
  bodyStart: number;
  length: number;
}

/** Reads the head at the front of `buffer`, or null while it is incomplete; bodies by content-length only (a static document is never chunked). */
function parseHead(buffer: Buffer): Head | null {
  const headerEnd = buffer.indexOf(HEADER_END);
  if (headerEnd < 0) return null;
  const head = buffer.toString('latin1', 0, headerEnd);
  const lengthHeader = /\r\ncontent-length:\s*(\d+)/i.exec(head);
  if (!lengthHeader && /\r\ntransfer-encoding:/i.test(head)) throw new Error(`a chunked answer, which this client does not read:\n${head}`);
  const bodyStart = headerEnd + HEADER_END.length;
  return { status: Number(head.slice(9, 12)), etag: /\r\netag:\s*([^\r]+)/i.exec(head)?.[1], bodyStart, length: bodyStart + (lengthHeader ? Number(lengthHeader[1]) : 0) };
}

/**
 * Gathers one answer from a connection's chunks. A large body arrives in many
 * chunks: they are kept as they come and joined once, when the last has
 * arrived, since joining at every chunk would cost the client more than the
 * server spends sending.
 */
class AnswerReader {
  private chunks: Buffer[] = [];
  private received = 0;
  private head: Head | null = null;

  /** Takes a chunk; answers the answer once its last byte has arrived. */
  push(chunk: Buffer): Answer | null {
    this.chunks.push(chunk);
    this.received += chunk.length;
    if (!this.head) {
      // Only until the head is complete, which is short.
      const joined = this.chunks.length === 1 ? chunk : Buffer.concat(this.chunks);
      this.chunks = [joined];
      this.head = parseHead(joined);
      if (!this.head) return null;
    }
    if (this.received < this.head.length) return null;
    if (this.received > this.head.length) throw new Error('bytes after an answer, before the next request was sent');
    const whole = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks, this.received);
    const { status, etag, bodyStart } = this.head;
    this.chunks = [];
    this.received = 0;
    this.head = null;
    return { status, etag, body: whole.subarray(bodyStart) };
  }
}

/** The request, built again when the ETag to send changes. */
class GetRequest {
  private etag: string | undefined;
  bytes!: Buffer;

  constructor(private readonly target: URL, etag: string | undefined) {
    this.update(etag);
  }

  get conditional(): boolean {
    return this.etag !== undefined;
  }

  update(etag: string | undefined): void {
    if (etag === this.etag && this.bytes) return;
    this.etag = etag;
    const condition = etag === undefined ? '' : `if-none-match: ${etag}\r\n`;
    this.bytes = Buffer.from(`GET ${this.target.pathname}${this.target.search} HTTP/1.1\r\nhost: ${this.target.host}\r\naccept: */*\r\n${condition}\r\n`, 'latin1');
  }
}

/** Answer times and the count of 304s among them. */
interface Tally {
  latencies: number[];
  notModified: number;
}

/** One keep-alive connection sending `request` again as soon as each answer is read, until `endsAt`. */
function runConnection(spec: GetLoadSpec, target: URL, request: GetRequest, endsAt: number, tally: Tally): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const socket: Socket = connect({ host: target.hostname, port: Number(target.port), noDelay: true });
    const reader = new AnswerReader();
    let sentAt = 0;
    let done = false;
    const fail = (error: Error) => {
      if (done) return;
      done = true;
      socket.destroy();
      reject(error);
    };
    const send = () => {
      sentAt = performance.now();
      socket.write(request.bytes);
    };
    socket.once('connect', send);
    socket.on('error', fail);
    socket.on('close', () => fail(new Error(`${spec.url}: the server closed a keep-alive connection`)));
    socket.on('data', (chunk: Buffer) => {
      let answer: Answer | null;
      try {
        answer = reader.push(chunk);
      } catch (error) {
        return fail(new Error(`${spec.url}: ${(error as Error).message}`));
      }
      if (!answer) return;
      const now = performance.now();
      if (answer.status === 304 && request.conditional) tally.notModified++;
      else if (answer.status !== 200) return fail(new Error(`${spec.url} answered ${answer.status}: ${answer.body.toString('utf8', 0, 500)}`));
      else if (answer.body.indexOf(spec.expect) < 0) return fail(new Error(`${spec.url}: an answer without ${JSON.stringify(spec.expect)}`));
      else if (request.conditional) request.update(answer.etag);
      tally.latencies.push(now - sentAt);
      if (now < endsAt) return send();
      done = true;
      socket.destroy();
      resolve();
    });
  });
}

async function main(): Promise<void> {
  const spec = JSON.parse(process.argv[2] ?? '') as GetLoadSpec;
  const pinned = spec.core !== undefined && pinToCore(process.pid, spec.core);
  const cpuBefore = process.cpuUsage();
  const target = new URL(spec.url);
  const request = new GetRequest(target, spec.etag);

  /** Every connection sends until the phase ends; answers the latency of each request answered in it. */
  const phase = async (seconds: number): Promise<Tally & { ms: number }> => {
    const started = performance.now();
    const tally: Tally = { latencies: [], notModified: 0 };
    await Promise.all(Array.from({ length: spec.connections }, () => runConnection(spec, target, request, started + seconds * 1000, tally)));
    return { ...tally, ms: performance.now() - started };
  };

  const warmup = spec.warmupSeconds > 0 ? await phase(spec.warmupSeconds) : { latencies: [], notModified: 0, ms: 0 };
  const timed = await phase(spec.seconds);
  const cpuUsed = process.cpuUsage(cpuBefore);
  const result: GetLoadResult = {
    requests: timed.latencies.length,
    warmupRequests: warmup.latencies.length,
    requestsPerSecond: round((timed.latencies.length / timed.ms) * 1000),
    latencyMs: {
      p50: round(percentile(timed.latencies, 0.5), 2),
      p90: round(percentile(timed.latencies, 0.9), 2),
      p99: round(percentile(timed.latencies, 0.99), 2),
      max: round(percentile(timed.latencies, 1), 2),
    },
    notModified: timed.notModified,
    pinned,
    cpuPerRequestUs: round((cpuUsed.user + cpuUsed.system) / (timed.latencies.length + warmup.latencies.length)),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
