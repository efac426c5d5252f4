import {
  ComponentStatus,
  isActiveMaintenance,
  isUnresolved,
  isUpcoming,
  MaintenanceStatus,
  PageStatus,
  PublicComponent,
  PublicImpact,
  PublicIncident,
  PublicIncidentStatus,
  PublicMaintenance,
  PublicStatusPage,
  PublicUpdate,
  StatusPageSettings,
  publicItemUrl,
} from '@incident-ledger/read-models';

// The Statuspage API v2 documents (`/api/v2/*.json`), field for field as Statuspage serves them, so that the
// clients and widgets written for Statuspage read our page unchanged. Keys are in Statuspage's order too: a
// client should not care, but a diff against a real payload then reads line by line. The real payloads they are
// checked against are in test/fixtures/statuspage/.

/** Statuspage's lists (`incidents.json`, `scheduled-maintenances.json`) hold the 50 most recent. */
export const STATUSPAGE_LIST_LIMIT = 50;

export interface StatuspagePageJson {
  id: string;
  name: string;
  url: string;
  time_zone: string;
  updated_at: string;
}

export interface StatuspageComponentJson {
  id: string;
  name: string;
  status: ComponentStatus;
  created_at: string;
  updated_at: string;
  position: number;
  description: string | null;
  showcase: boolean;
  start_date: string | null;
  group_id: string | null;
  page_id: string;
  group: boolean;
  only_show_if_degraded: boolean;
  /** A group's components' ids; only on a group, as Statuspage does. */
  components?: string[];
}

export interface StatuspageAffectedComponentJson {
  code: string;
  name: string;
  old_status: ComponentStatus;
  new_status: ComponentStatus;
}

export interface StatuspageIncidentUpdateJson {
  id: string;
  status: PublicIncidentStatus | MaintenanceStatus;
  body: string;
  incident_id: string;
  created_at: string;
  updated_at: string;
  display_at: string;
  affected_components: StatuspageAffectedComponentJson[] | null;
  deliver_notifications: boolean;
  custom_tweet: string | null;
  tweet_id: string | null;
}

export interface StatuspageIncidentJson {
  id: string;
  name: string;
  status: PublicIncidentStatus | MaintenanceStatus;
  created_at: string;
  updated_at: string;
  monitoring_at: string | null;
  resolved_at: string | null;
  impact: PublicImpact;
  shortlink: string;
  started_at: string;
  page_id: string;
  incident_updates: StatuspageIncidentUpdateJson[];
  components: StatuspageComponentJson[];
}

export interface StatuspageMaintenanceJson extends StatuspageIncidentJson {
  scheduled_for: string;
  scheduled_until: string;
}

export interface StatuspageStatusDocument {
  page: StatuspagePageJson;
  status: PageStatus;
}

export interface StatuspageComponentsDocument {
  page: StatuspagePageJson;
  components: StatuspageComponentJson[];
}

export interface StatuspageIncidentsDocument {
  page: StatuspagePageJson;
  incidents: StatuspageIncidentJson[];
}

export interface StatuspageMaintenancesDocument {
  page: StatuspagePageJson;
  scheduled_maintenances: StatuspageMaintenanceJson[];
}

export interface StatuspageSummaryDocument {
  page: StatuspagePageJson;
  components: StatuspageComponentJson[];
  incidents: StatuspageIncidentJson[];
  scheduled_maintenances: StatuspageMaintenanceJson[];
  status: PageStatus;
}

/** `summary.json`: every component, the unresolved incidents, the upcoming and running maintenance, the status. */
export function statuspageSummary(settings: StatusPageSettings, page: PublicStatusPage): StatuspageSummaryDocument {
  const json = new DocumentBuilder(settings, page);
  return {
    page: json.page(),
    components: json.components(),
    incidents: json.incidents(page.incidents.filter(isUnresolved)),
    scheduled_maintenances: json.maintenances(page.maintenances.filter((m) => isUpcoming(m) || isActiveMaintenance(m))),
    status: statusOf(page),
  };
}

