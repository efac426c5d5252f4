import { performance } from 'node:perf_hooks';
import { createTransport, SentMessageInfo, Transporter } from 'nodemailer';
import { AttemptVerdict, judgeAttempt } from './delivery-policy';
import { OutboundAnswer, OutboundFailure, OutboundResponse } from './outbound-http';

/**
 * Email leaves the server through one SMTP server, the operator's (SMTP_URL):
 * it is not checked against the network policy, which guards the URLs API
 * users give (a relay on the operator's own network is the usual case).
 */

/** One message to send: `id` is the delivery's, so a receiver can tell a repeat from a new message. */
export interface OutgoingMail {
  id: string;
  to: readonly string[];
  subject: string;
  text: string;
  html: string;
  /** More headers (List-Unsubscribe). */
  headers?: Readonly<Record<string, string>>;
}

/** How the delivery process sends mail; answers what happened, never throws. */
export interface Mailer {
  send(mail: OutgoingMail): Promise<OutboundAnswer>;
}

export interface SmtpMailerOptions {
  /** SMTP_URL: it holds the credential, so it is passed to the transport and nowhere else. */
  url: string;
  /** SMTP_FROM, such as `Incident Ledger <ledger@example.com>`. */
  from: string;
  /** How long connecting, the greeting and each reply may take. */
  timeoutMs: number;
}

/** The header that names the delivery in every message (the Message-ID does too, but relays may rewrite it). */
export const DELIVERY_HEADER = 'X-Incident-Ledger-Delivery';

/** What a failed send tells, as nodemailer reports it. */
export interface SmtpFailure {
  message: string;
  code?: string;
  /** The error's own code before nodemailer set its (ECONNREFUSED under ESOCKET). */
  originalCode?: string;
  responseCode?: number;
  response?: string;
  /** When every recipient was rejected: each one's reply. */
  rejectedErrors?: SmtpFailure[];
}

/** A rejection of the message or its recipients: the same message would be rejected again. */
const MESSAGE_REJECTIONS = new Set(['EENVELOPE', 'EMESSAGE']);

/**
 * Sends through one pooled transport, created at the first message (a server
 * that mails nothing never connects) and closed at shutdown.
 */
export class SmtpMailer implements Mailer {
  private transport: Transporter<SentMessageInfo> | undefined;
  private readonly messageIdDomain: string;

  constructor(private readonly options: SmtpMailerOptions) {
    this.messageIdDomain = /@([^>\s]+)>?\s*$/.exec(options.from)?.[1] ?? 'incident-ledger.invalid';
  }

  async send(mail: OutgoingMail): Promise<OutboundAnswer> {
    const started = performance.now();
    try {
      const info = (await this.transporter().sendMail({
        from: this.options.from,
        to: [...mail.to],
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        messageId: `<${mail.id}@${this.messageIdDomain}>`,
        headers: { ...mail.headers, [DELIVERY_HEADER]: mail.id },
      })) as { response?: string };
      return { ...smtpAccepted(info.response ?? ''), durationMs: since(started) };
    } catch (error) {
      return { ...smtpFailed(error as SmtpFailure), durationMs: since(started) };
    }
  }

  /** Closes the pooled connections; a later message opens new ones. */
  close(): void {
    this.transport?.close();
    this.transport = undefined;
  }

  private transporter(): Transporter<SentMessageInfo> {
    this.transport ??= createTransport({
      url: this.options.url,
      pool: true,
      connectionTimeout: this.options.timeoutMs,
      greetingTimeout: this.options.timeoutMs,
      socketTimeout: this.options.timeoutMs,
      // Messages are built from strings here: nothing may make the transport read a file or fetch a URL.
      disableFileAccess: true,
      disableUrlAccess: true,
      logger: false,
    });
    return this.transport;
  }
}

/** The server took the message (for some recipients at least): its final reply, `250 2.0.0 OK queued as …`. */
export function smtpAccepted(response: string): OutboundResponse {
  return { outcome: 'response', status: replyCode(response) ?? 250, headers: {}, bodyExcerpt: response.slice(0, 1024) };
}

/**
 * A failed send as the delivery log keeps it: the server's reply (its code as
 * the status) when it rejected the message or its recipients, else a timeout
 * or a network failure. Nothing in it names the SMTP_URL or its credential.
 */
export function smtpFailed(error: SmtpFailure): OutboundResponse | OutboundFailure {
  if (error.code === 'ETIMEDOUT') return { outcome: 'timeout', detail: error.message };
  if (error.responseCode !== undefined && MESSAGE_REJECTIONS.has(error.code ?? '')) {
    // Recipients rejected for different reasons: one that may be accepted later makes the whole message worth another try.
    const rejection = error.rejectedErrors?.find((rejected) => rejected.responseCode !== undefined && !isPermanentRejection(rejected.responseCode)) ?? error;
    return { outcome: 'response', status: rejection.responseCode ?? error.responseCode, headers: {}, bodyExcerpt: (rejection.response ?? rejection.message).slice(0, 1024) };
  }
  const code = error.originalCode ?? error.code;
  return { outcome: 'network', detail: code && !error.message.includes(code) ? `${code}: ${error.message}` : error.message };
}

/**
 * What an email attempt means for its delivery: accepted (2xx) delivers; a
 * transient rejection (4xx) is tried again on the schedule; a permanent one
 * (5xx: no such mailbox, refused as spam) is a dead letter at once, since the
 * same message would be refused again every time; a server that cannot be
 * reached, or refuses the login, is tried again (the operator can fix it).
 */
export function judgeMailAttempt(answer: OutboundAnswer, now: Date): AttemptVerdict {
  if (answer.outcome !== 'response') return judgeAttempt(answer, now);
  const { status } = answer;
  const delivered = status >= 200 && status < 300;
  const reply = answer.bodyExcerpt.slice(0, 200);
  const error = delivered ? null : `SMTP ${reply.startsWith(String(status)) ? reply : `${status}: ${reply}`}`;
  return { delivered, outcome: 'RESPONSE', status, error, retry: !delivered && !isPermanentRejection(status), retryAfterSeconds: null, disableChannel: false };
}

/** RFC 5321: 5yz is a permanent rejection, except 503 (bad sequence of commands), which a new session may not meet. */
function isPermanentRejection(status: number): boolean {
  return status >= 500 && status < 600 && status !== 503;
}

function replyCode(response: string): number | null {
  const match = /^([2-5]\d\d)\b/.exec(response);
  return match ? Number(match[1]) : null;
}

function since(started: number): number {
  return Math.round(performance.now() - started);
}
