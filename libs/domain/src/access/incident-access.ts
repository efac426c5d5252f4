import { AccessRole, Principal } from './access-role';

/**
 * Who sees an incident: everyone with read access when it is public; only
 * its members (who declared it, who holds a role in it) and admins when it is
 * private. Everyone else is told it does not exist.
 */
export function canSeeIncident(principal: Principal, incident: { private: boolean; members: readonly string[] }): boolean {
  return principal.role === AccessRole.ADMIN || !incident.private || incident.members.includes(principal.name);
}

/** How an answer names an incident its reader may not see: never by its id. */
export const UNSEEN_INCIDENT = 'an incident you cannot see';
