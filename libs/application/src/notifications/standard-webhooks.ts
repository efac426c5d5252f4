import { createHmac, randomBytes } from 'node:crypto';

/**
 * Signing per the Standard Webhooks specification (standardwebhooks.com,
 * version 1.0.0), symmetric scheme: HMAC-SHA256 keyed by the bytes of a
 * `whsec_<base64>` secret, over `<webhook-id>.<webhook-timestamp>.<body>`,
 * sent as `webhook-signature: v1,<base64>`. Pure: the attempt's time comes in.
 */
export const WEBHOOK_SECRET_PREFIX = 'whsec_';

/** The specification asks for 24 to 64 random bytes; 32 matches HMAC-SHA256's output, as RFC 2104 recommends. */
const GENERATED_SECRET_BYTES = 32;
const MIN_SECRET_BYTES = 24;
const MAX_SECRET_BYTES = 64;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
/**
 * The id is signed as `<id>.`: a `.` in it would let one (id, timestamp) pair
 * pass for another, so the specification keeps it out. Letters, digits, `_`
 * and `-` cover uuids and `msg_…` ids and are safe in a header.
 */
const MESSAGE_ID = /^[A-Za-z0-9_-]{1,256}$/;

export class WebhookSigningError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WebhookSigningError';
  }
}

/** One delivery attempt: the same id on every retry (receivers drop duplicates by it), the attempt's own time. */
export interface WebhookMessage {
  readonly id: string;
  readonly timestamp: Date;
  /** Exactly the bytes sent (as UTF-8): a receiver verifies the body it received, before parsing it. */
  readonly body: string;
}

export interface StandardWebhookHeaders {
  'webhook-id': string;
  /** Unix seconds. */
  'webhook-timestamp': string;
  /** `v1,<base64>` per secret, space-separated. */
  'webhook-signature': string;
}

/** A new signing secret for a webhook endpoint, shown to its owner once. */
export function generateWebhookSecret(): string {
  return `${WEBHOOK_SECRET_PREFIX}${randomBytes(GENERATED_SECRET_BYTES).toString('base64')}`;
}

/**
 * The headers of one attempt, signed with every secret given: the current one
 * first, then, during a rotation, the one it replaces, so a receiver holding
 * either verifies the same delivery.
 */
export function signWebhook(message: WebhookMessage, secrets: readonly [string, ...string[]]): StandardWebhookHeaders {
  if (!MESSAGE_ID.test(message.id)) throw new WebhookSigningError('A webhook id is 1 to 256 letters, digits, _ or -');
  const seconds = Math.floor(message.timestamp.getTime() / 1000);
  if (!Number.isSafeInteger(seconds)) throw new WebhookSigningError('A webhook timestamp must be a valid time');
  const signed = `${message.id}.${seconds}.${message.body}`;
  return {
    'webhook-id': message.id,
    'webhook-timestamp': String(seconds),
    'webhook-signature': secrets.map((secret) => `v1,${createHmac('sha256', secretBytes(secret)).update(signed, 'utf8').digest('base64')}`).join(' '),
  };
}

function secretBytes(secret: string): Buffer {
  const encoded = secret.startsWith(WEBHOOK_SECRET_PREFIX) ? secret.slice(WEBHOOK_SECRET_PREFIX.length) : undefined;
  const bytes = encoded !== undefined && BASE64.test(encoded) ? Buffer.from(encoded, 'base64') : Buffer.alloc(0);
  if (bytes.length < MIN_SECRET_BYTES || bytes.length > MAX_SECRET_BYTES) {
    // Never the secret itself: this message may reach a log.
    throw new WebhookSigningError(`A webhook secret is ${WEBHOOK_SECRET_PREFIX} followed by ${MIN_SECRET_BYTES} to ${MAX_SECRET_BYTES} bytes in base64`);
  }
  return bytes;
}
