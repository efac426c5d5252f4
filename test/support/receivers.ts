/**
 * Real receivers for the notification deliveries, run inside the test process:
 * a Standard Webhooks endpoint that verifies signatures with the specification's
 * reference package, Slack- and Teams-shaped endpoints that refuse what those
 * services refuse, and an SMTP server. Each records what arrived, so a test
 * asserts what the receiving end saw, and answers the way the real one does
 * (or as scripted), so the product's retries and failures are exercised for real.
 */
import { IncomingHttpHeaders, IncomingMessage, ServerResponse, createServer } from 'node:http';
import { AddressInfo, Server } from 'node:net';
import { ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { Webhook } from 'standardwebhooks';
import { parseJson, slackRefusal, teamsRefusal } from './chat-payloads';

/** How a receiver answers one request: a status, or a status with a Retry-After, a delay before answering, a body. */
export type Answer = number | { status: number; retryAfter?: number | string; delayMs?: number; body?: string };

export interface ScriptOptions {
  /** Answers for the first acceptable requests, in order (e.g. [500, 500, 200]); then `defaultAnswer`. */
  answers?: Answer[];
  /** The answer once the script is used up; each receiver has the real service's success by default. */
  defaultAnswer?: Answer;
}

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  rawBody: string;
  /** The body parsed as JSON; undefined when it is not JSON. */
  json: unknown;
  receivedAt: Date;
  /** The status this receiver answered (or, with a delay, is about to answer). */
  status: number;
}

export interface WebhookRequest extends ReceivedRequest {
  webhookId: string | undefined;
  webhookTimestamp: string | undefined;
  webhookSignature: string | undefined;
  /** Whether the signature verifies with one of the receiver's secrets. */
  verified: boolean;
  /** The secrets it verifies with (both while a rotated secret lives). */
  verifiedWith: string[];
  /** Why it did not verify (the reference package's message), when it did not. */
  failure?: string;
}

export interface ChatRequest extends ReceivedRequest {
  /** Why the service would refuse the message (its error string), when it would. */
  refusal?: string;
}

export interface ReceivedMail {
  /** The SMTP envelope: MAIL FROM and RCPT TO. */
  envelope: { from: string | undefined; to: string[] };
  /** The From header as written, e.g. `"Incident Ledger" <ledger@example.com>`. */
  from: string | undefined;
  /** The addresses of the To header. */
  to: string[];
  subject: string | undefined;
  text: string | undefined;
  html: string | undefined;
  receivedAt: Date;
  /** Everything mailparser read (headers, attachments, ...). */
  parsed: ParsedMail;
}

export interface Receiver<T> {
  url: string;
  /** Everything received so far, oldest first. */
  readonly received: readonly T[];
  /**
   * Resolves with the received items that match, as soon as at least `atLeast` do
   * (checked on every arrival, so no sleeping); rejects after `timeoutMs`, listing what did arrive.
   */
  waitFor(predicate?: (item: T) => boolean, timeoutMs?: number, atLeast?: number): Promise<T[]>;
  close(): Promise<void>;
}

export interface HttpReceiver<T extends ReceivedRequest> extends Receiver<T> {
  /** Replaces the script: these answers next, then `defaultAnswer` (the current default when not given). */
  script(answers: Answer[], defaultAnswer?: Answer): void;
}

export interface WebhookReceiver extends HttpReceiver<WebhookRequest> {
  /** The signing secrets (`whsec_...`) to verify with; known only once the channel is created. */
  setSecrets(...secrets: string[]): void;
}

export interface WebhookReceiverOptions extends ScriptOptions {
  secrets?: string[];
  /** Answer requests that do not verify as scripted, instead of refusing them with 401 like a real receiver. */
  acceptUnverified?: boolean;
}

/** Keeps what arrived and wakes whoever waits for it. */
class Recorder<T> {
  readonly received: T[] = [];
  private readonly arrivals = new Set<() => void>();

  constructor(private readonly describe: (item: T) => string) {}

  record(item: T): void {
    this.received.push(item);
    for (const check of [...this.arrivals]) check();
  }

  waitFor(predicate: (item: T) => boolean = () => true, timeoutMs = 10_000, atLeast = 1): Promise<T[]> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const matching = this.received.filter(predicate);
        if (matching.length < atLeast) return;
        stop();
        resolve(matching);
      };
      const timer = setTimeout(() => {
        stop();
        const arrived = this.received.map((item) => `  ${this.describe(item)}`).join('\n') || '  nothing';
        reject(new Error(`waited ${timeoutMs} ms for ${atLeast} matching; ${this.received.length} arrived:\n${arrived}`));
      }, timeoutMs);
      const stop = () => {
        clearTimeout(timer);
        this.arrivals.delete(check);
      };
      this.arrivals.add(check);
      check();
    });
  }
}

/** Hands out the scripted answers in order, then the default. */
class Script {
  private answers: Answer[];
  private defaultAnswer: Answer;

