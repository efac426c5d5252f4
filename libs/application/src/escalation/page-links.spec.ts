import { createHmac, randomBytes } from 'node:crypto';
import { FixedClock } from '@incident-ledger/domain';
import { PageLinks, PageLinkSettings } from './page-links';

const newKey = () => randomBytes(32).toString('base64');
const SENT_AT = '2026-12-02T10:00:00.000Z';
const PAGE = { incidentId: 'inc-1', pageId: 'page-1', person: 'rosa' };
const settings = (keys: Partial<PageLinkSettings>): PageLinkSettings => ({ publicUrl: 'https://ledger.example.com', PAGE_LINK_TTL_HOURS: 24, ...keys });
const at = (iso: string) => new FixedClock(new Date(iso));
const tokenOf = (link: string | null) => link!.split('/pages/')[1];

describe('PageLinks', () => {
  const key = newKey();
  const links = PageLinks.fromSettings(settings({ LEDGER_SECRET_KEY: key }), at('2026-12-02T10:05:00.000Z'));

  it('makes a link under PUBLIC_URL that opens the page it was made for, until it expires', () => {
    const link = links.linkFor({ ...PAGE, sentAt: SENT_AT });
    expect(link).toMatch(/^https:\/\/ledger\.example\.com\/pages\/ilp_[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(links.open(tokenOf(link))).toEqual({ opened: true, page: PAGE, expiresAt: new Date('2026-12-03T10:00:00.000Z') });
  });

  it('opens with links built again from the same key, as a restarted server does', () => {
    const again = PageLinks.fromSettings(settings({ LEDGER_SECRET_KEY: key }), at(SENT_AT));
    expect(again.open(tokenOf(links.linkFor({ ...PAGE, sentAt: SENT_AT })))).toMatchObject({ opened: true, page: PAGE });
  });

  it('refuses a token with any byte changed', () => {
    const token = tokenOf(links.linkFor({ ...PAGE, sentAt: SENT_AT }));
    const [payload, signature] = token.slice('ilp_'.length).split('.');
    const flipped = (text: string, index: number) => {
      const bytes = Buffer.from(text, 'base64url');
      bytes[index] ^= 1;
      return bytes.toString('base64url');
    };
    // Another person, as a holder would try: the payload is readable, never writable.
    const forged = Buffer.from(Buffer.from(payload, 'base64url').toString('utf8').replace('"rosa"', '"dave"')).toString('base64url');
    for (const altered of [`ilp_${forged}.${signature}`, `ilp_${payload}.${flipped(signature, 0)}`, `ilp_${payload}.${flipped(signature, 31)}`]) {
      expect(links.open(altered)).toEqual({ opened: false, refusal: 'BAD_SIGNATURE' });
    }
    expect(links.open(`ilp_${flipped(payload, 3)}.${signature}`)).toMatchObject({ opened: false });
    expect(links.open(`ilp_${payload}.${signature.slice(0, -2)}`)).toEqual({ opened: false, refusal: 'BAD_SIGNATURE' });
  });

  it('refuses what is no page link', () => {
    for (const token of ['', 'ilp_', 'ilk_abc.def', 'ilp_abc', 'ilp_!!.??', `ilp_${Buffer.from('[1]').toString('base64url')}.AAAA`, `ilp_${'a'.repeat(5000)}.b`]) {
      expect(links.open(token)).toEqual({ opened: false, refusal: 'MALFORMED' });
    }
  });

  it('refuses an expired link', () => {
    const link = links.linkFor({ ...PAGE, sentAt: SENT_AT });
    const aDayLater = PageLinks.fromSettings(settings({ LEDGER_SECRET_KEY: key }), at('2026-12-03T10:00:00.000Z'));
    const justBefore = PageLinks.fromSettings(settings({ LEDGER_SECRET_KEY: key }), at('2026-12-03T09:59:59.000Z'));
    expect(aDayLater.open(tokenOf(link))).toEqual({ opened: false, refusal: 'EXPIRED' });
    expect(justBefore.open(tokenOf(link))).toMatchObject({ opened: true });
  });

  it('expires after PAGE_LINK_TTL_HOURS', () => {
    const shortLived = PageLinks.fromSettings(settings({ LEDGER_SECRET_KEY: key, PAGE_LINK_TTL_HOURS: 2 }), at(SENT_AT));
    expect(shortLived.open(tokenOf(shortLived.linkFor({ ...PAGE, sentAt: SENT_AT })))).toMatchObject({ expiresAt: new Date('2026-12-02T12:00:00.000Z') });
  });

  it('still opens a link signed before a rotation, while its key is in LEDGER_SECRET_KEY_PREVIOUS', () => {
    const rotated = PageLinks.fromSettings(settings({ LEDGER_SECRET_KEY: newKey(), LEDGER_SECRET_KEY_PREVIOUS: `${newKey()}, ${key}` }), at(SENT_AT));
    expect(rotated.open(tokenOf(links.linkFor({ ...PAGE, sentAt: SENT_AT })))).toMatchObject({ opened: true, page: PAGE });
    // New links are signed with the new key: the old one no longer opens them.
    expect(links.open(tokenOf(rotated.linkFor({ ...PAGE, sentAt: SENT_AT })))).toEqual({ opened: false, refusal: 'UNKNOWN_KEY' });
  });

  it('refuses a link signed by a key the server no longer has', () => {
    const elsewhere = PageLinks.fromSettings(settings({ LEDGER_SECRET_KEY: newKey() }), at(SENT_AT));
    expect(elsewhere.open(tokenOf(links.linkFor({ ...PAGE, sentAt: SENT_AT })))).toEqual({ opened: false, refusal: 'UNKNOWN_KEY' });
  });

  it('signs with a key of its own, not LEDGER_SECRET_KEY itself', () => {
    const link = links.linkFor({ ...PAGE, sentAt: SENT_AT })!;
    const [payload, signature] = tokenOf(link).slice('ilp_'.length).split('.');
    const withRawKey = createHmac('sha256', Buffer.from(key, 'base64')).update(`ilp_${payload}`).digest().toString('base64url');
    expect(signature).not.toBe(withRawKey);
    expect(link).not.toContain(key);
  });

  it('makes no link without LEDGER_SECRET_KEY, and opens none', () => {
    const keyless = PageLinks.fromSettings(settings({}), at(SENT_AT));
    expect(keyless.linkFor({ ...PAGE, sentAt: SENT_AT })).toBeNull();
    expect(keyless.open(tokenOf(links.linkFor({ ...PAGE, sentAt: SENT_AT })))).toEqual({ opened: false, refusal: 'UNKNOWN_KEY' });
  });
});
