import { PublicComponent, PublicIncident, PublicMaintenance, PublicStatusPage, StatusPageSettings } from '@incident-ledger/read-models';

// A small published status page, as the read model hands it to the public renderers, for the specs of the Statuspage
// API documents, the badge and the widget: one of each thing a client must handle.

export const AS_OF = '2026-03-10T12:00:00.000Z';

export function settings(overrides: Partial<StatusPageSettings> = {}): StatusPageSettings {
  return {
    id: 'pg-acme',
    name: 'Acme',
    url: 'https://ledger.acme.example/status',
    publicUrl: 'https://ledger.acme.example',
    logoUrl: null,
    links: [],
    timeZone: 'Europe/Berlin',
    subscriptions: true,
    ...overrides,
  };
}

export function component(overrides: Partial<PublicComponent> & Pick<PublicComponent, 'id' | 'name'>): PublicComponent {
  return {
    description: null,
    status: 'operational',
    position: 1,
    groupId: null,
    isGroup: false,
    componentIds: [],
    onlyShowIfDegraded: false,
    createdAt: '2026-01-01T09:00:00.000Z',
    updatedAt: '2026-01-01T09:00:00.000Z',
    uptimeDays: [],
    ...overrides,
  };
}

export function incident(overrides: Partial<PublicIncident> & Pick<PublicIncident, 'id' | 'name'>): PublicIncident {
  return {
    status: 'investigating',
    impact: 'minor',
    createdAt: '2026-03-10T11:00:00.000Z',
    updatedAt: '2026-03-10T11:00:00.000Z',
    startedAt: '2026-03-10T11:00:00.000Z',
    monitoringAt: null,
    resolvedAt: null,
    updates: [],
    componentIds: [],
    ...overrides,
  };
}

export function maintenance(overrides: Partial<PublicMaintenance> & Pick<PublicMaintenance, 'id' | 'name'>): PublicMaintenance {
  return {
    status: 'scheduled',
    impact: 'minor',
    createdAt: '2026-03-01T08:00:00.000Z',
    updatedAt: '2026-03-01T08:00:00.000Z',
    scheduledFor: '2026-03-12T02:00:00.000Z',
    scheduledUntil: '2026-03-12T04:00:00.000Z',
    startedAt: null,
    completedAt: null,
    updates: [],
    componentIds: [],
    ...overrides,
  };
}

/** A group of two (one in an outage), a component under maintenance, and one shown only while degraded. */
export function components(): PublicComponent[] {
  return [
    component({ id: 'cmp-platform', name: 'Platform', status: 'partial_outage', isGroup: true, componentIds: ['cmp-api', 'cmp-web'] }),
    component({ id: 'cmp-api', name: 'API', description: 'The public REST API', status: 'partial_outage', groupId: 'cmp-platform', updatedAt: '2026-03-10T11:30:00.000Z' }),
    component({ id: 'cmp-web', name: 'Website', position: 2, groupId: 'cmp-platform' }),
    component({ id: 'cmp-billing', name: 'Billing', position: 2, status: 'under_maintenance', updatedAt: '2026-03-10T11:00:00.000Z' }),
    component({ id: 'cmp-eu', name: 'EU region', position: 3, onlyShowIfDegraded: true }),
  ];
}

/** Published and not yet resolved: two public updates, each moving the API. */
export function liveIncident(): PublicIncident {
  return incident({
    id: 'pub-live',
    name: 'Elevated API errors',
    status: 'identified',
    impact: 'major',
    updatedAt: '2026-03-10T11:30:00.000Z',
    startedAt: '2026-03-10T10:50:00.000Z',
    componentIds: ['cmp-api'],
    updates: [
      {
        id: 'upd-2',
        status: 'identified',
        body: 'A bad deploy; rolling back.',
        at: '2026-03-10T11:30:00.000Z',
        affectedComponents: [{ id: 'cmp-api', name: 'API', oldStatus: 'degraded_performance', newStatus: 'partial_outage' }],
      },
      {
        id: 'upd-1',
        status: 'investigating',
        body: 'We are looking into errors on the API.',
        at: '2026-03-10T11:00:00.000Z',
        affectedComponents: [{ id: 'cmp-api', name: 'API', oldStatus: 'operational', newStatus: 'degraded_performance' }],
      },
    ],
  });
}

