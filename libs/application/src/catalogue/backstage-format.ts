import { createHash } from 'node:crypto';

/**
 * The parts of Backstage's catalog-info.yaml format the ledger reads and
 * writes (https://backstage.io/docs/features/software-catalog/descriptor-format),
 * and the annotations it adds for what Backstage has no field for.
 */
export const BACKSTAGE_API_VERSION = 'backstage.io/v1alpha1';

export const LEDGER_ANNOTATIONS = {
  /** A Component's tier: "1" (customer-facing and critical) to "4". */
  tier: 'incident-ledger.dev/tier',
  /** A Group's chat handle, such as "#payments". */
  chatHandle: 'incident-ledger.dev/chat-handle',
  /** A User's IANA time zone, such as "Europe/Berlin". */
  timeZone: 'incident-ledger.dev/time-zone',
  /** A User's member id in the team chat. */
  chatMemberId: 'incident-ledger.dev/chat-member-id',
  /** A User's phone number, in the international format. */
  phone: 'incident-ledger.dev/phone',
  /**
   * A User's name in the ledger (the actor of their keys and tokens), written
   * when it is not a valid Backstage name, such as "alice@example.com".
   */
  actor: 'incident-ledger.dev/actor',
} as const;

/** A link of this type is a runbook: the ledger keeps it apart and shows it to responders. */
export const RUNBOOK_LINK_TYPE = 'runbook';

/** The kinds the ledger imports, and Backstage's other kinds, which it passes over with a note. */
export const IMPORTED_KINDS = ['Component', 'Group', 'User'] as const;
export const PASSED_OVER_KINDS = ['API', 'Resource', 'System', 'Domain', 'Location', 'Template'] as const;

export const DEFAULT_NAMESPACE = 'default';

/** Backstage's rule for `metadata.name`: letters and digits, runs of them joined by one of `-_.`, at most 63 characters. */
const ENTITY_NAME = /^[a-zA-Z0-9]+(?:[-_.][a-zA-Z0-9]+)*$/;
const ENTITY_NAME_MAX_LENGTH = 63;

/**
 * A person's name as a valid Backstage entity name: the name itself when it
 * is one, otherwise its letters and digits joined by dashes and a short
 * digest of the whole name, so that two names never meet
 * ("alice@example.com" becomes "alice-example-com-" and 8 hex digits).
 */
export function backstageUserName(name: string): string {
  if (name.length <= ENTITY_NAME_MAX_LENGTH && ENTITY_NAME.test(name)) return name;
  const digest = createHash('sha256').update(name).digest('hex').slice(0, 8);
  const readable = name
    .normalize('NFKD')
    .replace(/[^a-zA-Z0-9]+/g, '-')
    .slice(0, ENTITY_NAME_MAX_LENGTH - digest.length - 1)
    .replace(/^-+|-+$/g, '');
  return `${readable || 'user'}-${digest}`;
}

/** An entity reference: `[<kind>:][<namespace>/]<name>`, kind and namespace being optional. */
export interface EntityRef {
  kind: string;
  namespace: string;
  name: string;
}

/** Parses a reference; kinds compare in lower case, as Backstage's do. */
export function parseEntityRef(ref: string, defaultKind: string): EntityRef {
  const colon = ref.indexOf(':');
  const kind = colon < 0 ? defaultKind : ref.slice(0, colon);
  const rest = colon < 0 ? ref : ref.slice(colon + 1);
  const slash = rest.indexOf('/');
  return {
    kind: kind.trim().toLowerCase(),
    namespace: slash < 0 ? DEFAULT_NAMESPACE : rest.slice(0, slash).trim().toLowerCase(),
    name: (slash < 0 ? rest : rest.slice(slash + 1)).trim(),
  };
}
