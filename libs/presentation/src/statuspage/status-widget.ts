import {
  ComponentStatus,
  isActiveMaintenance,
  isUnresolved,
  isUpcoming,
  MaintenanceStatus,
  PageStatus,
  PublicImpact,
  PublicIncidentStatus,
  publicItemUrl,
  PublicMaintenance,
  PublicStatusPage,
  StatusPageSettings,
} from '@incident-ledger/read-models';

// The JSON an embedded widget reads (a banner in a product, a tile on a dashboard): only what is wrong or about to
// be, each with a link to read more. Small on purpose: a widget polls it from every open page of a product, and
// `summary.json` is there for a client that wants everything. Field names follow Statuspage's (snake_case).

export interface StatusWidget {
  page: { name: string; url: string };
  status: PageStatus;
  /** Components not operational, groups left out (a group's state is its worst component's, listed already); empty when all is well. */
  components: { name: string; status: ComponentStatus }[];
  /** Incidents not resolved, newest first. */
  incidents: { name: string; status: PublicIncidentStatus; impact: PublicImpact; url: string }[];
  /** Maintenance running, then maintenance to come, soonest first. */
  maintenances: { name: string; status: MaintenanceStatus; scheduled_for: string; scheduled_until: string; url: string }[];
  updated_at: string;
}

export function statusWidget(settings: StatusPageSettings, page: PublicStatusPage): StatusWidget {
  return {
    page: { name: settings.name, url: settings.url },
    status: { indicator: page.status.indicator, description: page.status.description },
    components: page.components.filter((c) => !c.isGroup && c.status !== 'operational').map((c) => ({ name: c.name, status: c.status })),
    incidents: page.incidents.filter(isUnresolved).map((i) => ({ name: i.name, status: i.status, impact: i.impact, url: publicItemUrl(settings, i.id) })),
    maintenances: [...page.maintenances.filter(isActiveMaintenance), ...soonestFirst(page.maintenances.filter(isUpcoming))].map((m) => ({
      name: m.name,
      status: m.status,
      scheduled_for: m.scheduledFor,
      scheduled_until: m.scheduledUntil,
      url: publicItemUrl(settings, m.id),
    })),
    updated_at: page.updatedAt,
  };
}

/** The page lists maintenance latest first; a widget shows the next one first. */
function soonestFirst(maintenances: PublicMaintenance[]): PublicMaintenance[] {
  return [...maintenances].sort((a, b) => Date.parse(a.scheduledFor) - Date.parse(b.scheduledFor));
}
