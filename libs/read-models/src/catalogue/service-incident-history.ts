import { IncidentKind } from '@incident-ledger/domain';
import { IncidentMetric } from '../analytics/analytics.types';
import { incidentDurations, median } from '../analytics/incident-metrics';
import { IncidentView } from '../incidents/incident-view';

export interface ServiceIncidentHistory {
  since: string;
  count: number;
  resolvedCount: number;
  /** Seconds from impact start (or declaration) to resolution; null when none is resolved. */
  medianTimeToResolve: number | null;
}

/**
 * Every service's incidents declared since `since`, in one pass over the
 * incidents (so a page of services costs one pass, not one per service).
 * Drills and merged duplicates are left out, as in the review report.
 */
export function serviceIncidentHistories(
  incidents: Iterable<IncidentView>,
  since: Date,
  visible: (incident: IncidentView) => boolean,
): (slug: string) => ServiceIncidentHistory {
  const sinceIso = since.toISOString();
  const bySlug = new Map<string, { count: number; resolveSeconds: number[] }>();
  for (const incident of incidents) {
    if (incident.declaredAt < sinceIso || incident.kind === IncidentKind.DRILL || incident.mergedInto !== null || !visible(incident)) continue;
    for (const slug of new Set(incident.services)) {
      const entry = bySlug.get(slug) ?? { count: 0, resolveSeconds: [] };
      entry.count++;
      // The review's own measure (corrected times, from the impact start or the declaration), worked out once per view.
      const resolveSeconds = incidentDurations(incident)[IncidentMetric.TIME_TO_RESOLVE];
      if (resolveSeconds !== null) entry.resolveSeconds.push(resolveSeconds);
      bySlug.set(slug, entry);
    }
  }
  return (slug) => {
    const entry = bySlug.get(slug);
    const sorted = (entry?.resolveSeconds ?? []).sort((a, b) => a - b);
    return { since: sinceIso, count: entry?.count ?? 0, resolvedCount: sorted.length, medianTimeToResolve: median(sorted) };
  };
}
