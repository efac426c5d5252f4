import {
  ComponentDay,
  PublicComponent,
  PublicIncident,
  PublicMaintenance,
  PublicStatusPage,
  PublicUpdate,
  StatusPageSettings,
} from '@incident-ledger/read-models';

// Small public status pages for the public renderers' specs: a page as the
// read model hands it over, with one of each thing a customer can see, and
// builders to change one fact at a time.

/** Everything a hostile publisher could type to run a script, break out of an attribute or a CDATA section. */
export const HOSTILE = `<script>alert(1)</script> "quoted" 'single' & ]]> <img src=x onerror=alert(2)>`;

/** The instant the page shows; its day is the last of every uptime bar. */
export const AS_OF = '2026-12-02T12:00:00.000Z';

export function statusPageSettings(overrides: Partial<StatusPageSettings> = {}): StatusPageSettings {
  return {
    id: 'page-1',
    name: 'Acme Cloud',
    url: 'https://status.acme.example/status',
    publicUrl: 'https://status.acme.example',
    logoUrl: null,
    links: [
      { label: 'Acme home', url: 'https://acme.example' },
      { label: 'Support', url: 'https://acme.example/support' },
    ],
    timeZone: 'UTC',
    subscriptions: true,
    ...overrides,
  };
}

/** The 90 days ending with AS_OF's day, operational all day, but for the days given (by how many days before AS_OF). */
export function uptimeDays(exceptions: Record<number, Omit<ComponentDay, 'date'>> = {}): ComponentDay[] {
  const last = Date.parse(AS_OF.slice(0, 10));
  return Array.from({ length: 90 }, (_, i) => {
    const daysAgo = 89 - i;
    const date = new Date(last - daysAgo * 86_400_000).toISOString().slice(0, 10);
    return { date, ...(exceptions[daysAgo] ?? { uptime: 1, worstStatus: 'operational' }) };
  });
}

export function publicComponent(overrides: Partial<PublicComponent> & Pick<PublicComponent, 'id' | 'name'>): PublicComponent {
  return {
    description: null,
    status: 'operational',
    position: 1,
    groupId: null,
    isGroup: false,
    componentIds: [],
    onlyShowIfDegraded: false,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    uptimeDays: overrides.isGroup ? [] : uptimeDays(),
    ...overrides,
  };
}

export function publicUpdate(overrides: Partial<PublicUpdate> & Pick<PublicUpdate, 'id' | 'status' | 'at'>): PublicUpdate {
  return { body: 'We are looking into it.', affectedComponents: null, ...overrides };
}

export function publicIncident(overrides: Partial<PublicIncident> & Pick<PublicIncident, 'id' | 'name'>): PublicIncident {
  const at = overrides.createdAt ?? '2026-12-02T10:00:00.000Z';
  return {
    status: 'investigating',
    impact: 'minor',
    createdAt: at,
    updatedAt: at,
    startedAt: at,
    monitoringAt: null,
    resolvedAt: null,
    updates: [publicUpdate({ id: `${overrides.id}-u1`, status: 'investigating', at })],
    componentIds: [],
    ...overrides,
  };
}

export function publicMaintenance(overrides: Partial<PublicMaintenance> & Pick<PublicMaintenance, 'id' | 'name'>): PublicMaintenance {
  return {
    status: 'scheduled',
    impact: 'minor',
    createdAt: '2026-11-30T09:00:00.000Z',
    updatedAt: '2026-11-30T09:00:00.000Z',
    scheduledFor: '2026-12-05T02:00:00.000Z',
    scheduledUntil: '2026-12-05T04:00:00.000Z',
    startedAt: null,
    completedAt: null,
    updates: [publicUpdate({ id: `${overrides.id}-u1`, status: 'scheduled', at: '2026-11-30T09:00:00.000Z', body: 'We will upgrade the database.' })],
    componentIds: [],
    ...overrides,
  };
}

