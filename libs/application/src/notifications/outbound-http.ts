import { lookup } from 'node:dns/promises';
import { IncomingMessage, request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, LookupFunction } from 'node:net';
import { performance } from 'node:perf_hooks';
import { StringDecoder } from 'node:string_decoder';
import { NetworkPolicy, Refusal } from './network-policy';

/**
 * The one way a notification leaves the server over HTTP (webhook, Slack and Teams channels alike): a POST that
 * answers what happened instead of throwing, so the delivery process can record it and decide whether to retry.
 *
 * - The network policy is applied to every address a name resolves to, and again on every redirect.
 * - The name is resolved once and the connection goes to the address that was checked (the request's `lookup` answers
 *   it), so a name that answers a public address to the check and a private one to the connection (DNS rebinding)
 *   gains nothing. The name stays the Host header and the TLS server name, so certificates are verified against it.
 * - 307 and 308 are followed, at most five times, re-sending the body. 301, 302 and 303 are not: clients turn them into
 *   a GET without the body, so following them would "deliver" nothing; they are the answer, recorded as a failure.
 * - One timeout covers the whole attempt: resolution, connection, redirects and the response up to its excerpt.
 * - A new connection per call (no keep-alive pool): a pooled socket would carry one call's checks into another's.
 */

export interface ResolvedAddress {
  address: string;
  family: number;
}

/** Resolves a host name to all its addresses; the default is the system resolver (`dns.lookup`, as connections use). */
export type Resolve = (hostname: string) => Promise<ResolvedAddress[]>;

export interface OutboundHttpOptions {
  policy: NetworkPolicy;
  /** The whole attempt, redirects included. Default 10 s. */
  timeoutMs?: number;
  resolve?: Resolve;
}

/** What the delivery log keeps of a response's headers: what the retry decision and a reader of the log need. */
export interface ResponseHeaders {
  'retry-after'?: string;
  location?: string;
}

export interface OutboundResponse {
  outcome: 'response';
  status: number;
  headers: ResponseHeaders;
  /** The first kilobyte of the body (a receiver's error message), decoded as UTF-8 without a split character. */
  bodyExcerpt: string;
}

/** Refused by the policy before anything was sent to that address: final, not worth a retry. */
export interface OutboundRefusal extends Refusal {
  outcome: 'refused';
}

/** No answer: worth a retry. The detail is the error's code and message, which name no path, query or secret. */
export interface OutboundFailure {
  outcome: 'timeout' | 'network';
  detail: string;
}

export type OutboundAnswer = (OutboundResponse | OutboundRefusal | OutboundFailure) & { durationMs: number };

const DEFAULT_TIMEOUT_MS = 10_000;
const MAX_REDIRECTS = 5;
const FOLLOWED_REDIRECTS = new Set([307, 308]);
const EXCERPT_BYTES = 1024;
const USER_AGENT = 'incident-ledger';

const systemResolve: Resolve = (hostname) => lookup(hostname, { all: true });

export class OutboundHttp {
  private readonly policy: NetworkPolicy;
  private readonly timeoutMs: number;
  private readonly resolve: Resolve;

  constructor(options: OutboundHttpOptions) {
    this.policy = options.policy;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.resolve = options.resolve ?? systemResolve;
  }

