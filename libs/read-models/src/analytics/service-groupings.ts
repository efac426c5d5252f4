import { SERVICE_TIERS, ServiceTier } from '@incident-ledger/domain';
import { IncidentView } from '../incidents/incident-view';

/** What the analytics read of a catalogued service. */
export interface ServiceOwnership {
  ownerTeam: string;
  tier: ServiceTier;
}

/** The catalogue as the analytics see it: undefined for a name it doesn't hold. */
export type ServiceLookup = (slug: string) => ServiceOwnership | undefined;

/** The teams that own an incident's catalogued services, each once; none when no service is catalogued. */
export function ownerTeamsOf(incident: IncidentView, services: ServiceLookup): string[] {
  return [...new Set(incident.services.flatMap((slug) => services(slug)?.ownerTeam ?? []))];
}

/** The most critical tier among an incident's catalogued services: one key per incident, as for the highest severity. */
export function mostCriticalTierOf(incident: IncidentView, services: ServiceLookup): ServiceTier[] {
  let most: ServiceTier | undefined;
  for (const slug of incident.services) {
    const tier = services(slug)?.tier;
    if (tier && (most === undefined || SERVICE_TIERS.indexOf(tier) < SERVICE_TIERS.indexOf(most))) most = tier;
  }
  return most ? [most] : [];
}

/** A catalogue with nothing in it: for callers without one. */
export const NO_SERVICES: ServiceLookup = () => undefined;