/** An API with a partial outage in a group, a component shown only while degraded, an open incident, two resolved ones and two maintenances. */
export function publicStatusPage(overrides: Partial<PublicStatusPage> = {}): PublicStatusPage {
  return {
    asOf: AS_OF,
    updatedAt: '2026-12-02T10:30:00.000Z',
    status: { indicator: 'minor', description: 'Partial System Outage' },
    components: [
      publicComponent({ id: 'api', name: 'API', position: 1, uptimeDays: uptimeDays({ 1: { uptime: 0.995, worstStatus: 'partial_outage' } }) }),
      publicComponent({ id: 'web', name: 'Web', position: 2, isGroup: true, componentIds: ['website', 'cdn'], status: 'partial_outage' }),
      publicComponent({ id: 'website', name: 'Website', position: 1, groupId: 'web', status: 'partial_outage', description: 'The shop' }),
      publicComponent({ id: 'cdn', name: 'CDN', position: 2, groupId: 'web', onlyShowIfDegraded: true }),
      publicComponent({ id: 'legacy', name: 'Legacy FTP', position: 3, onlyShowIfDegraded: true }),
    ],
    incidents: [
      publicIncident({
        id: 'inc-open',
        name: 'Slow checkout',
        status: 'identified',
        impact: 'major',
        updatedAt: '2026-12-02T10:30:00.000Z',
        componentIds: ['website'],
        updates: [
          publicUpdate({ id: 'inc-open-u2', status: 'identified', at: '2026-12-02T10:30:00.000Z', body: 'A database index is missing.\nWe are adding it.' }),
          publicUpdate({
            id: 'inc-open-u1',
            status: 'investigating',
            at: '2026-12-02T10:00:00.000Z',
            body: 'Checkout is slow.',
            affectedComponents: [{ id: 'website', name: 'Website', oldStatus: 'operational', newStatus: 'partial_outage' }],
          }),
        ],
      }),
      publicIncident({
        id: 'inc-yesterday',
        name: 'API errors',
        status: 'resolved',
        createdAt: '2026-12-01T08:00:00.000Z',
        updatedAt: '2026-12-01T09:00:00.000Z',
        resolvedAt: '2026-12-01T09:00:00.000Z',
        componentIds: ['api'],
        updates: [
          publicUpdate({ id: 'inc-yesterday-u2', status: 'resolved', at: '2026-12-01T09:00:00.000Z', body: 'Fixed.' }),
          publicUpdate({ id: 'inc-yesterday-u1', status: 'investigating', at: '2026-12-01T08:00:00.000Z', body: 'Some calls fail.' }),
        ],
      }),
      publicIncident({
        id: 'inc-old',
        name: 'Login delays',
        status: 'postmortem',
        createdAt: '2026-11-20T15:00:00.000Z',
        updatedAt: '2026-11-22T10:00:00.000Z',
        resolvedAt: '2026-11-20T16:00:00.000Z',
        updates: [
          publicUpdate({ id: 'inc-old-u3', status: 'postmortem', at: '2026-11-22T10:00:00.000Z', body: 'Our report is out.' }),
          publicUpdate({ id: 'inc-old-u2', status: 'resolved', at: '2026-11-20T16:00:00.000Z', body: 'Logins are fast again.' }),
          publicUpdate({ id: 'inc-old-u1', status: 'investigating', at: '2026-11-20T15:00:00.000Z', body: 'Logins are slow.' }),
        ],
      }),
    ],
    maintenances: [
      publicMaintenance({ id: 'mnt-upcoming', name: 'Database upgrade', componentIds: ['api'] }),
      publicMaintenance({
        id: 'mnt-active',
        name: 'Network work',
        status: 'in_progress',
        scheduledFor: '2026-12-02T11:00:00.000Z',
        scheduledUntil: '2026-12-02T13:00:00.000Z',
        startedAt: '2026-12-02T11:00:00.000Z',
        updatedAt: '2026-12-02T11:00:00.000Z',
        updates: [
          publicUpdate({ id: 'mnt-active-u2', status: 'in_progress', at: '2026-12-02T11:00:00.000Z', body: 'Work has started.' }),
          publicUpdate({ id: 'mnt-active-u1', status: 'scheduled', at: '2026-11-28T09:00:00.000Z', body: 'We will move racks.' }),
        ],
      }),
    ],
    ...overrides,
  };
}
