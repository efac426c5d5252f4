import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { Webhook } from 'standardwebhooks';

/**
 * The receiver of the notifications and alerting scenarios: a plain node
 * HTTP server answering 204 to every POST, as a webhook endpoint does, and
 * keeping for each request what the figures need (its `webhook-id`, when it
 * arrived, the payload's `timestamp`, the body). One endpoint per channel,
 * `/hooks/<n>`, each verifying signatures with its channel's secret through
 * the Standard Webhooks reference package; only one request in VERIFY_EVERY
 * is verified, so the check stays a small part of the receiver's work (it
 * costs the same for the baseline's requests as for the ledger's).
 */
const VERIFY_EVERY = 10;

export interface Receipt {
  id: string;
  /** When the request's body had arrived: performance.timeOrigin + performance.now(), ms. */
  at: number;
  /** The payload's `timestamp` (when the event happened) in ms since the epoch; NaN when the body has none. */
  eventAt: number;
  /** The request's body, as sent. */
  body: string;
}

export interface WebhookReceiver {
  /** The endpoint of channel `n`. */
  urlOf(n: number): string;
  /** The signing secret endpoint `n` verifies with (`whsec_…`, from the channel's creation or the baseline's own). */
  setSecret(n: number, secret: string): void;
  readonly receipts: readonly Receipt[];
  /** Requests whose signature was checked, and how many of them failed. */
  readonly verified: { checked: number; failed: number };
  /** Resolves once `count` requests in all have arrived; rejects after `timeoutMs`, saying how many did. */
  waitForCount(count: number, timeoutMs: number): Promise<void>;
  /** Forgets what arrived, between two measurements. */
  reset(): void;
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const verifiers = new Map<number, Webhook>();
  let receipts: Receipt[] = [];
  const verified = { checked: 0, failed: 0 };
  let waiting: { count: number; done: () => void } | undefined;

  const receive = (request: IncomingMessage, response: ServerResponse, rawBody: string) => {
    const at = performance.timeOrigin + performance.now();
    const id = String(request.headers['webhook-id'] ?? '');
    const verifier = verifiers.get(Number(/^\/hooks\/(\d+)$/.exec(request.url ?? '')?.[1]));
    if (verifier && receipts.length % VERIFY_EVERY === 0) {
      verified.checked++;
      try {
        verifier.verify(rawBody, request.headers as Record<string, string>);
      } catch {
        verified.failed++;
      }
    }
    receipts.push({ id, at, eventAt: eventTime(rawBody), body: rawBody });
    response.writeHead(204).end();
    if (waiting && receipts.length >= waiting.count) waiting.done();
  };

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => receive(request, response, Buffer.concat(chunks).toString('utf8')));
  });
  // The ledger and the baseline open a connection per request: keep the backlog deep enough for bursts.
  await new Promise<void>((resolve) => server.listen({ port: 0, host: '127.0.0.1', backlog: 1024 }, resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    urlOf: (n) => `${base}/hooks/${n}`,
    setSecret: (n, secret) => verifiers.set(n, new Webhook(secret)),
    get receipts() {
      return receipts;
    },
    verified,
    waitForCount: (count, timeoutMs) =>
      new Promise<void>((resolve, reject) => {
        if (receipts.length >= count) return resolve();
        const timer = setTimeout(() => {
          waiting = undefined;
          reject(new Error(`the receiver got ${receipts.length} of ${count} deliveries within ${timeoutMs} ms`));
        }, timeoutMs);
        waiting = { count, done: () => (clearTimeout(timer), (waiting = undefined), resolve()) };
      }),
    reset: () => {
      receipts = [];
      verified.checked = 0;
      verified.failed = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The Standard Webhooks payload's `timestamp`, without parsing the rest of the body. */
function eventTime(rawBody: string): number {
  const match = /"timestamp":"([^"]+)"/.exec(rawBody);
  return match ? Date.parse(match[1]) : NaN;
}
