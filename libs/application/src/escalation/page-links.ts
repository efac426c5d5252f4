import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { Clock } from '@incident-ledger/domain';
import { secretKeysOf, SecretKeySettings } from '../notifications/secret-box';

/**
 * The links a page carries, so that a person on a phone acknowledges it
 * without an API key: `<PUBLIC_URL>/pages/<token>`. The token is the
 * credential, and it opens one page only, as one person, until it expires:
 * `ilp_<payload>.<signature>`, both base64url (the link is safe in a URL and
 * a mail client does not break it). The payload names the page (incident,
 * page, person), when the link expires and which key signed it; the
 * signature is HMAC-SHA256 under a key derived from LEDGER_SECRET_KEY for
 * this use alone (HKDF, info `page-links`), so that no other use of the
 * server's key (sealing secrets) can make or read a link, nor a link reveal
 * anything of that key. Single use is the incident's to judge: a second
 * AcknowledgePage of one page is refused (PAGE_ALREADY_USED).
 */
export const PAGE_LINK_PREFIX = 'ilp_';
/** Where the acknowledgement page is served, under PUBLIC_URL. */
export const PAGE_LINK_PATH = '/pages';

const FORMAT = 1;
const HKDF_INFO = 'page-links';
const KEY_BYTES = 32;
const KEY_ID_BYTES = 6;
const SIGNATURE_BYTES = 32;
/**
 * The longest token read: three ids of at most 200 characters (ESCALATION_LIMITS)
 * fit, so anything longer is no link of ours. The HTTP router must accept a
 * path parameter this long (its default is 100).
 */
export const PAGE_TOKEN_MAX_LENGTH = 2_048;
const TOKEN = /^ilp_([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/;

/** The page a link acknowledges. */
export interface PageRef {
  incidentId: string;
  pageId: string;
  person: string;
}

/** Why a link does not open: each is told to its holder in words of its own (and as 404, or 410 once expired). */
export type PageLinkRefusal = 'MALFORMED' | 'BAD_SIGNATURE' | 'EXPIRED' | 'UNKNOWN_KEY';

export type PageLinkOpening = { opened: true; page: PageRef; expiresAt: Date } | { opened: false; refusal: PageLinkRefusal };

/** What the links are made from: the server's configuration (AppConfig) has it all. */
export interface PageLinkSettings extends SecretKeySettings {
  /** The ledger as people reach it (PUBLIC_URL), without a trailing slash. */
  readonly publicUrl: string;
  /** How long a link opens its page after the page was sent. */
  readonly PAGE_LINK_TTL_HOURS: number;
}

interface SigningKey {
  id: string;
  secret: Buffer;
}

export class PageLinks {
  // In private fields: neither logging nor JSON.stringify of the links shows a key.
  readonly #current: SigningKey | undefined;
  readonly #byId: ReadonlyMap<string, SigningKey>;

  private constructor(
    keys: { current: Buffer; previous: Buffer[] } | undefined,
    private readonly settings: PageLinkSettings,
    private readonly clock: Clock,
  ) {
    this.#current = keys && signingKey(keys.current);
    const all = keys ? [...keys.previous.map(signingKey), this.#current!] : [];
    this.#byId = new Map(all.map((key) => [key.id, key]));
  }

  /** The links the server's configuration describes; without LEDGER_SECRET_KEY they make none and open none. */
  static fromSettings(settings: PageLinkSettings, clock: Clock): PageLinks {
    return new PageLinks(secretKeysOf(settings), settings, clock);
  }

  /**
   * The link that acknowledges a page, expiring PAGE_LINK_TTL_HOURS after it
   * was sent (from the page's own time, so the outbox hearing it again makes
   * the same link); null when the server has no key to sign it with.
   */
  linkFor(page: PageRef & { sentAt: string }): string | null {
    const key = this.#current;
    if (!key) return null;
    const expiresAt = Math.floor(Date.parse(page.sentAt) / 1000) + this.settings.PAGE_LINK_TTL_HOURS * 3600;
    const payload = Buffer.from(JSON.stringify([FORMAT, key.id, page.incidentId, page.pageId, page.person, expiresAt]), 'utf8').toString('base64url');
    return `${this.settings.publicUrl}${PAGE_LINK_PATH}/${PAGE_LINK_PREFIX}${payload}.${sign(key, payload).toString('base64url')}`;
  }

  /** The page a token acknowledges, or why it does not: the signature is checked before anything in the payload is believed. */
  open(token: string): PageLinkOpening {
    const parts = token.length <= PAGE_TOKEN_MAX_LENGTH ? TOKEN.exec(token) : null;
    if (!parts) return refused('MALFORMED');
    const [, payload, signature] = parts;
    const fields = decodePayload(payload);
    if (!fields) return refused('MALFORMED');
    const key = this.#byId.get(fields.keyId);
    if (!key) return refused('UNKNOWN_KEY');
    const given = Buffer.from(signature, 'base64url');
    // timingSafeEqual needs equal lengths; a signature's length is no secret.
    if (given.length !== SIGNATURE_BYTES || !timingSafeEqual(given, sign(key, payload))) return refused('BAD_SIGNATURE');
    const expiresAt = new Date(fields.expiresAt * 1000);
    if (this.clock.now() >= expiresAt) return refused('EXPIRED');
    return { opened: true, page: { incidentId: fields.incidentId, pageId: fields.pageId, person: fields.person }, expiresAt };
  }
}

function refused(refusal: PageLinkRefusal): PageLinkOpening {
  return { opened: false, refusal };
}

/** A key of its own for page links, from one of the server's keys; its id names it in tokens, so a rotation finds it. */
function signingKey(serverKey: Buffer): SigningKey {
  const secret = Buffer.from(hkdfSync('sha256', serverKey, Buffer.alloc(0), HKDF_INFO, KEY_BYTES));
  const id = createHmac('sha256', secret).update('incident-ledger page-links key id').digest().subarray(0, KEY_ID_BYTES).toString('base64url');
  return { id, secret };
}

/** The prefix is signed too, so a token of another kind cannot be passed off as this one. */
function sign(key: SigningKey, payload: string): Buffer {
  return createHmac('sha256', key.secret).update(`${PAGE_LINK_PREFIX}${payload}`).digest();
}

interface PayloadFields extends PageRef {
  keyId: string;
  expiresAt: number;
}

/** The payload's fields, or null when it is not one of ours (read before the signature is checked: only its key id is used then). */
function decodePayload(payload: string): PayloadFields | null {
  let fields: unknown;
  try {
    fields = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (!Array.isArray(fields) || fields.length !== 6) return null;
  const [format, keyId, incidentId, pageId, person, expiresAt] = fields as unknown[];
  const texts = [keyId, incidentId, pageId, person];
  if (format !== FORMAT || !texts.every((text) => typeof text === 'string' && text !== '') || !Number.isSafeInteger(expiresAt)) return null;
  return { keyId, incidentId, pageId, person, expiresAt } as PayloadFields;
}
