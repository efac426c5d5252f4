import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Statuspage } from 'statuspage.io';
import { Caller, graphql, mustQuery } from './support/graphql-client';
import { until } from './support/polling';
import { removeDataDir, RunningServer, startServer, tempDataDir } from './support/server';

/**
 * The public status page on the real server, its time held by CLOCK_FILE:
 * components and a group, an incident published with a public title, its
 * EXTERNAL updates, maintenance started and completed on time, read by a
 * published Statuspage client and by plain HTTP with no credential, and what
 * customers saw at an earlier instant.
 */

// Public documents are JSON; tests read them loosely.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = Record<string, any>;

const T0 = Date.parse('2027-03-01T12:00:00Z');
const minutes = (n: number) => T0 + n * 60_000;

/** Where customers reach the ledger: the page's links start with it, whatever port the test server has. */
const PUBLIC_URL = 'https://ledger.acme.example';
const INTERNAL_TITLE = 'Primary DB failover loop on db-7 after bad migration';
const INTERNAL_UPDATE = 'Rolled back migration 2027_03_01 on db-7; ask Bob before touching it';
const PRIVATE_TITLE = 'Suspected credential leak in billing (legal hold)';

const PUBLISH = `mutation($input: PublishIncidentInput!) { publishIncidentToStatusPage(input: $input) { id name status impact componentIds updates { status body } } }`;
const PAGE = `query($asOf: DateTime) { statusPage(asOf: $asOf) { asOf indicator description components { id status groupId isGroup componentIds }
  incidents { id name status impact updates { status body } } maintenances { id status startedAt completedAt } } }`;