/** `status.json`: the page's indicator and description. */
export function statuspageStatus(settings: StatusPageSettings, page: PublicStatusPage): StatuspageStatusDocument {
  return { page: pageJson(settings, page), status: statusOf(page) };
}

/** `components.json`: every component and group, including those shown only while degraded (clients decide). */
export function statuspageComponents(settings: StatusPageSettings, page: PublicStatusPage): StatuspageComponentsDocument {
  const json = new DocumentBuilder(settings, page);
  return { page: json.page(), components: json.components() };
}

/** `incidents.json`: the 50 most recent incidents, resolved or not. */
export function statuspageIncidents(settings: StatusPageSettings, page: PublicStatusPage): StatuspageIncidentsDocument {
  const json = new DocumentBuilder(settings, page);
  return { page: json.page(), incidents: json.incidents(page.incidents.slice(0, STATUSPAGE_LIST_LIMIT)) };
}

/** `incidents/unresolved.json`: every incident not yet resolved (nor with its postmortem out). */
export function statuspageUnresolvedIncidents(settings: StatusPageSettings, page: PublicStatusPage): StatuspageIncidentsDocument {
  const json = new DocumentBuilder(settings, page);
  return { page: json.page(), incidents: json.incidents(page.incidents.filter(isUnresolved)) };
}

/** `scheduled-maintenances.json`: the 50 most recent maintenances, whatever their status. */
export function statuspageScheduledMaintenances(settings: StatusPageSettings, page: PublicStatusPage): StatuspageMaintenancesDocument {
  return maintenancesDocument(settings, page, page.maintenances.slice(0, STATUSPAGE_LIST_LIMIT));
}

/** `scheduled-maintenances/upcoming.json`: those scheduled and not started. */
export function statuspageUpcomingMaintenances(settings: StatusPageSettings, page: PublicStatusPage): StatuspageMaintenancesDocument {
  return maintenancesDocument(settings, page, page.maintenances.filter(isUpcoming));
}

/** `scheduled-maintenances/active.json`: those in progress or being verified. */
export function statuspageActiveMaintenances(settings: StatusPageSettings, page: PublicStatusPage): StatuspageMaintenancesDocument {
  return maintenancesDocument(settings, page, page.maintenances.filter(isActiveMaintenance));
}

/** Each document by its path under `/api/v2/`, for whoever serves them: one route each, the same way. */
export const STATUSPAGE_API_DOCUMENTS: Readonly<Record<string, (settings: StatusPageSettings, page: PublicStatusPage) => object>> = {
  'summary.json': statuspageSummary,
  'status.json': statuspageStatus,
  'components.json': statuspageComponents,
  'incidents.json': statuspageIncidents,
  'incidents/unresolved.json': statuspageUnresolvedIncidents,
  'scheduled-maintenances.json': statuspageScheduledMaintenances,
  'scheduled-maintenances/upcoming.json': statuspageUpcomingMaintenances,
  'scheduled-maintenances/active.json': statuspageActiveMaintenances,
};


function maintenancesDocument(settings: StatusPageSettings, page: PublicStatusPage, maintenances: PublicMaintenance[]): StatuspageMaintenancesDocument {
  const json = new DocumentBuilder(settings, page);
  return { page: json.page(), scheduled_maintenances: json.maintenances(maintenances) };
}

function pageJson(settings: StatusPageSettings, page: PublicStatusPage): StatuspagePageJson {
  return { id: settings.id, name: settings.name, url: settings.url, time_zone: settings.timeZone, updated_at: page.updatedAt };
}

/** Exactly Statuspage's two fields, whatever else the read model's status may come to carry. */
function statusOf(page: PublicStatusPage): PageStatus {
  return { indicator: page.status.indicator, description: page.status.description };
}

/**
 * Renders one document's parts. Each component is rendered once per document, since an incident repeats the full
 * objects of the components it affects and a page can have many incidents on one component.
 */
