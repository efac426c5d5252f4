import { createCipheriv, createDecipheriv, createHmac, createSecretKey, KeyObject, randomBytes } from 'node:crypto';

/**
 * Secrets the server must use again (webhook signing secrets, channel URLs),
 * encrypted at rest with AES-256-GCM under LEDGER_SECRET_KEY. Secrets that are
 * only checked (API keys) are hashed instead, elsewhere.
 *
 * A sealed secret is one string, `v1.<key id>.<iv>.<tag>.<ciphertext>`, every
 * part base64url (which has no `.`):
 * - `v1`: the format, so a later one can be read beside it;
 * - key id: a short digest of the key that sealed it, so a wrong key is named
 *   as such instead of failing like tampering, and rotation finds the key;
 * - iv: 12 random bytes, new for every seal (GCM must never reuse one under a key);
 * - tag: GCM's 16-byte authentication tag over the ciphertext and the
 *   associated data (the format, the key id and what the caller binds it to).
 *
 * The associated data is the secret's place, e.g. `notification-channel/<id>/url`:
 * a ciphertext copied into another channel or another field does not open.
 */
const FORMAT = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;
const KEY_ID_BYTES = 6;

/** 32 bytes in base64 (standard or URL alphabet, padding optional) or in hex: what `openssl rand -base64 32` or `-hex 32` prints. */
const KEY_TEXT = String.raw`(?:[A-Za-z0-9+/_-]{43}=?|[0-9a-fA-F]{64})`;
export const SECRET_KEY_PATTERN = new RegExp(`^${KEY_TEXT}$`);
/** LEDGER_SECRET_KEY_PREVIOUS: such keys, comma-separated. */
export const SECRET_KEYS_PATTERN = new RegExp(String.raw`^\s*${KEY_TEXT}(?:\s*,\s*${KEY_TEXT})*\s*$`);

export const SECRET_KEY_FORMAT_MESSAGE = 'must be 32 random bytes in base64 (44 characters) or hex (64 characters); generate one with: openssl rand -base64 32';

/** A key that is not 32 bytes in base64 or hex. The message names the variable, never the value. */
export class SecretKeyError extends Error {
  constructor(variable: string) {
    super(`${variable} ${SECRET_KEY_FORMAT_MESSAGE}`);
    this.name = 'SecretKeyError';
  }
}

/** A sealed secret that does not open: malformed, sealed with a key this server lacks, altered, or bound elsewhere. */
export class SecretOpenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretOpenError';
  }
}

interface Key {
  readonly id: string;
  readonly secret: KeyObject;
}

/** The variables a SecretBox is built from (AppConfig has them). */
export interface SecretKeySettings {
  LEDGER_SECRET_KEY?: string;
  /** Keys that sealed secrets before a rotation: they still open, never seal. Comma-separated. */
  LEDGER_SECRET_KEY_PREVIOUS?: string;
}

export class SecretBox {
  // KeyObjects, in private fields: neither logging nor JSON.stringify of the box shows a key.
  readonly #current: Key;
  readonly #byId: ReadonlyMap<string, Key>;

  private constructor(current: Key, previous: readonly Key[]) {
    this.#current = current;
    this.#byId = new Map([...previous, current].map((key) => [key.id, key]));
  }

  /** The box the server's configuration describes, or undefined when it has no LEDGER_SECRET_KEY (no secrets can be kept). */
  static fromSettings(settings: SecretKeySettings): SecretBox | undefined {
    const keys = secretKeysOf(settings);
    return keys && new SecretBox(keyFrom(keys.current), keys.previous.map(keyFrom));
  }

  /** The current key's id: what new seals carry. */
  get keyId(): string {
    return this.#current.id;
  }

  seal(plaintext: string, associatedData: string): string {
    requireAssociatedData(associatedData);
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#current.secret, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(authenticated(this.#current.id, associatedData));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [FORMAT, this.#current.id, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ciphertext.toString('base64url')].join('.');
  }

