import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { Clock } from '@incident-ledger/domain';
import { secretKeysOf, SecretKeySettings } from './secret-box';

const FORMAT = 1;
const KEY_BYTES = 32;
const KEY_ID_BYTES = 6;
const SIGNATURE_BYTES = 32;
/** The longest token read: anything longer is no token of ours (and the HTTP router must accept a path parameter this long). */
export const SIGNED_TOKEN_MAX_LENGTH = 2_048;

/** Why a token does not open: each told to its holder in words of its own. */
export type SignedTokenRefusal = 'MALFORMED' | 'BAD_SIGNATURE' | 'EXPIRED' | 'UNKNOWN_KEY';

export type SignedTokenOpening = { opened: true; fields: string[]; expiresAt: Date | null } | { opened: false; refusal: SignedTokenRefusal };

interface SigningKey {
  id: string;
  secret: Buffer;
}

/**
 * Tokens that are their own credential, for links sent to people (a page's
 * acknowledgement, a subscription's confirmation or unsubscription):
 * `<prefix><payload>.<signature>`, both base64url, safe in a URL and unbroken
 * by mail clients. The payload holds the token's fields, when it expires (or
 * never) and which key signed it; the signature is HMAC-SHA256 under a key
 * derived from LEDGER_SECRET_KEY for this use alone (HKDF with the use's own
 * `info`), so no other use of the server's key can make or read such a token,
 * nor a token reveal anything of that key. Each use has its own prefix, and
 * the prefix is signed: a token of one kind cannot pass for another.
 */
export class SignedTokens {
  // In private fields: neither logging nor JSON.stringify shows a key.
  readonly #current: SigningKey | undefined;
  readonly #byId: ReadonlyMap<string, SigningKey>;
  private readonly pattern: RegExp;

  constructor(
    private readonly prefix: string,
    use: string,
    settings: SecretKeySettings,
    private readonly clock: Clock,
    private readonly fieldCount: number,
  ) {
    const keys = secretKeysOf(settings);
    this.#current = keys && signingKey(keys.current, use);
    const all = keys ? [...keys.previous.map((key) => signingKey(key, use)), this.#current!] : [];
    this.#byId = new Map(all.map((key) => [key.id, key]));
    this.pattern = new RegExp(`^${prefix}([A-Za-z0-9_-]+)\\.([A-Za-z0-9_-]+)$`);
  }

  /** Whether the server has a key to sign with (LEDGER_SECRET_KEY). */
  get signs(): boolean {
    return this.#current !== undefined;
  }

  /** A token for these fields, valid until `expiresAt` (seconds since the epoch) or for ever (null); null without a key. */
  make(fields: readonly string[], expiresAt: number | null): string | null {
    const key = this.#current;
    if (!key) return null;
    const payload = Buffer.from(JSON.stringify([FORMAT, key.id, ...fields, expiresAt]), 'utf8').toString('base64url');
    return `${this.prefix}${payload}.${this.sign(key, payload).toString('base64url')}`;
  }

  /** The fields a token carries, or why not: the signature is checked before anything in the payload is believed. */
  open(token: string): SignedTokenOpening {
    const parts = token.length <= SIGNED_TOKEN_MAX_LENGTH ? this.pattern.exec(token) : null;
    if (!parts) return refused('MALFORMED');
    const [, payload, signature] = parts;
    const decoded = this.decode(payload);
    if (!decoded) return refused('MALFORMED');
    const key = this.#byId.get(decoded.keyId);
    if (!key) return refused('UNKNOWN_KEY');
    const given = Buffer.from(signature, 'base64url');
    // timingSafeEqual needs equal lengths; a signature's length is no secret.
    if (given.length !== SIGNATURE_BYTES || !timingSafeEqual(given, this.sign(key, payload))) return refused('BAD_SIGNATURE');
    const expiresAt = decoded.expiresAt === null ? null : new Date(decoded.expiresAt * 1000);
    if (expiresAt !== null && this.clock.now() >= expiresAt) return refused('EXPIRED');
    return { opened: true, fields: decoded.fields, expiresAt };
  }

  private sign(key: SigningKey, payload: string): Buffer {
    return createHmac('sha256', key.secret).update(`${this.prefix}${payload}`).digest();
  }

  /** The payload's parts, or null when it is not one of ours (read before the signature is checked: only its key id is used then). */
  private decode(payload: string): { keyId: string; fields: string[]; expiresAt: number | null } | null {
    let parts: unknown;
    try {
      parts = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    } catch {
      return null;
    }
    if (!Array.isArray(parts) || parts.length !== this.fieldCount + 3) return null;
    const [format, keyId, ...rest] = parts as unknown[];
    const expiresAt = rest.pop();
    const texts = [keyId, ...rest];
    if (format !== FORMAT || !texts.every((text) => typeof text === 'string' && text !== '')) return null;
    if (expiresAt !== null && !Number.isSafeInteger(expiresAt)) return null;
    return { keyId: keyId as string, fields: rest as string[], expiresAt: expiresAt as number | null };
  }
}

function refused(refusal: SignedTokenRefusal): SignedTokenOpening {
  return { opened: false, refusal };
}

/** A key of its own for one use, from one of the server's keys; its id names it in tokens, so a rotation finds it. */
function signingKey(serverKey: Buffer, use: string): SigningKey {
  const secret = Buffer.from(hkdfSync('sha256', serverKey, Buffer.alloc(0), use, KEY_BYTES));
  const id = createHmac('sha256', secret).update(`incident-ledger ${use} key id`).digest().subarray(0, KEY_ID_BYTES).toString('base64url');
  return { id, secret };
}