  constructor(options: ScriptOptions, serviceDefault: Answer) {
    this.answers = [...(options.answers ?? [])];
    this.defaultAnswer = options.defaultAnswer ?? serviceDefault;
  }

  next(): Answer {
    return this.answers.shift() ?? this.defaultAnswer;
  }

  replace(answers: Answer[], defaultAnswer = this.defaultAnswer): void {
    this.answers = [...answers];
    this.defaultAnswer = defaultAnswer;
  }
}

const statusOf = (answer: Answer) => (typeof answer === 'number' ? answer : answer.status);

function describeRequest(request: ReceivedRequest): string {
  const body = request.rawBody.length > 200 ? `${request.rawBody.slice(0, 200)}...` : request.rawBody;
  return `${request.method} ${request.path} -> ${request.status} ${body}`;
}

/** What a receiver makes of one request: the fields it records beyond the common ones, and its answer. */
interface Judgement<Extra> {
  extra: Extra;
  answer: Answer;
  contentType: string;
}

type Judge<Extra> = (rawBody: string, headers: IncomingHttpHeaders) => Judgement<Extra>;

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function listen(server: Server, port = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

/** An HTTP endpoint on 127.0.0.1 and a free port: every POST is judged, recorded, then answered. */
async function startHttpReceiver<Extra>(judge: Judge<Extra>): Promise<Receiver<ReceivedRequest & Extra>> {
  const recorder = new Recorder<ReceivedRequest & Extra>(describeRequest);
  const delayed = new Set<NodeJS.Timeout>();
  const server = createServer((request, response) => {
    void readBody(request).then((rawBody) => {
      const { extra, answer, contentType } = request.method === 'POST' ? judge(rawBody, request.headers) : { extra: {} as Extra, answer: 405, contentType: 'text/plain' };
      const received = { method: request.method ?? '', path: request.url ?? '', headers: request.headers, rawBody, json: parseJson(rawBody), receivedAt: new Date(), status: statusOf(answer) };
      recorder.record({ ...received, ...extra });
      answerWith(response, answer, contentType, delayed);
    }, () => response.destroy());
  });
  const port = await listen(server);
  return {
    url: `http://127.0.0.1:${port}/`,
    get received() {
      return recorder.received;
    },
    waitFor: (predicate, timeoutMs, atLeast) => recorder.waitFor(predicate, timeoutMs, atLeast),
    close: () => {
      for (const timer of delayed) clearTimeout(timer);
      // Delayed answers and kept-alive connections must not hold the test open.
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

function answerWith(response: ServerResponse, answer: Answer, contentType: string, delayed: Set<NodeJS.Timeout>): void {
  const { status, retryAfter, delayMs = 0, body = '' } = typeof answer === 'number' ? { status: answer } : answer;
  const send = () => {
    response.writeHead(status, { 'content-type': contentType, ...(retryAfter === undefined ? {} : { 'retry-after': String(retryAfter) }) });
    response.end(body);
  };
  if (delayMs <= 0) return send();
  const timer = setTimeout(() => {
    delayed.delete(timer);
    send();
  }, delayMs);
  delayed.add(timer);
}

function withScript<T extends ReceivedRequest>(receiver: Receiver<T>, script: Script): HttpReceiver<T> {
  return Object.assign(receiver, { script: (answers: Answer[], defaultAnswer?: Answer) => script.replace(answers, defaultAnswer) });
}

/** Only the header values as strings, the shape the reference package reads. */
function singleValued(headers: IncomingHttpHeaders): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).flatMap(([name, value]) => (value === undefined ? [] : [[name, Array.isArray(value) ? value.join(', ') : value]])));
}

function verify(secrets: string[], rawBody: string, headers: IncomingHttpHeaders): Pick<WebhookRequest, 'verified' | 'verifiedWith' | 'failure'> {
  if (secrets.length === 0) return { verified: false, verifiedWith: [], failure: 'the receiver has no secret yet (setSecrets)' };
  const failures: string[] = [];
  const verifiedWith = secrets.filter((secret) => {
    try {
      new Webhook(secret).verify(rawBody, singleValued(headers));
      return true;
    } catch (error) {
      failures.push((error as Error).message);
      return false;
    }
  });
  return verifiedWith.length > 0 ? { verified: true, verifiedWith } : { verified: false, verifiedWith, failure: failures[0] };
}

/**
 * A Standard Webhooks endpoint. Every request is verified with the reference
 * package (`new Webhook(secret).verify(body, headers)`: signature and a timestamp
 * within five minutes); one that does not verify is refused with 401 like a real
 * receiver would (unless `acceptUnverified`), the others get the scripted answers, then 200.
 */
export async function startWebhookReceiver(options: WebhookReceiverOptions = {}): Promise<WebhookReceiver> {
  let secrets = [...(options.secrets ?? [])];
  const script = new Script(options, 200);
  const receiver = await startHttpReceiver((rawBody, headers) => {
    const verification = verify(secrets, rawBody, headers);
    const { 'webhook-id': webhookId, 'webhook-timestamp': webhookTimestamp, 'webhook-signature': webhookSignature } = singleValued(headers);
    const extra = { webhookId, webhookTimestamp, webhookSignature, ...verification };
    const refused = !verification.verified && !options.acceptUnverified;
    return { extra, answer: refused ? { status: 401, body: verification.failure } : script.next(), contentType: 'text/plain' };
  });
  return Object.assign(withScript(receiver, script), { setSecrets: (...next: string[]) => void (secrets = next) });
}

/**
 * A Slack incoming webhook: a message Slack would refuse gets 400 with Slack's
 * error string (invalid_payload, invalid_blocks_format, invalid_blocks, no_text);
 * the others get the scripted answers, then Slack's `200 ok`.
 */
export async function startSlackReceiver(options: ScriptOptions = {}): Promise<HttpReceiver<ChatRequest>> {
  const script = new Script(options, { status: 200, body: 'ok' });
  const receiver = await startHttpReceiver((rawBody) => {
    const refusal = slackRefusal(rawBody);
    return { extra: { refusal }, answer: refusal ? { status: 400, body: refusal } : script.next(), contentType: 'text/plain' };
  });
  return withScript(receiver, script);
}

/**
 * A Microsoft Teams Workflows webhook: a message that is not an Adaptive Card
 * Teams would post gets 400 with a JSON error; the others get the scripted
 * answers, then Workflows' `202 Accepted`.
 */
export async function startTeamsReceiver(options: ScriptOptions = {}): Promise<HttpReceiver<ChatRequest>> {
  const script = new Script(options, 202);
  const receiver = await startHttpReceiver((rawBody, headers) => {
    const refusal = teamsRefusal(rawBody, headers['content-type']);
    const error = { status: 400, body: JSON.stringify({ error: { code: 'TriggerInputSchemaMismatch', message: refusal } }) };
    return { extra: { refusal }, answer: refusal ? error : script.next(), contentType: 'application/json' };
  });
  return withScript(receiver, script);
}

function addresses(field: ParsedMail['to']): string[] {
  return (Array.isArray(field) ? field : field ? [field] : []).flatMap((group) => group.value.map((mailbox) => mailbox.address ?? ''));
}

function toReceivedMail(parsed: ParsedMail, envelope: ReceivedMail['envelope']): ReceivedMail {
  return { envelope, from: parsed.from?.text, to: addresses(parsed.to), subject: parsed.subject, text: parsed.text, html: parsed.html || undefined, receivedAt: new Date(), parsed };
}

export interface SmtpReceiverOptions {
  /** Listen on this port (to come back where a server is configured to send); a free one by default. */
  port?: number;
  /** Require this login (AUTH PLAIN or LOGIN, over plain text as a test allows); `url` then carries it. */
  auth?: { user: string; pass: string };
  /** Refuse a recipient at RCPT TO with this reply (e.g. 550 for a mailbox that does not exist). */
  refuseRecipient?: (address: string) => { code: number; message: string } | undefined;
}

/** An SMTP error reply as smtp-server sends it: the code, then the text. */
function smtpReply(code: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode: code });
}

