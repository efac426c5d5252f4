import realComponentsWithGroup from '../../../../test/fixtures/statuspage/components-with-group.json';
import realComponents from '../../../../test/fixtures/statuspage/components.json';
import realIncidents from '../../../../test/fixtures/statuspage/incidents.json';
import realUnresolved from '../../../../test/fixtures/statuspage/incidents-unresolved.json';
import realActive from '../../../../test/fixtures/statuspage/scheduled-maintenances-active.json';
import realUpcoming from '../../../../test/fixtures/statuspage/scheduled-maintenances-upcoming.json';
import realMaintenances from '../../../../test/fixtures/statuspage/scheduled-maintenances.json';
import realStatus from '../../../../test/fixtures/statuspage/status.json';
import realSummary from '../../../../test/fixtures/statuspage/summary.json';
import {
  STATUSPAGE_API_DOCUMENTS,
  statuspageActiveMaintenances,
  statuspageComponents,
  statuspageIncidents,
  statuspageScheduledMaintenances,
  statuspageStatus,
  statuspageSummary,
  statuspageUnresolvedIncidents,
  statuspageUpcomingMaintenances,
} from './statuspage-api';
import { liveIncident, publishedPage, settings } from './testing/published-page.fixtures';

const keys = (value: object): string[] => Object.keys(value);

describe('Statuspage API v2 documents: the same keys, in the same order, as real Statuspage payloads', () => {
  const page = publishedPage();

  it('status.json: page and status', () => {
    const doc = statuspageStatus(settings(), page);
    expect(keys(doc)).toEqual(keys(realStatus));
    expect(keys(doc.page)).toEqual(keys(realStatus.page));
    expect(keys(doc.status)).toEqual(keys(realStatus.status));
  });

  it('components.json: a component, and a group with its components ids', () => {
    const doc = statuspageComponents(settings(), page);
    expect(keys(doc)).toEqual(keys(realComponents));
    const [realGroup, realMember] = realComponentsWithGroup.components;
    expect(keys(doc.components.find((c) => c.group)!)).toEqual(keys(realGroup));
    expect(keys(doc.components.find((c) => c.group_id !== null)!)).toEqual(keys(realMember));
    expect(keys(doc.components.find((c) => !c.group && c.group_id === null)!)).toEqual(keys(realComponents.components[0]));
  });

  it('incidents.json: an incident, its updates, their affected components, its components', () => {
    const doc = statuspageIncidents(settings(), page);
    const [real] = realIncidents.incidents;
    const [ours] = doc.incidents;
    expect(keys(doc)).toEqual(keys(realIncidents));
    expect(keys(ours)).toEqual(keys(real));
    expect(keys(ours.incident_updates[0])).toEqual(keys(real.incident_updates[0]));
    expect(keys(ours.incident_updates[0].affected_components![0])).toEqual(keys(real.incident_updates[0].affected_components[0]));
    expect(keys(ours.components[0])).toEqual(keys(real.components[0]));
  });

  it('incidents/unresolved.json', () => {
    expect(keys(statuspageUnresolvedIncidents(settings(), page))).toEqual(keys(realUnresolved));
  });

  it('scheduled-maintenances.json: the incident shape plus scheduled_for and scheduled_until', () => {
    const doc = statuspageScheduledMaintenances(settings(), page);
    const [real] = realMaintenances.scheduled_maintenances;
    expect(keys(doc)).toEqual(keys(realMaintenances));
    expect(keys(doc.scheduled_maintenances[0])).toEqual(keys(real));
    expect(keys(doc.scheduled_maintenances[0].incident_updates[0])).toEqual(keys(real.incident_updates[0]));
  });

  it('scheduled-maintenances/upcoming.json and active.json', () => {
    expect(keys(statuspageUpcomingMaintenances(settings(), page))).toEqual(keys(realUpcoming));
    expect(keys(statuspageActiveMaintenances(settings(), page))).toEqual(keys(realActive));
  });

  it('summary.json: page, components, incidents, scheduled_maintenances, status, each element as in the lists', () => {
    const doc = statuspageSummary(settings(), page);
    expect(keys(doc)).toEqual(keys(realSummary));
    expect(keys(doc.page)).toEqual(keys(realSummary.page));
    expect(keys(doc.components.find((c) => c.group_id !== null)!)).toEqual(keys(realSummary.components[0]));
    expect(keys(doc.incidents[0])).toEqual(keys(realIncidents.incidents[0]));
    expect(keys(doc.scheduled_maintenances[0])).toEqual(keys(realMaintenances.scheduled_maintenances[0]));
  });

  it('every document survives JSON unchanged: no undefined, no Date, no class', () => {
    for (const [path, document] of Object.entries(STATUSPAGE_API_DOCUMENTS)) {
      const doc = document(settings(), page);
      expect({ path, doc: JSON.parse(JSON.stringify(doc)) }).toEqual({ path, doc });
    }
  });
});

