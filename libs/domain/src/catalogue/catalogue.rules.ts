import { DomainError, invalidInput } from '../shared/domain-error';
import { checkEmailAddress, checkOptionalText, checkText, sortedUnique } from '../shared/field-rules';
import { CatalogueLink, ContactMethods } from './catalogue.types';
import { CATALOGUE_LIMITS as LIMITS } from './catalogue.limits';
import { isServiceLifecycle, isServiceTier, ServiceLifecycle, ServiceTier } from './service-tier';

/**
 * How each field of the catalogue is checked and put in its one canonical
 * form (trimmed, sorted where order means nothing), so that sending back what
 * is already there is recognised as no change.
 */

/** Lower-case letters, digits and inner hyphens: a slug fits in a URL, a DNS label and a Backstage name. */
const SLUG = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;
/** Backstage's tag format, so that every tag survives an export. */
const TAG = /^[a-z0-9:+#]+(?:-[a-z0-9:+#]+)*$/;
/** E.164: a plus, a country code, at most 15 digits. */
const PHONE = /^\+[1-9]\d{6,14}$/;

export { checkOptionalText, checkText };

export function checkSlug(value: unknown, field: string): string {
  const slug = typeof value === 'string' ? value.trim() : '';
  if (slug.length === 0 || slug.length > LIMITS.slugMaxLength || !SLUG.test(slug)) {
    throw new DomainError(
      'INVALID_INPUT',
      `${field} ${JSON.stringify(value)} is not a slug: 1 to ${LIMITS.slugMaxLength} lower-case letters, digits and hyphens, not starting or ending with a hyphen`,
      { field },
    );
  }
  return slug;
}


export function checkTier(value: unknown): ServiceTier {
  if (!isServiceTier(value)) throw invalidInput('tier', `Unknown tier ${String(value)}: use TIER_1 (customer-facing and critical) to TIER_4`);
  return value;
}

export function checkLifecycle(value: unknown): ServiceLifecycle {
  if (!isServiceLifecycle(value)) throw invalidInput('lifecycle', `Unknown lifecycle ${String(value)}: use PRODUCTION, EXPERIMENTAL or DEPRECATED`);
  return value;
}

export function checkUrl(value: unknown, field: string, protocols: readonly string[]): string {
  const text = typeof value === 'string' ? value.trim() : '';
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  if (!url || !protocols.includes(url.protocol) || text.length > LIMITS.urlMaxLength) {
    const schemes = protocols.map((protocol) => protocol.slice(0, -1)).join(' or ');
    throw invalidInput(field, `${field}: ${JSON.stringify(value)} is not an ${schemes} URL of at most ${LIMITS.urlMaxLength} characters`);
  }
  return text;
}

/** Runbooks are opened during incidents, often from outside the office network: https only. */
export function checkLinks(links: readonly CatalogueLink[] | undefined, field: 'runbooks' | 'links'): CatalogueLink[] {
  const list = links ?? [];
  if (list.length > LIMITS.linksMaxCount) throw invalidInput(field, `At most ${LIMITS.linksMaxCount} ${field}`);
  const protocols = field === 'runbooks' ? ['https:'] : ['https:', 'http:'];
  return list.map((link) => ({
    title: checkText(link?.title, `${field} title`, LIMITS.linkTitleMaxLength),
    url: checkUrl(link?.url, field, protocols),
  }));
}

export function checkTags(tags: readonly string[] | undefined): string[] {
  const normalized = sortedUnique((tags ?? []).map((tag) => (typeof tag === 'string' ? tag.trim().toLowerCase() : '')));
  if (normalized.length > LIMITS.tagsMaxCount) throw invalidInput('tags', `At most ${LIMITS.tagsMaxCount} tags`);
  for (const tag of normalized) {
    if (tag.length > LIMITS.tagMaxLength || !TAG.test(tag)) {
      throw invalidInput('tags', `Tag ${JSON.stringify(tag)}: at most ${LIMITS.tagMaxLength} of a-z, 0-9, :, + and #, in words joined by hyphens`);
    }
  }
  return normalized;
}

export function checkDependencySlugs(dependencies: readonly string[] | undefined): string[] {
  const slugs = sortedUnique((dependencies ?? []).map((slug) => checkSlug(slug, 'dependencies')));
  if (slugs.length > LIMITS.dependenciesMaxCount) throw invalidInput('dependencies', `At most ${LIMITS.dependenciesMaxCount} dependencies`);
  return slugs;
}

export function checkMemberNames(members: readonly string[] | undefined): string[] {
  const names = sortedUnique((members ?? []).map((name) => checkText(name, 'members', LIMITS.nameMaxLength)));
  if (names.length > LIMITS.membersMaxCount) throw invalidInput('members', `At most ${LIMITS.membersMaxCount} members`);
  return names;
}

/** The time zone data of the runtime decides: no I/O, the same answer in every process of one deployment. */
export function checkTimeZone(value: unknown): string {
  const timeZone = typeof value === 'string' ? value.trim() : '';
  try {
    // An IANA name, not an offset (newer runtimes take "+05:30", which follows no daylight saving time).
    if (timeZone.length === 0 || /^[+-]/.test(timeZone)) throw new RangeError('not a zone name');
    // Stored as the runtime spells it ("europe/berlin" becomes "Europe/Berlin"): one person, one spelling.
    return new Intl.DateTimeFormat(undefined, { timeZone }).resolvedOptions().timeZone;
  } catch {
    throw invalidInput('timeZone', `Unknown time zone ${JSON.stringify(value)}: use an IANA name such as Europe/Berlin or UTC`);
  }
}

/** The contact methods given replace those of their kind (null removes one); the others stay. */
export function mergeContacts(current: ContactMethods, changes: Partial<ContactMethods> | undefined): ContactMethods {
  const merged = { ...current };
  if (!changes) return merged;
  if (changes.email !== undefined) merged.email = optionalContact(changes.email, (email) => checkEmail(email));
  if (changes.chatMemberId !== undefined) {
    merged.chatMemberId = optionalContact(changes.chatMemberId, (id) => checkText(id, 'contacts.chatMemberId', LIMITS.chatMemberIdMaxLength));
  }
  if (changes.phone !== undefined) {
    merged.phone = optionalContact(changes.phone, (phone) => {
      if (!PHONE.test(phone)) throw invalidInput('contacts.phone', `Phone ${JSON.stringify(phone)}: use the international format, such as +4930123456`);
      return phone;
    });
  }
  return merged;
}

/** Empty means none. */
function optionalContact(value: string | null, check: (value: string) => string): string | null {
  const text = value?.trim() ?? '';
  return text.length === 0 ? null : check(text);
}

function checkEmail(email: string): string {
  return checkEmailAddress(email, 'contacts.email');
}

/** Equal as data: fields are compared in their canonical forms. */
export function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