describe('the public status page', () => {
  const dataDir = tempDataDir();
  const clockFile = join(dataDir, 'clock');
  const setClock = (at: number) => writeFileSync(clockFile, new Date(at).toISOString());
  let server: RunningServer;
  let origin: string;
  let responder: Caller;
  let viewer: Caller;
  let incidentId: string;
  let privateIncidentId: string;
  let publicId: string;

  const get = async (path: string, headers: Record<string, string> = {}) => {
    const response = await fetch(`${origin}${path}`, { headers });
    return { status: response.status, headers: response.headers, text: await response.text() };
  };
  const getJson = async (path: string): Promise<Loose> => JSON.parse((await get(path)).text);
  const declare = async (title: string, extra: Loose = {}): Promise<string> =>
    (await mustQuery(responder, `mutation($input: DeclareIncidentInput!) { declareIncident(input: $input) { id } }`, { input: { title, severity: 'SEV2', ...extra } })).declareIncident.id;
  const postUpdate = (id: string, audience: string, message: string) =>
    mustQuery(responder, `mutation($input: PostStatusUpdateInput!) { postStatusUpdate(input: $input) { id } }`, { input: { incidentId: id, audience, message } });

  beforeAll(async () => {
    setClock(T0);
    server = await startServer({ dataDir, env: { CLOCK_FILE: clockFile, STATUS_PAGE_NAME: 'Acme Status', STATUS_PAGE_LINKS: 'Acme=https://acme.example', PUBLIC_URL: PUBLIC_URL, LEASE_TTL_MS: '1000' } });
    origin = new URL(server.url).origin;
    responder = await server.as('carol', 'RESPONDER');
    viewer = await server.as('vic', 'VIEWER');
    const admin = server.admin;
    await mustQuery(admin, `mutation { createStatusComponentGroup(input: { id: "core", name: "Core platform" }) { id } }`);
    await mustQuery(admin, `mutation { createStatusComponent(input: { id: "api", name: "API", groupId: "core" }) { id } }`);
    await mustQuery(admin, `mutation { createStatusComponent(input: { id: "checkout", name: "Checkout", groupId: "core" }) { id } }`);
    await mustQuery(admin, `mutation { createStatusComponent(input: { id: "website", name: "Website", description: "www.acme.example" }) { id } }`);

    incidentId = await declare(INTERNAL_TITLE);
    await mustQuery(responder, `mutation($id: ID!) { assignIncidentRole(input: { incidentId: $id, role: INCIDENT_COMMANDER, responder: "bob-the-commander" }) { id } }`, { id: incidentId });
    privateIncidentId = await declare(PRIVATE_TITLE, { private: true });
  });

  afterAll(async () => {
    await server?.stop();
    removeDataDir(dataDir);
  });

  it('shows nothing of an incident until someone publishes it', async () => {
    const status = await getJson('/api/v2/status.json');
    expect(status.status).toEqual({ indicator: 'none', description: 'All Systems Operational' });
    expect(status.page).toMatchObject({ name: 'Acme Status', url: `${PUBLIC_URL}/status`, time_zone: 'Etc/UTC' });
    expect((await getJson('/api/v2/incidents.json')).incidents).toEqual([]);
  });

  it('publishes an incident with a public title, impact and components; its EXTERNAL updates follow, its INTERNAL ones never', async () => {
    setClock(minutes(5));
    const published = (
      await mustQuery(responder, PUBLISH, {
        input: { incidentId, name: 'Checkout errors for some customers', impact: 'MAJOR', components: [{ componentId: 'checkout' }, { componentId: 'api', status: 'DEGRADED_PERFORMANCE' }], message: 'We are investigating errors at checkout.' },
      })
    ).publishIncidentToStatusPage;
    publicId = published.id;
    expect(published).toEqual({ id: expect.stringMatching(/^[0-9a-f]{12}$/), name: 'Checkout errors for some customers', status: 'investigating', impact: 'MAJOR', componentIds: ['api', 'checkout'], updates: [{ status: 'investigating', body: 'We are investigating errors at checkout.' }] });
    expect(publicId).not.toBe(incidentId);

    setClock(minutes(10));
    await postUpdate(incidentId, 'INTERNAL', INTERNAL_UPDATE);
    await mustQuery(responder, `mutation($id: ID!) { changeIncidentStatus(input: { incidentId: $id, status: IDENTIFIED }) { id } }`, { id: incidentId });
    await postUpdate(incidentId, 'EXTERNAL', 'We found the cause and are fixing it.');

    const summary = await getJson('/api/v2/summary.json');
    expect(summary.status).toEqual({ indicator: 'major', description: 'Partial System Outage' });
    expect(summary.components.map((c: Loose) => [c.id, c.status, c.group, c.group_id])).toEqual([
      ['core', 'partial_outage', true, null],
      ['api', 'degraded_performance', false, 'core'],
      ['checkout', 'partial_outage', false, 'core'],
      ['website', 'operational', false, null],
    ]);
    expect(summary.incidents).toHaveLength(1);
    expect(summary.incidents[0]).toMatchObject({ id: publicId, name: 'Checkout errors for some customers', status: 'identified', impact: 'major', shortlink: `${PUBLIC_URL}/status/incidents/${publicId}` });
    expect(summary.incidents[0].incident_updates.map((u: Loose) => [u.status, u.body])).toEqual([
      ['identified', 'We found the cause and are fixing it.'],
      ['investigating', 'We are investigating errors at checkout.'],
    ]);
    expect(summary.incidents[0].incident_updates[1].affected_components).toEqual([
      { code: 'api', name: 'API', old_status: 'operational', new_status: 'degraded_performance' },
      { code: 'checkout', name: 'Checkout', old_status: 'operational', new_status: 'partial_outage' },
    ]);
  });

  it('is read by a published Statuspage client (statuspage.io 3.2.10) pointed at the ledger', async () => {
    const client = new Statuspage('acme');
    client.setApiUrl(origin);
    // The client types its summary as an intersection whose `status` fields conflict (never): read it as the JSON it is.
    const summary: Loose = await client.api.getSummary();
    expect(summary.status.indicator).toBe('major');
    expect(summary.incidents.map((incident: Loose) => [incident.name, incident.status, incident.impact])).toEqual([['Checkout errors for some customers', 'identified', 'major']]);
    const status = await client.api.getStatus();
    expect(status.status.description).toBe('Partial System Outage');
    const components = await client.api.getComponents();
    expect(components.components.find((component) => component.name === 'Checkout')?.status).toBe('partial_outage');
    const unresolved = await client.api.incidents.getUnresolved();
    expect(unresolved.incidents.map((incident) => incident.id)).toEqual([publicId]);
    const all = await client.api.incidents.getAll();
    expect(all.incidents[0].incident_updates[0].body).toBe('We found the cause and are fixing it.');
  });

  it('answers conditional requests with 304, lets any origin read it, and caches briefly', async () => {
    const first = await get('/api/v2/summary.json');
    expect(first.headers.get('access-control-allow-origin')).toBe('*');
    expect(first.headers.get('cache-control')).toBe('public, max-age=15');
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^".+"$/);
    expect((await get('/api/v2/summary.json', { 'if-none-match': etag })).status).toBe(304);
    await postUpdate(incidentId, 'EXTERNAL', 'A fix is rolling out.');
    const changed = await get('/api/v2/summary.json', { 'if-none-match': etag });
    expect(changed.status).toBe(200);
    expect(changed.text).toContain('A fix is rolling out.');
    expect((await get('/api/v2/nothing.json')).status).toBe(404);
  });

  // The documents are answered by an instance of their own (none of the API's hooks): what every answer carries is set there too.
  it('carries what every answer of the server carries: the correlation id, the security headers', async () => {
    for (const path of ['/api/v2/summary.json', '/status', '/status/badge.svg', '/history.atom', '/status/incidents/no-such-incident']) {
      const answer = await get(path, { 'x-correlation-id': `probe-${path.length}` });
      expect([path, answer.headers.get('x-correlation-id'), answer.headers.get('x-content-type-options'), answer.headers.get('x-frame-options')]).toEqual([path, `probe-${path.length}`, 'nosniff', 'DENY']);
      expect(answer.headers.get('content-security-policy')).toMatch(/^default-src 'none'/);
    }
    const head = await fetch(`${origin}/api/v2/status.json`, { method: 'HEAD' });
    expect([head.status, head.headers.get('content-type')]).toEqual([200, 'application/json; charset=utf-8']);
    // Another spelling of a document's path is not the page's: the API answers it, 404.
    expect((await get('/%73tatus')).status).toBe(404);
  });

  it('refuses what it must not publish, and writes nothing then', async () => {
    const refused = async (caller: Caller, input: Loose) => (await graphql(caller, PUBLISH, { input })).body.errors?.[0]?.extensions;
    const base = { incidentId: privateIncidentId, name: 'x', impact: 'MINOR', components: [], message: 'x' };
    expect(await refused(responder, base)).toMatchObject({ code: 'CONFLICT', reason: 'INCIDENT_NOT_PUBLISHABLE' });
    expect(await refused(responder, { ...base, incidentId: 'no-such-incident' })).toMatchObject({ code: 'NOT_FOUND' });
    const other = await declare('Another incident');
    expect(await refused(responder, { ...base, incidentId: other, components: [{ componentId: 'moon-base' }] })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'components[0].componentId' });
    expect(await refused(responder, { ...base, incidentId: other, components: [{ componentId: 'core' }] })).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'COMPONENT_IS_GROUP' });
    expect(await refused(viewer, { ...base, incidentId: other })).toMatchObject({ code: 'FORBIDDEN' });
    expect(await refused(responder, { ...base, incidentId })).toMatchObject({ code: 'CONFLICT', reason: 'INCIDENT_ALREADY_PUBLISHED' });
    const noKey = await fetch(`${origin}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ statusPage { indicator } }' }) });
    expect(((await noKey.json()) as Loose).errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect((await getJson('/api/v2/incidents.json')).incidents.map((incident: Loose) => incident.id)).toEqual([publicId]);
  });

  it('starts maintenance on time, puts its components under maintenance, and completes it on time', async () => {
    const schedule = await mustQuery(responder, `mutation($input: ScheduleMaintenanceInput!) { scheduleMaintenance(input: $input) { id status } }`, {
      input: { id: 'db-upgrade', name: 'Database upgrade', message: 'We will upgrade the database; the website may be slow.', components: ['website'], scheduledFor: new Date(minutes(60)).toISOString(), scheduledUntil: new Date(minutes(120)).toISOString() },
    });
    expect(schedule.scheduleMaintenance).toEqual({ id: 'db-upgrade', status: 'SCHEDULED' });
    expect((await getJson('/api/v2/scheduled-maintenances/upcoming.json')).scheduled_maintenances.map((m: Loose) => [m.id, m.status])).toEqual([['db-upgrade', 'scheduled']]);
    // The published client reads it too (its getActive and getAll also ask for upcoming.json: a bug of the client's).
    const client = new Statuspage('acme');
    client.setApiUrl(origin);
    // Its types reduce a maintenance to never (conflicting `status` fields): read it as the JSON it is.
    const upcoming: Loose = await client.api.scheduledMaintenances.getUpcoming();
    expect(upcoming.scheduled_maintenances.map((m: Loose) => [m.name, m.status, m.scheduled_for, m.scheduled_until])).toEqual([['Database upgrade', 'scheduled', new Date(minutes(60)).toISOString(), new Date(minutes(120)).toISOString()]]);

    setClock(minutes(60));
    const active = await until(() => getJson('/api/v2/scheduled-maintenances/active.json'), (document) => document.scheduled_maintenances.length === 1, 'the maintenance to start');
    expect(active.scheduled_maintenances[0]).toMatchObject({ id: 'db-upgrade', status: 'in_progress' });
    expect(active.scheduled_maintenances[0].incident_updates[0].body).toBe('Scheduled maintenance is currently in progress. We will provide updates as necessary.');
    const components = await getJson('/api/v2/components.json');
    expect(components.components.find((c: Loose) => c.id === 'website').status).toBe('under_maintenance');

    setClock(minutes(120));
    const done = await until(() => getJson('/api/v2/scheduled-maintenances.json'), (document) => document.scheduled_maintenances[0]?.status === 'completed', 'the maintenance to complete');
    expect(done.scheduled_maintenances[0].incident_updates.map((u: Loose) => u.status)).toEqual(['completed', 'in_progress', 'scheduled']);
    expect((await getJson('/api/v2/components.json')).components.find((c: Loose) => c.id === 'website').status).toBe('operational');
  });

  it('tells what customers saw at an earlier instant (statusPage(asOf)), and the page now', async () => {
    const then = (await mustQuery(viewer, PAGE, { asOf: new Date(minutes(7)).toISOString() })).statusPage;
    expect(then).toMatchObject({ asOf: new Date(minutes(7)).toISOString(), indicator: 'MAJOR', description: 'Partial System Outage' });
    expect(then.incidents).toEqual([{ id: publicId, name: 'Checkout errors for some customers', status: 'investigating', impact: 'MAJOR', updates: [{ status: 'investigating', body: 'We are investigating errors at checkout.' }] }]);
    expect(then.maintenances).toEqual([]);

    const duringMaintenance = (await mustQuery(viewer, PAGE, { asOf: new Date(minutes(90)).toISOString() })).statusPage;
    expect(duringMaintenance.components.find((c: Loose) => c.id === 'website').status).toBe('UNDER_MAINTENANCE');
    expect(duringMaintenance.maintenances).toEqual([{ id: 'db-upgrade', status: 'IN_PROGRESS', startedAt: new Date(minutes(60)).toISOString(), completedAt: null }]);

    const now = (await mustQuery(viewer, PAGE, {})).statusPage;
    expect(now.maintenances[0].status).toBe('COMPLETED');
    const future = await graphql(viewer, PAGE, { asOf: new Date(minutes(100_000)).toISOString() });
    expect(future.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
  });

  it('resolves: the components are operational again, and the page is the same after a restart', async () => {
    setClock(minutes(130));
    await mustQuery(responder, `mutation($id: ID!) { resolveIncident(input: { incidentId: $id }) { id } }`, { id: incidentId });
    await postUpdate(incidentId, 'EXTERNAL', 'This incident has been resolved.');
    const before = await getJson('/api/v2/summary.json');
    expect(before.status).toEqual({ indicator: 'none', description: 'All Systems Operational' });
    expect(before.incidents).toEqual([]);
    const resolved = (await getJson('/api/v2/incidents.json')).incidents[0];
    expect(resolved).toMatchObject({ status: 'resolved', resolved_at: new Date(minutes(130)).toISOString() });
    expect(resolved.incident_updates[0].affected_components).toEqual([
      { code: 'api', name: 'API', old_status: 'degraded_performance', new_status: 'operational' },
      { code: 'checkout', name: 'Checkout', old_status: 'partial_outage', new_status: 'operational' },
    ]);

    const published = (await getJson('/api/v2/incidents.json')).incidents;
    const adminKey = server.adminKey;
    await server.stop();
    server = await startServer({ dataDir, adminKey, env: { CLOCK_FILE: clockFile, STATUS_PAGE_NAME: 'Acme Status', STATUS_PAGE_LINKS: 'Acme=https://acme.example', PUBLIC_URL: PUBLIC_URL, LEASE_TTL_MS: '1000' } });
    origin = new URL(server.url).origin;
    responder = await server.as('carol', 'RESPONDER');
    const after = (await getJson('/api/v2/incidents.json')).incidents;
    expect(after).toEqual(published);
    expect(after.map((incident: Loose) => [incident.id, incident.status, incident.incident_updates.length])).toEqual([[publicId, 'resolved', 4]]);
  });

  it('leaks nothing internal into any public response, and escapes everything published', async () => {
    setClock(minutes(140));
    const hostile = await declare('Another outage');
    await mustQuery(responder, PUBLISH, { input: { incidentId: hostile, name: '<script>alert("name")</script> & "quotes"', impact: 'MINOR', components: [{ componentId: 'website' }], message: '<img src=x onerror=alert(1)>\nsecond line' } });
    await postUpdate(hostile, 'INTERNAL', `${INTERNAL_UPDATE} (second incident)`);
    const hostilePublicId = (await getJson('/api/v2/incidents/unresolved.json')).incidents[0].id;

    const paths = [
      '/status',
      `/status/incidents/${publicId}`,
      `/status/incidents/${hostilePublicId}`,
      '/status/incidents/db-upgrade',
      '/status/badge.svg',
      '/status/widget.json',
      '/history.atom',
      '/history.rss',
      ...['summary', 'status', 'components', 'incidents', 'incidents/unresolved', 'scheduled-maintenances', 'scheduled-maintenances/upcoming', 'scheduled-maintenances/active'].map((document) => `/api/v2/${document}.json`),
    ];
    for (const path of paths) {
      const answer = await get(path);
      expect({ path, status: answer.status }).toEqual({ path, status: 200 });
      // Whole phrases only: a short one such as "db-7" turns up inside a random id (an update's event id, `…db-7c4e…`).
      for (const secret of [INTERNAL_TITLE, INTERNAL_UPDATE, PRIVATE_TITLE, 'bob-the-commander', 'carol', incidentId, privateIncidentId, hostile]) {
        expect({ path, leaked: answer.text.includes(secret) ? secret : null }).toEqual({ path, leaked: null });
      }
    }
    const page = (await get('/status')).text;
    expect(page).not.toContain('<script>alert');
    expect(page).toContain('&lt;script&gt;alert(&quot;name&quot;)&lt;/script&gt; &amp; &quot;quotes&quot;');
    const incidentPage = (await get(`/status/incidents/${hostilePublicId}`)).text;
    expect(incidentPage).not.toContain('<img src=x');
    expect(incidentPage).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect((await get('/history.atom')).text).not.toContain('<script>alert');
    expect((await get('/status/badge.svg')).text).not.toContain('<script>');
    expect((await get(`/status/incidents/${incidentId}`)).status).toBe(404);
  });
});