describe('Statuspage API v2 documents: what a client reads from our published page', () => {
  const page = publishedPage();

  it('the page: its id, name, address and time zone from configuration, and when anything on it last changed', () => {
    expect(statuspageStatus(settings(), page)).toEqual({
      page: { id: 'pg-acme', name: 'Acme', url: 'https://ledger.acme.example/status', time_zone: 'Europe/Berlin', updated_at: '2026-03-10T11:30:00.000Z' },
      status: { indicator: 'major', description: 'Partial System Outage' },
    });
  });

  it('components: a group lists its components; a member names its group; one shown only while degraded is still listed', () => {
    const { components } = statuspageComponents(settings(), page);
    expect(components.map((c) => c.id)).toEqual(['cmp-platform', 'cmp-api', 'cmp-web', 'cmp-billing', 'cmp-eu']);
    expect(components[0]).toEqual({
      id: 'cmp-platform',
      name: 'Platform',
      status: 'partial_outage',
      created_at: '2026-01-01T09:00:00.000Z',
      updated_at: '2026-01-01T09:00:00.000Z',
      position: 1,
      description: null,
      showcase: true,
      start_date: null,
      group_id: null,
      page_id: 'pg-acme',
      group: true,
      only_show_if_degraded: false,
      components: ['cmp-api', 'cmp-web'],
    });
    expect(components[1]).toMatchObject({ name: 'API', description: 'The public REST API', status: 'partial_outage', group_id: 'cmp-platform', group: false });
    expect(components[1]).not.toHaveProperty('components');
    expect(components[2]).toMatchObject({ name: 'Website', position: 2, group_id: 'cmp-platform' });
    expect(components[4]).toMatchObject({ name: 'EU region', status: 'operational', only_show_if_degraded: true });
  });

  it('an incident: its public updates newest first, each with the components it moved, and the components it affects', () => {
    const [incident] = statuspageIncidents(settings(), page).incidents;
    expect(incident).toEqual({
      id: 'pub-live',
      name: 'Elevated API errors',
      status: 'identified',
      created_at: '2026-03-10T11:00:00.000Z',
      updated_at: '2026-03-10T11:30:00.000Z',
      monitoring_at: null,
      resolved_at: null,
      impact: 'major',
      shortlink: 'https://ledger.acme.example/status/incidents/pub-live',
      started_at: '2026-03-10T10:50:00.000Z',
      page_id: 'pg-acme',
      incident_updates: [
        {
          id: 'upd-2',
          status: 'identified',
          body: 'A bad deploy; rolling back.',
          incident_id: 'pub-live',
          created_at: '2026-03-10T11:30:00.000Z',
          updated_at: '2026-03-10T11:30:00.000Z',
          display_at: '2026-03-10T11:30:00.000Z',
          affected_components: [{ code: 'cmp-api', name: 'API', old_status: 'degraded_performance', new_status: 'partial_outage' }],
          deliver_notifications: true,
          custom_tweet: null,
          tweet_id: null,
        },
        expect.objectContaining({
          id: 'upd-1',
          status: 'investigating',
          display_at: '2026-03-10T11:00:00.000Z',
          affected_components: [{ code: 'cmp-api', name: 'API', old_status: 'operational', new_status: 'degraded_performance' }],
        }),
      ],
      components: [statuspageComponents(settings(), page).components[1]],
    });
  });

  it('a resolved incident has its monitoring and resolution times', () => {
    const resolved = { ...liveIncident(), status: 'resolved' as const, monitoringAt: '2026-03-10T11:40:00.000Z', resolvedAt: '2026-03-10T11:50:00.000Z' };
    const [incident] = statuspageIncidents(settings(), publishedPage({ incidents: [resolved] })).incidents;
    expect(incident).toMatchObject({ status: 'resolved', monitoring_at: '2026-03-10T11:40:00.000Z', resolved_at: '2026-03-10T11:50:00.000Z' });
  });

  it('incidents.json holds the 50 most recent: the 51st, the oldest resolved one, is left out', () => {
    const ids = statuspageIncidents(settings(), page).incidents.map((i) => i.id);
    expect(ids).toHaveLength(50);
    expect(ids[0]).toBe('pub-live');
    expect(ids[49]).toBe('pub-old-49');
    expect(ids).not.toContain('pub-old-50');
  });

  it('unresolved.json holds only what is not resolved, however old', () => {
    const old = { ...liveIncident(), id: 'pub-ancient', createdAt: '2025-01-01T00:00:00.000Z' };
    const withOld = publishedPage({ incidents: [...publishedPage().incidents, old] });
    expect(statuspageUnresolvedIncidents(settings(), withOld).incidents.map((i) => i.id)).toEqual(['pub-live', 'pub-ancient']);
  });

  it('an incident with its postmortem out is no longer unresolved', () => {
    const postmortem = { ...liveIncident(), status: 'postmortem' as const };
    expect(statuspageUnresolvedIncidents(settings(), publishedPage({ incidents: [postmortem] })).incidents).toEqual([]);
  });

  it('maintenances: all of them; upcoming only the scheduled one; active only the running one', () => {
    const ids = (doc: { scheduled_maintenances: { id: string }[] }) => doc.scheduled_maintenances.map((m) => m.id);
    expect(ids(statuspageScheduledMaintenances(settings(), page))).toEqual(['mnt-upcoming', 'mnt-active', 'mnt-done']);
    expect(ids(statuspageUpcomingMaintenances(settings(), page))).toEqual(['mnt-upcoming']);
    expect(ids(statuspageActiveMaintenances(settings(), page))).toEqual(['mnt-active']);
  });

  it('a running maintenance: its schedule, its components under maintenance, published before it started', () => {
    const [active] = statuspageActiveMaintenances(settings(), page).scheduled_maintenances;
    expect(active).toMatchObject({
      name: 'Billing migration',
      status: 'in_progress',
      impact: 'minor',
      scheduled_for: '2026-03-10T11:00:00.000Z',
      scheduled_until: '2026-03-10T13:00:00.000Z',
      started_at: '2026-03-01T08:00:00.000Z',
      monitoring_at: null,
      resolved_at: null,
      shortlink: 'https://ledger.acme.example/status/incidents/mnt-active',
      components: [expect.objectContaining({ id: 'cmp-billing', status: 'under_maintenance' })],
    });
    expect(active.incident_updates.map((u) => [u.status, u.affected_components])).toEqual([
      ['in_progress', [{ code: 'cmp-billing', name: 'Billing', old_status: 'operational', new_status: 'under_maintenance' }]],
      ['scheduled', null],
    ]);
  });

  it('a completed maintenance: monitoring_at when verifying began, resolved_at when it completed', () => {
    const done = statuspageScheduledMaintenances(settings(), page).scheduled_maintenances[2];
    expect(done).toMatchObject({ status: 'completed', monitoring_at: '2026-03-05T03:00:00.000Z', resolved_at: '2026-03-05T03:30:00.000Z', components: [] });
  });

  it('summary.json: every component, the unresolved incident, the upcoming and running maintenance, the status', () => {
    const summary = statuspageSummary(settings(), page);
    expect(summary.components).toEqual(statuspageComponents(settings(), page).components);
    expect(summary.incidents).toEqual(statuspageUnresolvedIncidents(settings(), page).incidents);
    expect(summary.scheduled_maintenances.map((m) => m.id)).toEqual(['mnt-upcoming', 'mnt-active']);
    expect(summary.status).toEqual({ indicator: 'major', description: 'Partial System Outage' });
  });

  it('a shortlink keeps an odd id inside its path segment', () => {
    const odd = { ...liveIncident(), id: 'a/b?c' };
    const [incident] = statuspageIncidents(settings(), publishedPage({ incidents: [odd] })).incidents;
    expect(incident.shortlink).toBe('https://ledger.acme.example/status/incidents/a%2Fb%3Fc');
  });

  it('serves each document the issue lists under its Statuspage path', () => {
    expect(Object.keys(STATUSPAGE_API_DOCUMENTS).sort()).toEqual(
      [
        'summary.json',
        'status.json',
        'components.json',
        'incidents.json',
        'incidents/unresolved.json',
        'scheduled-maintenances.json',
        'scheduled-maintenances/upcoming.json',
        'scheduled-maintenances/active.json',
      ].sort(),
    );
    expect(STATUSPAGE_API_DOCUMENTS['summary.json'](settings(), page)).toEqual(statuspageSummary(settings(), page));
  });
});
