import { statusWidget } from './status-widget';
import { liveIncident, maintenance, publishedPage, quietPage, settings, upcomingMaintenance } from './testing/published-page.fixtures';

describe('statusWidget', () => {
  it('during an outage: the status, what is not working, the open incident and the maintenance running and to come', () => {
    expect(statusWidget(settings(), publishedPage())).toEqual({
      page: { name: 'Acme', url: 'https://ledger.acme.example/status' },
      status: { indicator: 'major', description: 'Partial System Outage' },
      components: [
        { name: 'API', status: 'partial_outage' },
        { name: 'Billing', status: 'under_maintenance' },
      ],
      incidents: [{ name: 'Elevated API errors', status: 'identified', impact: 'major', url: 'https://ledger.acme.example/status/incidents/pub-live' }],
      maintenances: [
        {
          name: 'Billing migration',
          status: 'in_progress',
          scheduled_for: '2026-03-10T11:00:00.000Z',
          scheduled_until: '2026-03-10T13:00:00.000Z',
          url: 'https://ledger.acme.example/status/incidents/mnt-active',
        },
        {
          name: 'Database upgrade',
          status: 'scheduled',
          scheduled_for: '2026-03-12T02:00:00.000Z',
          scheduled_until: '2026-03-12T04:00:00.000Z',
          url: 'https://ledger.acme.example/status/incidents/mnt-upcoming',
        },
      ],
      updated_at: '2026-03-10T11:30:00.000Z',
    });
  });

  it('on a quiet day: all operational and nothing listed, however many incidents were resolved', () => {
    const widget = statusWidget(settings(), quietPage());
    expect(widget.status).toEqual({ indicator: 'none', description: 'All Systems Operational' });
    expect(widget.components).toEqual([]);
    expect(widget.incidents).toEqual([]);
    expect(widget.maintenances).toEqual([]);
  });

  it('lists a component shown only while degraded once it is degraded, and never a group', () => {
    const page = publishedPage();
    const components = page.components.map((c) => (c.id === 'cmp-eu' ? { ...c, status: 'degraded_performance' as const } : c));
    const names = statusWidget(settings(), { ...page, components }).components.map((c) => c.name);
    expect(names).toEqual(['API', 'Billing', 'EU region']);
    expect(names).not.toContain('Platform');
  });

  it('shows the next maintenance first, and one running before any to come', () => {
    const later = maintenance({ id: 'mnt-later', name: 'Later', scheduledFor: '2026-04-01T00:00:00.000Z', scheduledUntil: '2026-04-01T01:00:00.000Z' });
    const page = publishedPage();
    const names = statusWidget(settings(), { ...page, maintenances: [later, upcomingMaintenance(), ...page.maintenances.slice(1)] }).maintenances.map((m) => m.name);
    expect(names).toEqual(['Billing migration', 'Database upgrade', 'Later']);
  });

  it('stays small: no public update text, no component list of an incident, only the keys a widget reads', () => {
    const widget = statusWidget(settings(), publishedPage({ incidents: [liveIncident()] }));
    expect(Object.keys(widget)).toEqual(['page', 'status', 'components', 'incidents', 'maintenances', 'updated_at']);
    expect(JSON.stringify(widget)).not.toContain('rolling back');
    expect(JSON.stringify(widget).length).toBeLessThan(1000);
  });
});