/** `count` resolved incidents, one a day before the live one, newest first. */
export function resolvedIncidents(count: number): PublicIncident[] {
  return Array.from({ length: count }, (_, i) => {
    const day = new Date(Date.parse('2026-03-09T09:00:00.000Z') - i * 86_400_000).toISOString();
    return incident({ id: `pub-old-${i + 1}`, name: `Old incident ${i + 1}`, status: 'resolved', createdAt: day, updatedAt: day, startedAt: day, resolvedAt: day });
  });
}

export function upcomingMaintenance(): PublicMaintenance {
  return maintenance({
    id: 'mnt-upcoming',
    name: 'Database upgrade',
    componentIds: ['cmp-web'],
    updates: [{ id: 'mupd-1', status: 'scheduled', body: 'The website will be read-only.', at: '2026-03-01T08:00:00.000Z', affectedComponents: null }],
  });
}

export function activeMaintenance(): PublicMaintenance {
  return maintenance({
    id: 'mnt-active',
    name: 'Billing migration',
    status: 'in_progress',
    updatedAt: '2026-03-10T11:00:00.000Z',
    scheduledFor: '2026-03-10T11:00:00.000Z',
    scheduledUntil: '2026-03-10T13:00:00.000Z',
    startedAt: '2026-03-10T11:00:00.000Z',
    componentIds: ['cmp-billing'],
    updates: [
      {
        id: 'mupd-3',
        status: 'in_progress',
        body: 'Started.',
        at: '2026-03-10T11:00:00.000Z',
        affectedComponents: [{ id: 'cmp-billing', name: 'Billing', oldStatus: 'operational', newStatus: 'under_maintenance' }],
      },
      { id: 'mupd-2', status: 'scheduled', body: 'Billing will pause.', at: '2026-03-01T08:00:00.000Z', affectedComponents: null },
    ],
  });
}

/** Ran and ended: verified, then completed. */
export function completedMaintenance(): PublicMaintenance {
  return maintenance({
    id: 'mnt-done',
    name: 'Network work',
    status: 'completed',
    impact: 'none',
    updatedAt: '2026-03-05T03:30:00.000Z',
    scheduledFor: '2026-03-05T02:00:00.000Z',
    scheduledUntil: '2026-03-05T03:00:00.000Z',
    startedAt: '2026-03-05T02:00:00.000Z',
    completedAt: '2026-03-05T03:30:00.000Z',
    updates: [
      { id: 'mupd-6', status: 'completed', body: 'Done.', at: '2026-03-05T03:30:00.000Z', affectedComponents: null },
      { id: 'mupd-5', status: 'verifying', body: 'Checking.', at: '2026-03-05T03:00:00.000Z', affectedComponents: null },
      { id: 'mupd-4', status: 'in_progress', body: 'Started.', at: '2026-03-05T02:00:00.000Z', affectedComponents: null },
    ],
  });
}

/**
 * The page during an outage: the live incident, 50 resolved ones (so the 51st incident, the oldest, is beyond
 * Statuspage's 50 most recent), an upcoming, an active and a completed maintenance.
 */
export function publishedPage(overrides: Partial<PublicStatusPage> = {}): PublicStatusPage {
  return {
    asOf: AS_OF,
    updatedAt: '2026-03-10T11:30:00.000Z',
    status: { indicator: 'major', description: 'Partial System Outage' },
    components: components(),
    incidents: [liveIncident(), ...resolvedIncidents(50)],
    maintenances: [upcomingMaintenance(), activeMaintenance(), completedMaintenance()],
    ...overrides,
  };
}

/** A quiet page: everything operational, nothing open. */
export function quietPage(): PublicStatusPage {
  return publishedPage({
    status: { indicator: 'none', description: 'All Systems Operational' },
    components: components().map((c) => ({ ...c, status: 'operational' })),
    incidents: resolvedIncidents(2),
    maintenances: [completedMaintenance()],
  });
}