  /** POSTs `body` (JSON unless a content-type header says otherwise) to `url`. Never throws. */
  async postJson(url: string, body: string, headers: Record<string, string> = {}): Promise<OutboundAnswer> {
    const started = performance.now();
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(), this.timeoutMs);
    try {
      const answer = await this.follow(url, body, requestHeaders(body, headers), deadline.signal);
      return { ...answer, durationMs: since(started) };
    } catch (error) {
      const failure: OutboundFailure = deadline.signal.aborted
        ? { outcome: 'timeout', detail: `no answer within ${this.timeoutMs} ms` }
        : { outcome: 'network', detail: describeError(error) };
      return { ...failure, durationMs: since(started) };
    } finally {
      clearTimeout(timer);
    }
  }

  private async follow(url: string, body: string, headers: Record<string, string>, signal: AbortSignal): Promise<OutboundResponse | OutboundRefusal> {
    if (!URL.canParse(url)) return { outcome: 'refused', reason: 'invalid-url', detail: 'not an absolute URL' };
    let target = new URL(url);
    for (let redirects = 0; ; redirects++) {
      const addresses = await this.checkedAddresses(target, signal);
      if (!Array.isArray(addresses)) {
        const detail = redirects === 0 ? addresses.detail : `after a redirect, ${addresses.detail}`;
        return { outcome: 'refused', ...addresses, detail };
      }
      const response = await send(target, addresses, body, headers, signal);
      const next = redirects < MAX_REDIRECTS ? redirectTarget(response, target) : undefined;
      if (!next) return response;
      target = next;
    }
  }

  /** The addresses to connect to, every one allowed by the policy, or why the URL is refused. */
  private async checkedAddresses(url: URL, signal: AbortSignal): Promise<ResolvedAddress[] | Refusal> {
    const refusal = this.policy.checkUrl(url);
    if (refusal) return refusal;
    const host = hostOf(url);
    // An IP written in the URL, in whatever form (2130706433, 0x7f.1, 127.1), reaches here normalised by the URL parser.
    const family = isIP(host);
    if (family) return this.policy.checkAddress(host) ?? [{ address: host, family }];
    const addresses = await untilAborted(this.resolve(host), signal);
    if (addresses.length === 0) throw new Error(`${host} has no address`);
    // One forbidden address refuses the name: connecting to the others would still let its owner choose, per attempt,
    // whether we reach inside.
    for (const { address } of addresses) {
      const forbidden = this.policy.checkAddress(address);
      if (forbidden) return { ...forbidden, detail: `${host}: ${forbidden.detail}` };
    }
    return addresses;
  }
}

function send(url: URL, addresses: ResolvedAddress[], body: string, headers: Record<string, string>, signal: AbortSignal): Promise<OutboundResponse> {
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const outgoing = request(
      { method: 'POST', hostname: hostOf(url), port: url.port, path: `${url.pathname}${url.search}`, headers, agent: false, lookup: pinnedLookup(addresses), signal },
      (response) => readResponse(response).then(resolve, reject),
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

/** A `lookup` that answers the addresses already checked instead of asking DNS again. */
function pinnedLookup(addresses: ResolvedAddress[]): LookupFunction {
  return (_hostname, options, callback) => {
    // With `all`, the socket tries each address in turn (Happy Eyeballs); every one of them was checked.
    if (options.all) callback(null, addresses);
    else callback(null, addresses[0].address, addresses[0].family);
  };
}

async function readResponse(response: IncomingMessage): Promise<OutboundResponse> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response as AsyncIterable<Buffer>) {
    chunks.push(chunk);
    size += chunk.length;
    // The rest of the body is of no use and may never end: leaving the loop destroys the response.
    if (size >= EXCERPT_BYTES) break;
  }
  const bodyExcerpt = new StringDecoder('utf8').write(Buffer.concat(chunks).subarray(0, EXCERPT_BYTES));
  return { outcome: 'response', status: response.statusCode ?? 0, headers: keptHeaders(response), bodyExcerpt };
}

function keptHeaders(response: IncomingMessage): ResponseHeaders {
  const { 'retry-after': retryAfter, location } = response.headers;
  return { ...(retryAfter !== undefined && { 'retry-after': retryAfter }), ...(location !== undefined && { location }) };
}

function redirectTarget(response: OutboundResponse, current: URL): URL | undefined {
  const { location } = response.headers;
  if (!FOLLOWED_REDIRECTS.has(response.status) || location === undefined || !URL.canParse(location, current.href)) return undefined;
  return new URL(location, current);
}

function requestHeaders(body: string, headers: Record<string, string>): Record<string, string> {
  const given = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
  return { 'content-type': 'application/json', 'user-agent': USER_AGENT, ...given, 'content-length': String(Buffer.byteLength(body)) };
}

/** The host as a name or a bare IP: the URL parser keeps IPv6 literals in brackets. */
function hostOf(url: URL): string {
  return url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
}

/** DNS lookups cannot be cancelled, but the attempt need not wait for one past its deadline. */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise((resolve, reject) => {
    const abort = () => reject(signal.reason);
    if (signal.aborted) return abort();
    signal.addEventListener('abort', abort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort));
  });
}

function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const { code } = error as NodeJS.ErrnoException;
  return code && !error.message.includes(code) ? `${code}: ${error.message}` : error.message;
}

function since(started: number): number {
  return Math.round(performance.now() - started);
}