  open(sealed: string, associatedData: string): string {
    requireAssociatedData(associatedData);
    const { keyId, iv, tag, ciphertext } = parse(sealed);
    const key = this.#byId.get(keyId);
    if (!key) {
      throw new SecretOpenError(
        `This secret was sealed with another key (key id ${keyId}; the current key's id is ${this.#current.id}): ` +
          'set LEDGER_SECRET_KEY, or LEDGER_SECRET_KEY_PREVIOUS during a rotation, to the key that sealed it',
      );
    }
    const decipher = createDecipheriv('aes-256-gcm', key.secret, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(authenticated(keyId, associatedData));
    decipher.setAuthTag(tag);
    try {
      return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
    } catch {
      throw new SecretOpenError('This secret does not open: it was altered, or it was sealed for another place (associated data)');
    }
  }
}

/**
 * The server's keys as bytes: the current one and those it replaced, or
 * undefined without LEDGER_SECRET_KEY. For whatever else derives a key of its
 * own from them (page links): none of them uses a key as it is.
 */
export function secretKeysOf(settings: SecretKeySettings): { current: Buffer; previous: Buffer[] } | undefined {
  if (!settings.LEDGER_SECRET_KEY) return undefined;
  const previous = (settings.LEDGER_SECRET_KEY_PREVIOUS ?? '').split(',').map((text) => text.trim()).filter(Boolean);
  return {
    current: keyBytes(settings.LEDGER_SECRET_KEY, 'LEDGER_SECRET_KEY'),
    previous: previous.map((text) => keyBytes(text, 'LEDGER_SECRET_KEY_PREVIOUS')),
  };
}

function keyBytes(text: string, variable: string): Buffer {
  if (!SECRET_KEY_PATTERN.test(text)) throw new SecretKeyError(variable);
  return Buffer.from(text, text.length === KEY_BYTES * 2 ? 'hex' : 'base64');
}

function keyFrom(bytes: Buffer): Key {
  const secret = createSecretKey(bytes);
  return { id: keyIdOf(secret), secret };
}

/** A keyed digest (a key check value), not a hash of the key alone: it says which key, and nothing about it. */
function keyIdOf(secret: KeyObject): string {
  return createHmac('sha256', secret).update('incident-ledger secret-box key id').digest().subarray(0, KEY_ID_BYTES).toString('base64url');
}

/** The header is authenticated too, so a seal cannot be relabelled with another format or key id. */
function authenticated(keyId: string, associatedData: string): Buffer {
  return Buffer.from(`${FORMAT}.${keyId}.${associatedData}`, 'utf8');
}

/** A seal with no place bound to it could be moved anywhere: every caller must say where the secret belongs. */
function requireAssociatedData(associatedData: string): void {
  if (associatedData === '') throw new Error('A secret is sealed for a place: give associated data such as notification-channel/<id>/url');
}

const SEALED = /^([A-Za-z0-9]+)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]*)$/;

function parse(sealed: string): { keyId: string; iv: Buffer; tag: Buffer; ciphertext: Buffer } {
  const parts = SEALED.exec(sealed);
  if (!parts) throw new SecretOpenError(`This is not a sealed secret: expected ${FORMAT}.<key id>.<iv>.<tag>.<ciphertext>`);
  const [, format, keyId, iv, tag, ciphertext] = parts;
  if (format !== FORMAT) throw new SecretOpenError(`This secret is sealed in format ${format}, which this server does not read (it reads ${FORMAT})`);
  const decoded = { keyId, iv: Buffer.from(iv, 'base64url'), tag: Buffer.from(tag, 'base64url'), ciphertext: Buffer.from(ciphertext, 'base64url') };
  if (decoded.iv.length !== IV_BYTES || decoded.tag.length !== TAG_BYTES) throw new SecretOpenError('This secret does not open: its iv or tag has the wrong length');
  return decoded;
}

const MASK = '••••';
const SHOWN_TAIL = 4;
/** The last characters are shown only when at least this many stay hidden, so a short secret shows nothing of itself. */
const MIN_HIDDEN = 16;

/**
 * A secret as the API shows it after creation: enough to recognise it, too
 * little to use it. A URL keeps its scheme and host (never a user or password)
 * and the last 4 characters of the rest (path, query and fragment, as the URL
 * standard spells them): `https://hooks.slack.com/••••wxyz`.
 * A `whsec_` secret keeps its prefix: `whsec_••••wxyz`. Anything else: `••••wxyz`.
 * The tail is shown only when at least 16 characters stay hidden.
 */
export function mask(secret: string): string {
  const url = httpUrl(secret);
  if (url) return `${url.protocol}//${url.host}/${tail(`${url.pathname}${url.search}${url.hash}`.slice(1))}`;
  if (secret.startsWith('whsec_')) return `whsec_${tail(secret.slice('whsec_'.length))}`;
  return tail(secret);
}

function httpUrl(text: string): URL | undefined {
  const url = URL.canParse(text) ? new URL(text) : undefined;
  return url?.protocol === 'https:' || url?.protocol === 'http:' ? url : undefined;
}

function tail(hidden: string): string {
  return hidden.length >= MIN_HIDDEN + SHOWN_TAIL ? `${MASK}${hidden.slice(-SHOWN_TAIL)}` : MASK;
}
