/** What a credential may do. */
export enum AccessRole {
  /** Reads incidents, timelines and feeds. */
  VIEWER = 'VIEWER',
  /** Reads, and acts on incidents. */
  RESPONDER = 'RESPONDER',
  /** Everything, including keys and settings; sees private incidents. */
  ADMIN = 'ADMIN',
  /** Monitoring systems: alert webhooks only. */
  INGEST = 'INGEST',
}

export type Permission = 'read' | 'respond' | 'administer' | 'ingest';

const PERMISSIONS: Readonly<Record<AccessRole, readonly Permission[]>> = {
  [AccessRole.VIEWER]: ['read'],
  [AccessRole.RESPONDER]: ['read', 'respond'],
  [AccessRole.ADMIN]: ['read', 'respond', 'administer', 'ingest'],
  [AccessRole.INGEST]: ['ingest'],
};

export function hasPermission(role: AccessRole, permission: Permission): boolean {
  return PERMISSIONS[role].includes(permission);
}

export function isAccessRole(value: unknown): value is AccessRole {
  return typeof value === 'string' && Object.values(AccessRole).includes(value as AccessRole);
}

/** Who is acting: an API key or a verified token, with the name recorded as the actor. */
export interface Principal {
  /** The key id, or the token's subject. */
  id: string;
  /** The name events record as their actor, and that incident roles name. */
  name: string;
  role: AccessRole;
  kind: 'api-key' | 'token';
  /** When the credential stops being valid (a token's `exp`), in ms since the epoch; API keys last until revoked. */
  expiresAt?: number;
}
