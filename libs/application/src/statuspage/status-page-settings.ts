import { createHash } from 'node:crypto';
import { StatusPageSettings } from '@incident-ledger/read-models';

const NAME_MAX_LENGTH = 100;
const LINKS_MAX = 10;

/** STATUS_PAGE_LINKS: `Label=https://…` pairs, comma-separated; a problem, or null when it reads. */
export function statusPageLinksProblem(value: string): string | null {
  try {
    parseStatusPageLinks(value);
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

export function parseStatusPageLinks(value: string): { label: string; url: string }[] {
  const entries = value.split(',').map((entry) => entry.trim()).filter((entry) => entry.length > 0);
  if (entries.length > LINKS_MAX) throw new Error(`STATUS_PAGE_LINKS holds at most ${LINKS_MAX} links`);
  return entries.map((entry) => {
    const at = entry.indexOf('=');
    const label = entry.slice(0, at).trim();
    const url = entry.slice(at + 1).trim();
    if (at < 1 || label.length > NAME_MAX_LENGTH || !isHttpUrl(url)) throw new Error(`STATUS_PAGE_LINKS must be Label=https://… pairs, comma-separated (such as Home=https://example.com,Support=https://example.com/help); ${JSON.stringify(entry)} is not`);
    return { label, url };
  });
}

export function isHttpUrl(text: string): boolean {
  try {
    const { protocol } = new URL(text);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

export function isStatusPageName(text: string): boolean {
  return text.trim().length > 0 && text.trim().length <= NAME_MAX_LENGTH;
}

/** The page's settings: its name, logo and links from configuration; its id and address from the ledger's public address. */
export function statusPageSettings(options: { name: string; logoUrl: string | null; links: string; publicUrl: string; subscriptions: boolean }): StatusPageSettings {
  return {
    // Stable for one address, and not a guessable counter: Statuspage's ids are 12 such characters.
    id: createHash('sha256').update(options.publicUrl).digest('hex').slice(0, 12),
    name: options.name.trim(),
    url: `${options.publicUrl}/status`,
    publicUrl: options.publicUrl,
    logoUrl: options.logoUrl,
    links: parseStatusPageLinks(options.links),
    timeZone: 'Etc/UTC',
    subscriptions: options.subscriptions,
  };
}