/**
 * An SMTP server (`smtp-server`) on 127.0.0.1 and a free port, plain text and
 * no authentication, as a relay inside a private network (or with a login and
 * refused recipients when asked); every message is parsed with `mailparser`.
 * `url` is what SMTP_URL takes.
 */
export async function startSmtpReceiver(options: SmtpReceiverOptions = {}): Promise<Receiver<ReceivedMail>> {
  const recorder = new Recorder<ReceivedMail>((mail) => `${mail.envelope.from} -> ${mail.envelope.to.join(', ')}: ${mail.subject}`);
  const { auth, refuseRecipient } = options;
  const server = new SMTPServer({
    secure: false,
    authOptional: !auth,
    allowInsecureAuth: true,
    disabledCommands: auth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    logger: false,
    // close() otherwise waits up to 30 s for a client that keeps its connection (a pooled transport).
    closeTimeout: 100,
    onAuth(login, _session, callback) {
      if (auth && login.username === auth.user && login.password === auth.pass) return callback(null, { user: login.username });
      callback(smtpReply(535, '5.7.8 Authentication credentials invalid'));
    },
    onRcptTo(address, _session, callback) {
      const refusal = refuseRecipient?.(address.address);
      callback(refusal ? smtpReply(refusal.code, refusal.message) : undefined);
    },
    onData(stream, session, callback) {
      const envelope = { from: session.envelope.mailFrom ? session.envelope.mailFrom.address : undefined, to: session.envelope.rcptTo.map((recipient) => recipient.address) };
      simpleParser(stream)
        .then((parsed) => {
          recorder.record(toReceivedMail(parsed, envelope));
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  const port = await listen(server.server, options.port);
  const login = auth ? `${encodeURIComponent(auth.user)}:${encodeURIComponent(auth.pass)}@` : '';
  return {
    url: `smtp://${login}127.0.0.1:${port}`,
    get received() {
      return recorder.received;
    },
    waitFor: (predicate, timeoutMs, atLeast) => recorder.waitFor(predicate, timeoutMs, atLeast),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
