/**
 * The moments of an incident that the metrics are measured between, and that
 * can be corrected after the fact (as a review finds the real impact start,
 * say). The names are part of the storage format.
 */
export enum IncidentTimestamp {
  IMPACT_STARTED = 'IMPACT_STARTED',
  DETECTED = 'DETECTED',
  ACKNOWLEDGED = 'ACKNOWLEDGED',
  MITIGATED = 'MITIGATED',
  RESOLVED = 'RESOLVED',
}

export function isIncidentTimestamp(value: unknown): value is IncidentTimestamp {
  return Object.values(IncidentTimestamp).includes(value as IncidentTimestamp);
}

/** An incident's moments as they stand (corrections included); null until reached. */
export type IncidentMoments = Readonly<Record<IncidentTimestamp, string | null>>;
