import { Caller, mustQuery } from './graphql-client';
import { ACTIVE, INCIDENT, LIST } from './operations';

/**
 * Everything an admin can read: the incident list, each incident with its
 * timeline, the board, the API keys and the audit log. Two servers that
 * answer this the same have the same read models.
 */
export async function everythingReadable(caller: Caller) {
  const { incidents } = await mustQuery(caller, LIST, { first: 100 });
  const details = [];
  for (const edge of incidents.edges) details.push((await mustQuery(caller, INCIDENT, { id: edge.node.id })).incident);
  const { activeIncidents } = await mustQuery(caller, ACTIVE);
  const { apiKeys } = await mustQuery(caller, '{ apiKeys { id name role prefix createdAt revokedAt } }');
  const { auditLog } = await mustQuery(caller, '{ auditLog(first: 500) { entries { position type actor } } }');
  return { incidents, details, activeIncidents, apiKeys, auditLog };
}
