/**
 * What the public sees on the status page, at one instant: the only shape the
 * public renderers (the Statuspage API v2 documents, the HTML page, the feeds,
 * the badge) are given. It holds public facts only — the public title, the
 * public updates, component states — so a renderer cannot leak what it never
 * receives: no internal title, no internal update, no responder, no subscriber.
 * Lists are in the order the page shows them.
 */

import type { ComponentStatus, MaintenanceStatus, PublicImpact, PublicIncidentStatus } from '@incident-ledger/domain';

export type { ComponentStatus, MaintenanceStatus, PublicImpact, PublicIncidentStatus };
export { COMPONENT_STATUSES, MAINTENANCE_STATUSES, PUBLIC_IMPACTS } from '@incident-ledger/domain';

/** One day of a component's uptime bar. */
export interface ComponentDay {
  /** The day, `YYYY-MM-DD`, in UTC. */
  date: string;
  /** The share of the day (0–1) the component was operational or under planned maintenance; null for days before it existed. */
  uptime: number | null;
  /** The worst state it was in that day; null for days before it existed. */
  worstStatus: ComponentStatus | null;
}

export interface PublicComponent {
  id: string;
  name: string;
  description: string | null;
  /** For a group: the worst state of its components. */
  status: ComponentStatus;
  /** 1-based, among its siblings (top-level components and groups, or the components of one group). */
  position: number;
  /** The group it is in, null at the top level. */
  groupId: string | null;
  /** A group of components rather than a component. */
  isGroup: boolean;
  /** For a group: its components' ids, in position order; empty otherwise. */
  componentIds: string[];
  /** Shown only while not operational. */
  onlyShowIfDegraded: boolean;
  createdAt: string;
  /** When its state or settings last changed. */
  updatedAt: string;
  /** The last 90 days, oldest first, ending with the day of `PublicStatusPage.asOf`; empty for a group. */
  uptimeDays: ComponentDay[];
}

/** How a component moved with one public update (Statuspage's `affected_components`). */
export interface AffectedComponent {
  id: string;
  name: string;
  oldStatus: ComponentStatus;
  newStatus: ComponentStatus;
}

/** One public update of an incident or a maintenance: written for the public. */
export interface PublicUpdate {
  id: string;
  /** An incident's or a maintenance's status, as of this update. */
  status: PublicIncidentStatus | MaintenanceStatus;
  body: string;
  at: string;
  /** The components whose state this update changed, or null when it changed none. */
  affectedComponents: AffectedComponent[] | null;
}

export interface PublicIncident {
  /** The public id: not the ledger's incident id. */
  id: string;
  /** The public title. */
  name: string;
  status: PublicIncidentStatus;
  impact: PublicImpact;
  /** When it was published. */
  createdAt: string;
  updatedAt: string;
  /** When the impact began, as far as the public is told (the publication, or the earlier start given). */
  startedAt: string;
  monitoringAt: string | null;
  resolvedAt: string | null;
  /** Newest first. */
  updates: PublicUpdate[];
  /** The components it affects, in page order. */
  componentIds: string[];
}

export interface PublicMaintenance {
  id: string;
  name: string;
  status: MaintenanceStatus;
  impact: PublicImpact;
  createdAt: string;
  updatedAt: string;
  scheduledFor: string;
  scheduledUntil: string;
  /** When it actually started and ended, null until then. */
  startedAt: string | null;
  completedAt: string | null;
  /** Newest first. */
  updates: PublicUpdate[];
  componentIds: string[];
}

/** The page's overall state, as Statuspage's `status` object. */
export interface PageStatus {
  indicator: PublicImpact;
  /** "All Systems Operational", "Partial System Outage"… */
  description: string;
}

/** The page's own settings: from configuration, not from the log. */
export interface StatusPageSettings {
  /** A stable public id for the page (Statuspage's `page.id`). */
  id: string;
  name: string;
  /** The page's address: `<PUBLIC_URL>/status`. */
  url: string;
  /** The ledger's public address, for links (`<publicUrl>/status/incidents/<id>`, feeds, unsubscribe links). */
  publicUrl: string;
  logoUrl: string | null;
  /** Links shown in the page's header (the product, support, a privacy policy). */
  links: { label: string; url: string }[];
  /** Statuspage's `page.time_zone`; days are counted in UTC. */
  timeZone: string;
  /** Whether the page takes subscribers (the server has LEDGER_SECRET_KEY to seal their addresses and sign their links). */
  subscriptions: boolean;
}

export interface PublicStatusPage {
  /** The instant the page shows. */
  asOf: string;
  /** When anything on it last changed. */
  updatedAt: string;
  status: PageStatus;
  /** Every component and group, groups' components right after their group; positions as set. */
  components: PublicComponent[];
  /** Published incidents of the last 90 days, and any older one still unresolved; newest first. */
  incidents: PublicIncident[];
  /** Scheduled maintenance: upcoming, running and those completed in the last 90 days; newest `scheduledFor` first. */
  maintenances: PublicMaintenance[];
}

/** Statuspage's rule: an incident is unresolved until resolved (or until its postmortem is out). */
export function isUnresolved(incident: PublicIncident): boolean {
  return incident.status !== 'resolved' && incident.status !== 'postmortem';
}

export function isUpcoming(maintenance: PublicMaintenance): boolean {
  return maintenance.status === 'scheduled';
}

export function isActiveMaintenance(maintenance: PublicMaintenance): boolean {
  return maintenance.status === 'in_progress' || maintenance.status === 'verifying';
}

/** The words the page says for each public status (Statuspage's). */
export const PUBLIC_STATUS_WORDS: Readonly<Record<PublicIncidentStatus | MaintenanceStatus, string>> = {
  investigating: 'Investigating',
  identified: 'Identified',
  monitoring: 'Monitoring',
  resolved: 'Resolved',
  postmortem: 'Postmortem',
  scheduled: 'Scheduled',
  in_progress: 'In progress',
  verifying: 'Verifying',
  completed: 'Completed',
};

/** A path under the ledger's public address, whether or not it was configured with a trailing slash. */
export function publicAddress(settings: Pick<StatusPageSettings, 'publicUrl'>, path: string): string {
  return settings.publicUrl.replace(/\/+$/, '') + path;
}

/**
 * An incident's or a maintenance's own page, `<publicUrl>/status/incidents/<id>`: for links, feed entries,
 * subscribers' messages, and Statuspage's `shortlink` (Statuspage links through its shortener; we have none).
 */
export function publicItemUrl(settings: Pick<StatusPageSettings, 'publicUrl'>, id: string): string {
  return publicAddress(settings, `/status/incidents/${encodeURIComponent(id)}`);
}
