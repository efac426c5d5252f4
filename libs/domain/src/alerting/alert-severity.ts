import { Severity } from '../incidents/severity';

/**
 * The documented default from a sender's severity to the ledger's: PagerDuty's four levels, which Alertmanager's
 * and Grafana's `severity` label usually borrow. Nothing maps to SEV1: the whole system degraded is the routing
 * rules' call (an availability alert on a TIER_1 service), not one alert's.
 */
export const DEFAULT_SEVERITY_MAP: Readonly<Record<string, Severity>> = {
  critical: Severity.SEV2,
  error: Severity.SEV3,
  warning: Severity.SEV4,
  info: Severity.SEV5,
};

/** The ledger's severity for a sender's, or null when the map does not know it (the routing rules' default then holds). */
export function severityFromHint(hint: string | null, map: Readonly<Record<string, Severity>> = DEFAULT_SEVERITY_MAP): Severity | null {
  const key = hint?.trim().toLowerCase();
  return key !== undefined && Object.hasOwn(map, key) ? map[key] : null;
}
