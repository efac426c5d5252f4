import { Clock } from '@incident-ledger/domain';
import { SecretKeySettings } from '../notifications/secret-box';
import { SIGNED_TOKEN_MAX_LENGTH, SignedTokenRefusal, SignedTokens } from '../notifications/signed-tokens';

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

const HKDF_INFO = 'page-links';
/**
 * The longest token read: three ids of at most 200 characters (ESCALATION_LIMITS)
 * fit, so anything longer is no link of ours. The HTTP router must accept a
 * path parameter this long (its default is 100).
 */
export const PAGE_TOKEN_MAX_LENGTH = SIGNED_TOKEN_MAX_LENGTH;

/** The page a link acknowledges. */
export interface PageRef {
  incidentId: string;
  pageId: string;
  person: string;
}

/** Why a link does not open: each is told to its holder in words of its own (and as 404, or 410 once expired). */
export type PageLinkRefusal = SignedTokenRefusal;

export type PageLinkOpening = { opened: true; page: PageRef; expiresAt: Date } | { opened: false; refusal: PageLinkRefusal };

/** What the links are made from: the server's configuration (AppConfig) has it all. */
export interface PageLinkSettings extends SecretKeySettings {
  /** The ledger as people reach it (PUBLIC_URL), without a trailing slash. */
  readonly publicUrl: string;
  /** How long a link opens its page after the page was sent. */
  readonly PAGE_LINK_TTL_HOURS: number;
}

export class PageLinks {
  private constructor(
    private readonly tokens: SignedTokens,
    private readonly settings: PageLinkSettings,
  ) {}

  /** The links the server's configuration describes; without LEDGER_SECRET_KEY they make none and open none. */
  static fromSettings(settings: PageLinkSettings, clock: Clock): PageLinks {
    return new PageLinks(new SignedTokens(PAGE_LINK_PREFIX, HKDF_INFO, settings, clock, 3), settings);
  }

  /**
   * The link that acknowledges a page, expiring PAGE_LINK_TTL_HOURS after it
   * was sent (from the page's own time, so the outbox hearing it again makes
   * the same link); null when the server has no key to sign it with.
   */
  linkFor(page: PageRef & { sentAt: string }): string | null {
    const expiresAt = Math.floor(Date.parse(page.sentAt) / 1000) + this.settings.PAGE_LINK_TTL_HOURS * 3600;
    const token = this.tokens.make([page.incidentId, page.pageId, page.person], expiresAt);
    return token === null ? null : `${this.settings.publicUrl}${PAGE_LINK_PATH}/${token}`;
  }

  /** The page a token acknowledges, or why it does not. */
  open(token: string): PageLinkOpening {
    const opening = this.tokens.open(token);
    if (!opening.opened) return opening;
    const [incidentId, pageId, person] = opening.fields;
    // Page links always expire: a token without an expiry is none of ours.
    if (opening.expiresAt === null) return { opened: false, refusal: 'MALFORMED' };
    return { opened: true, page: { incidentId, pageId, person }, expiresAt: opening.expiresAt };
  }
}