class DocumentBuilder {
  private readonly componentsById: Map<string, StatuspageComponentJson>;

  constructor(
    private readonly settings: StatusPageSettings,
    private readonly source: PublicStatusPage,
  ) {
    this.componentsById = new Map(source.components.map((c) => [c.id, this.component(c)]));
  }

  page(): StatuspagePageJson {
    return pageJson(this.settings, this.source);
  }

  components(): StatuspageComponentJson[] {
    return [...this.componentsById.values()];
  }

  incidents(incidents: PublicIncident[]): StatuspageIncidentJson[] {
    return incidents.map((i) => this.incident(i, { monitoringAt: i.monitoringAt, resolvedAt: i.resolvedAt, startedAt: i.startedAt }));
  }

  /**
   * A maintenance is an incident with a schedule to Statuspage. Its `monitoring_at` is when verifying began and its
   * `resolved_at` when it completed; its `started_at` is when it was published, as Statuspage's real payloads show
   * (a date before `scheduled_for`): when it actually began is its `in_progress` update.
   */
  maintenances(maintenances: PublicMaintenance[]): StatuspageMaintenanceJson[] {
    return maintenances.map((m) => ({
      ...this.incident(m, { monitoringAt: firstUpdateAt(m, 'verifying'), resolvedAt: m.completedAt, startedAt: m.createdAt }),
      scheduled_for: m.scheduledFor,
      scheduled_until: m.scheduledUntil,
    }));
  }

  private incident(incident: PublicIncident | PublicMaintenance, times: { monitoringAt: string | null; resolvedAt: string | null; startedAt: string }): StatuspageIncidentJson {
    return {
      id: incident.id,
      name: incident.name,
      status: incident.status,
      created_at: incident.createdAt,
      updated_at: incident.updatedAt,
      monitoring_at: times.monitoringAt,
      resolved_at: times.resolvedAt,
      impact: incident.impact,
      shortlink: publicItemUrl(this.settings, incident.id),
      started_at: times.startedAt,
      page_id: this.settings.id,
      incident_updates: incident.updates.map((u) => incidentUpdate(incident.id, u)),
      components: incident.componentIds.flatMap((id) => this.componentsById.get(id) ?? []),
    };
  }

  private component(c: PublicComponent): StatuspageComponentJson {
    const json: StatuspageComponentJson = {
      id: c.id,
      name: c.name,
      status: c.status,
      created_at: c.createdAt,
      updated_at: c.updatedAt,
      position: c.position,
      description: c.description,
      // Statuspage's "show this component's uptime": every component here has its uptime bar.
      showcase: true,
      // Statuspage's date the component's uptime starts from; ours starts from its creation, so none is set.
      start_date: null,
      group_id: c.groupId,
      page_id: this.settings.id,
      group: c.isGroup,
      only_show_if_degraded: c.onlyShowIfDegraded,
    };
    if (c.isGroup) json.components = [...c.componentIds];
    return json;
  }
}

/**
 * One public update. Ours are written once, so its three times are the same, as in Statuspage's own payloads for
 * an update never edited; subscribers hear of every public update, and none goes to Twitter.
 */
function incidentUpdate(incidentId: string, update: PublicUpdate): StatuspageIncidentUpdateJson {
  return {
    id: update.id,
    status: update.status,
    body: update.body,
    incident_id: incidentId,
    created_at: update.at,
    updated_at: update.at,
    display_at: update.at,
    affected_components:
      update.affectedComponents?.map((a) => ({ code: a.id, name: a.name, old_status: a.oldStatus, new_status: a.newStatus })) ?? null,
    deliver_notifications: true,
    custom_tweet: null,
    tweet_id: null,
  };
}

/** When the maintenance first reached `status` (its updates are newest first), or null if it never did. */
function firstUpdateAt(maintenance: PublicMaintenance, status: MaintenanceStatus): string | null {
  return maintenance.updates.findLast((u) => u.status === status)?.at ?? null;
}
