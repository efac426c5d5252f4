import { IncidentMoments, IncidentTimestamp } from './incident-timestamp';

/**
 * How far before its declaration an incident's moment may lie before it looks
 * wrong. Impact usually starts minutes or hours before anyone declares an
 * incident, and a slow burn (a leak, a latent bug found after a weekend) days
 * before. Beyond a week a wrong date is the likelier story (a mistyped year or
 * month, an example copied with its date), and one such start turns a team's
 * mean time to resolve from minutes into months. So it is a warning, not a
 * refusal: a review may find a cause that was latent for weeks, and then the
 * time is right.
 */
export const PLAUSIBLE_LEAD_BEFORE_DECLARATION_MS = 7 * 24 * 60 * 60 * 1000;

export enum IncidentWarningCode {
  /** A moment lies more than PLAUSIBLE_LEAD_BEFORE_DECLARATION_MS before the declaration. */
  LONG_BEFORE_DECLARATION = 'LONG_BEFORE_DECLARATION',
}

/** Something about an incident that looks wrong and deserves a second look; it refuses nothing. */
export interface IncidentWarning {
  code: IncidentWarningCode;
  /** The moment it is about. */
  timestamp: IncidentTimestamp;
  message: string;
}

/** The most warnings an incident has: one per moment at most. */
export const MAX_INCIDENT_WARNINGS = Object.values(IncidentTimestamp).length;

const MOMENT_NAMES: Readonly<Record<IncidentTimestamp, string>> = {
  [IncidentTimestamp.IMPACT_STARTED]: 'impact start',
  [IncidentTimestamp.DETECTED]: 'detection',
  [IncidentTimestamp.ACKNOWLEDGED]: 'acknowledgement',
  [IncidentTimestamp.MITIGATED]: 'mitigation',
  [IncidentTimestamp.RESOLVED]: 'resolution',
};

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The moments that lie implausibly far before the declaration, in the order
 * of the moments. Computed from the moments as they stand, so a correction
 * that sets one right ends its warning.
 */
export function timestampWarnings(declaredAt: string, moments: IncidentMoments): IncidentWarning[] {
  const declared = Date.parse(declaredAt);
  return Object.values(IncidentTimestamp).flatMap((timestamp) => {
    const at = moments[timestamp];
    const lead = at === null ? 0 : declared - Date.parse(at);
    if (lead <= PLAUSIBLE_LEAD_BEFORE_DECLARATION_MS) return [];
    const message =
      `The ${MOMENT_NAMES[timestamp]} (${at}) lies ${Math.floor(lead / DAY_MS)} days before the declaration (${declaredAt}): ` +
      'check its date, and correct it with correctIncidentTimestamp if it is wrong; the metrics measure from it';
    return [{ code: IncidentWarningCode.LONG_BEFORE_DECLARATION, timestamp, message }];
  });
}
