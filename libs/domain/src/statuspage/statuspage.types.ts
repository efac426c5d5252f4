/**
 * The status page's vocabulary: Statuspage's own values, so that what the
 * ledger stores is what its API answers and existing clients read.
 */

/** A component's state. */
export type ComponentStatus = 'operational' | 'degraded_performance' | 'partial_outage' | 'major_outage' | 'under_maintenance';

/** Best to worst; `under_maintenance` is planned, so it counts as up and sorts below every outage. */
export const COMPONENT_STATUSES: readonly ComponentStatus[] = ['operational', 'under_maintenance', 'degraded_performance', 'partial_outage', 'major_outage'];

/** What an incident may set a component to: maintenance is for scheduled maintenance only. */
export const INCIDENT_COMPONENT_STATUSES: readonly ComponentStatus[] = ['operational', 'degraded_performance', 'partial_outage', 'major_outage'];

/** How bad an incident is for customers; also the page's overall indicator. Least to most. */
export type PublicImpact = 'none' | 'minor' | 'major' | 'critical';

export const PUBLIC_IMPACTS: readonly PublicImpact[] = ['none', 'minor', 'major', 'critical'];

export type PublicIncidentStatus = 'investigating' | 'identified' | 'monitoring' | 'resolved' | 'postmortem';

/** In the order a maintenance goes through them. */
export type MaintenanceStatus = 'scheduled' | 'in_progress' | 'verifying' | 'completed';

export const MAINTENANCE_STATUSES: readonly MaintenanceStatus[] = ['scheduled', 'in_progress', 'verifying', 'completed'];

/** A component an incident affects, and the state it puts it in. */
export interface AffectedComponentStatus {
  componentId: string;
  status: ComponentStatus;
}

/** The worse of two states. */
export function worseStatus(a: ComponentStatus, b: ComponentStatus): ComponentStatus {
  return COMPONENT_STATUSES.indexOf(a) >= COMPONENT_STATUSES.indexOf(b) ? a : b;
}

/** The state an incident of this impact puts its components in unless the publisher says otherwise. */
export const COMPONENT_STATUS_OF_IMPACT: Readonly<Record<PublicImpact, ComponentStatus>> = {
  none: 'operational',
  minor: 'degraded_performance',
  major: 'partial_outage',
  critical: 'major_outage',
};
