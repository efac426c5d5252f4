import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Caller, graphql, mustQuery } from './support/graphql-client';
import { removeDataDir, RunningServer, startServer } from './support/server';

/**
 * Alerts in, the way a monitoring team connects its tools: the built server,
 * real HTTP, and payloads captured from Alertmanager, Grafana's documentation
 * and PagerDuty's (test/fixtures/alerting/SOURCES.md). Each scenario has an
 * integration of its own, so counts are per integration; the service a
 * scenario's incidents are about is its own too where incidents are counted.
 */

// Fixtures are JSON; tests read them loosely.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = Record<string, any>;

const fixture = (path: string): Loose => JSON.parse(readFileSync(join(__dirname, 'fixtures/alerting', path), 'utf8'));

interface Answer {
  status: number;
  body: Loose;
  headers: Headers;
}

const GROUP_ROW = 'id status severity title service alertCount firingCount groupKey incident { id severity }';
const GROUPS = `query($filter: AlertGroupFilterInput, $first: Int, $after: String) {
  alertGroups(filter: $filter, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { ${GROUP_ROW} } } } }`;
const GROUP = `query($id: ID!) { alertGroup(id: $id) { ${GROUP_ROW} alerts(first: 10) { fingerprint status links { kind url } }
  incident { id severity title alertGroups { alertGroupId alertCount links { kind url } } } } }`;
const CREATE = `mutation($input: CreateIntegrationInput!) { createIntegration(input: $input) { key integration { id service } } }`;
const SET_RULES = `mutation($id: ID!, $rules: [RoutingRuleInput!]!) { setIntegrationRoutingRules(id: $id, rules: $rules) {
  routingRules { name service severity title matchers { field operator value } } } }`;
const PREVIEW = `query($id: ID!, $format: AlertSource!, $payload: String!) { previewAlertRouting(integrationId: $id, format: $format, payload: $payload) {
  alertGroupId service severity title startsIncident alerts { rule severityReason } } }`;

/** Until `accept` holds for what `read` answers, polled every 100 ms; fails with the last answer after `timeoutMs`. */
async function eventually<T>(what: string, read: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = await read();
  while (!accept(last)) {
    if (Date.now() > deadline) throw new Error(`waited for ${what}; last saw ${JSON.stringify(last).slice(0, 2_000)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    last = await read();
  }
  return last;
}

/** An Alertmanager notification of one group, its alerts labelled as given. */
function alertmanagerPayload(groupKey: string, alerts: Array<Record<string, string>>, annotations: Record<string, string> = {}): Loose {
  const payload = fixture('alertmanager/firing.json');
  const [template] = payload.alerts;
  payload.groupKey = groupKey;
  payload.alerts = alerts.map((labels, index) => ({ ...template, labels, annotations: { ...template.annotations, ...annotations }, fingerprint: `${groupKey}-${index}` }));
  return payload;
}

/** A PagerDuty trigger (PagerDuty's own example) with another dedup_key and severity. */
function pagerDutyTrigger(routingKey: string, changes: { dedupKey?: string | null; severity?: string; summary?: string } = {}): Loose {
  const event = fixture('pagerduty/trigger.json');
  event.routing_key = routingKey;
  if (changes.dedupKey === null) delete event.dedup_key;
  else if (changes.dedupKey !== undefined) event.dedup_key = changes.dedupKey;
  if (changes.severity) event.payload.severity = changes.severity;
  if (changes.summary) event.payload.summary = changes.summary;
  return event;
}

describe('alerts in: Grafana, PagerDuty and Alertmanager payloads over HTTP', () => {
  let server: RunningServer;
  let origin: string;
  let viewer: Caller;

  const post = async (path: string, body: unknown, key?: string): Promise<Answer> => {
    const response = await fetch(`${origin}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(key === undefined ? {} : { authorization: `Bearer ${key}` }) },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : {}, headers: response.headers };
  };
  const alertGroups = async (filter: Loose, first = 100, after: string | null = null) => (await mustQuery(viewer, GROUPS, { filter, first, after })).alertGroups;
  const groupsOf = async (integrationId: string) => {
    const { totalCount, edges } = await alertGroups({ integrationId });
    return { totalCount: totalCount as number, nodes: edges.map((edge: Loose) => edge.node) as Loose[] };
  };
  const groupById = async (id: string): Promise<Loose> => (await mustQuery(viewer, GROUP, { id })).alertGroup;
  const incidentsOf = async (service: string) => (await mustQuery(viewer, `query($service: String) { incidents(filter: { service: $service }, first: 100) { totalCount edges { node { id severity } } } }`, { service })).incidents;
  const createIntegration = async (id: string, service: string, caller: Caller = server.admin): Promise<string> =>
    (await mustQuery(caller, CREATE, { input: { id, name: id, service } })).createIntegration.key;

  beforeAll(async () => {
    server = await startServer();
    origin = new URL(server.url).origin;
    viewer = await server.as('vic', 'VIEWER');
    const admin = server.admin;
    for (const name of ['ann', 'bob']) await mustQuery(admin, `mutation($name: String!) { registerPerson(input: { name: $name, timeZone: "Europe/Berlin" }) { name } }`, { name });
    await mustQuery(admin, `mutation { registerTeam(input: { slug: "shop", name: "Shop", members: ["ann"] }) { slug } }`);
    await mustQuery(admin, `mutation { registerTeam(input: { slug: "money", name: "Money", members: ["bob"] }) { slug } }`);
    for (const [slug, tier, team] of [
      ['checkout', 'TIER_1', 'shop'],
      ['payments', 'TIER_2', 'money'],
      ['dashboards', 'TIER_2', 'shop'],
      ['inventory', 'TIER_2', 'shop'],
      ['search', 'TIER_3', 'shop'],
    ]) {
      await mustQuery(admin, `mutation($slug: String!, $tier: ServiceTier!, $team: String!) { registerService(input: { slug: $slug, name: $slug, tier: $tier, ownerTeam: $team }) { slug } }`, {
        slug,
        tier,
        team,
      });
    }
  });

  afterAll(async () => {
    await server?.stop();
    if (server) removeDataDir(server.dataDir);
  });

  it("Grafana's documented payload becomes one group with its silence, runbook and source links, routed by the defaults", async () => {
    const key = await createIntegration('grafana', 'dashboards');
    const answer = await post('/integrations/grafana', fixture('grafana/firing.json'), key);
    expect(answer.status).toBe(202);
    // Both alerts share Grafana's groupKey "{}:{}"; neither names a severity, so the default (SEV3) holds, and SEV3 is a full response.
    expect(answer.body).toEqual({ status: 'accepted', alertGroups: [{ id: expect.any(String), severity: 'SEV3', title: 'This alert was triggered for zone us-1', alerts: 2 }] });

    const [row] = (await eventually('the Grafana group with its incident', () => groupsOf('grafana'), ({ nodes }) => nodes[0]?.incident !== null)).nodes;
    const group = await groupById(row.id);
    expect(group).toMatchObject({ status: 'TRIGGERED', severity: 'SEV3', service: 'dashboards', alertCount: 2, firingCount: 2, groupKey: '{}:{}' });
    const links = group.alerts.flatMap((alert: Loose) => alert.links);
    expect(links).toEqual(
      expect.arrayContaining([
        { kind: 'SILENCE', url: 'https://play.grafana.org/alerting/silence/new?alertmanager=grafana&matchers=alertname%3DT2%2Cteam%3Dblue%2Czone%3Dus-1' },
        { kind: 'SILENCE', url: 'https://play.grafana.org/alerting/silence/new?alertmanager=grafana&matchers=alertname%3DT1%2Cteam%3Dblue%2Czone%3Deu-1' },
        { kind: 'RUNBOOK', url: 'https://myrunbook.com/runbook/1234' },
        { kind: 'GENERATOR', url: 'https://play.grafana.org/alerting/1afz29v7z/edit' },
      ]),
    );
    // The documented payload's dashboardURL and panelURL are empty: no link is made of them.
    expect(links.filter((link: Loose) => link.kind === 'DASHBOARD' || link.kind === 'PANEL')).toEqual([]);
    expect(group.incident).toMatchObject({ severity: 'SEV3', title: group.title, alertGroups: [{ alertGroupId: group.id, alertCount: 2 }] });
    expect(group.incident.alertGroups[0].links).toEqual(expect.arrayContaining([{ kind: 'RUNBOOK', url: 'https://myrunbook.com/runbook/1234' }]));
  });

  it('a Grafana alert with its dashboard and panel keeps both links', async () => {
    const key = await createIntegration('grafana-panels', 'dashboards');
    const payload = fixture('grafana/firing.json');
    payload.groupKey = '{}:{panels}';
    payload.alerts = [{ ...payload.alerts[0], dashboardURL: 'https://play.grafana.org/d/abc/memory', panelURL: 'https://play.grafana.org/d/abc/memory?viewPanel=2' }];
    expect((await post('/integrations/grafana', payload, key)).status).toBe(202);
    const [row] = (await eventually('the group', () => groupsOf('grafana-panels'), ({ totalCount }) => totalCount === 1)).nodes;
    const group = await groupById(row.id);
    expect(group.alerts[0].links).toEqual(
      expect.arrayContaining([
        { kind: 'DASHBOARD', url: 'https://play.grafana.org/d/abc/memory' },
        { kind: 'PANEL', url: 'https://play.grafana.org/d/abc/memory?viewPanel=2' },
      ]),
    );
  });

  it("an Alertmanager group cut by max_alerts resolves when Alertmanager says it resolved, with the resolution on its incident's timeline", async () => {
    const key = await createIntegration('truncated', 'payments');
    const firing = await post('/integrations/alertmanager', fixture('alertmanager/firing-truncated.json'), key);
    expect(firing.body.alertGroups).toEqual([expect.objectContaining({ severity: 'SEV2', alerts: 2 })]);
    const [row] = (await eventually('the group with its incident', () => groupsOf('truncated'), ({ nodes }) => nodes[0]?.incident !== null)).nodes;

    // Three alerts, two sent and one left out, all resolved: `status: resolved` is Alertmanager's word for the whole group.
    expect((await post('/integrations/alertmanager', fixture('alertmanager/resolved-truncated.json'), key)).status).toBe(202);
    const resolved = await eventually('the group resolved', () => groupById(row.id), (group) => group.status === 'RESOLVED', 3_000);
    expect(resolved).toMatchObject({ firingCount: 0, alertCount: 2 });
    const timeline = await eventually(
      'the resolution on the timeline',
      async () => (await mustQuery(viewer, `query($id: ID!) { incident(id: $id) { timeline { type } } }`, { id: row.incident.id })).incident.timeline.map((entry: Loose) => entry.type),
      (types: string[]) => types.includes('AttachedAlertGroupResolved'),
      3_000,
    );
    expect(timeline).toContain('AlertGroupAttached');
  });

  describe('PagerDuty Events API v2', () => {
    let key: string;
    beforeAll(async () => {
      key = await createIntegration('pagerduty', 'search');
    });

    it('trigger, the same trigger again, acknowledge and resolve: answered as PagerDuty answers, one group, one alert', async () => {
      const trigger = pagerDutyTrigger(key);
      const accepted = { status: 'success', message: 'Event processed', dedup_key: 'srv01/mysql' };
      expect(await post('/v2/enqueue', trigger)).toMatchObject({ status: 202, body: accepted });
      expect(await post('/v2/enqueue', trigger)).toMatchObject({ status: 202, body: accepted });
      const triggered = await eventually('the srv01/mysql group', () => groupsOf('pagerduty'), ({ nodes }) => nodes.some((group) => group.groupKey === 'srv01/mysql'));
      const group = triggered.nodes.find((each) => each.groupKey === 'srv01/mysql') as Loose;
      expect(group).toMatchObject({ status: 'TRIGGERED', severity: 'SEV2', service: 'search', alertCount: 1, title: 'DISK at 99% on machine prod-datapipe03.example.com' });
      expect((await groupById(group.id)).alerts).toHaveLength(1);

      const acknowledge = { ...fixture('pagerduty/acknowledge.json'), routing_key: key };
      expect(await post('/v2/enqueue', acknowledge)).toMatchObject({ status: 202, body: accepted });
      await eventually('the group acknowledged', () => mustQuery(viewer, `query($id: ID!) { alertGroup(id: $id) { status } }`, { id: group.id }), (data) => data.alertGroup.status === 'ACKNOWLEDGED');

      expect(await post('/v2/enqueue', { ...acknowledge, event_action: 'resolve' })).toMatchObject({ status: 202, body: accepted });
      const resolved = await eventually(
        'the group resolved',
        () => mustQuery(viewer, `query($id: ID!) { alertGroup(id: $id) { status alertCount firingCount } }`, { id: group.id }),
        (data) => data.alertGroup.status === 'RESOLVED',
      );
      expect(resolved.alertGroup).toEqual({ status: 'RESOLVED', alertCount: 1, firingCount: 0 });
    });

    it('a trigger without dedup_key is answered with the key made for it, and sent again reaches the same group', async () => {
      const trigger = pagerDutyTrigger(key, { dedupKey: null, severity: 'warning', summary: 'Replica lag above 30s' });
      const first = await post('/v2/enqueue', trigger);
      expect(first).toMatchObject({ status: 202, body: { status: 'success', message: 'Event processed', dedup_key: expect.any(String) } });
      const dedupKey: string = first.body.dedup_key;
      expect(dedupKey.length).toBeGreaterThan(0);
      expect((await post('/v2/enqueue', trigger)).body.dedup_key).toBe(dedupKey);

      const { nodes } = await eventually('the group of the made key', () => groupsOf('pagerduty'), (found) => found.nodes.some((group) => group.groupKey === dedupKey));
      expect(nodes.filter((group) => group.title === 'Replica lag above 30s')).toEqual([expect.objectContaining({ groupKey: dedupKey, alertCount: 1, severity: 'SEV4' })]);
    });
  });

  describe('refusals write nothing', () => {
    let key: string;
    let before: number;
    const firing = () => alertmanagerPayload('{}:{alertname="Refusals"}', [{ alertname: 'Refusals', severity: 'warning' }]);
    const count = async () => (await groupsOf('refusals')).totalCount;
    beforeAll(async () => {
      key = await createIntegration('refusals', 'search');
      before = await count();
    });

    it('a payload that does not parse is a 400 naming the field', async () => {
      const payload = firing();
      payload.alerts[0].labels = 'severity=critical';
      const answer = await post('/integrations/alertmanager', payload, key);
      expect(answer.status).toBe(400);
      expect(answer.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'alerts[0].labels' });

      const event = pagerDutyTrigger(key, { severity: 'disaster' });
      const refused = await post('/v2/enqueue', event);
      expect(refused.status).toBe(400);
      expect(refused.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'payload.severity' });
      expect(await count()).toBe(before);
    });

    it('no key, and a key no integration has, are a 401', async () => {
      expect((await post('/integrations/alertmanager', firing())).status).toBe(401);
      expect((await post('/integrations/alertmanager', firing(), 'abcdefghijklmnopqrstuvwxyz234567')).status).toBe(401);
      expect((await post('/integrations/grafana', fixture('grafana/firing.json'), 'abcdefghijklmnopqrstuvwxyz234567')).status).toBe(401);
      expect((await post('/v2/enqueue', pagerDutyTrigger('abcdefghijklmnopqrstuvwxyz234567'))).status).toBe(401);
      expect(await count()).toBe(before);
    });

    it('a rotated key is refused from then on, and the new one works', async () => {
      const { rotateIntegrationKey } = await mustQuery(server.admin, `mutation { rotateIntegrationKey(id: "refusals") { key } }`);
      const refused = await post('/integrations/alertmanager', firing(), key);
      expect(refused.status).toBe(401);
      expect(refused.body.errors[0].extensions).toMatchObject({ code: 'UNAUTHENTICATED' });
      expect(await count()).toBe(before);
      key = rotateIntegrationKey.key;
      expect((await post('/integrations/alertmanager', firing(), key)).status).toBe(202);
      before = (await eventually('the group', () => groupsOf('refusals'), ({ totalCount }) => totalCount === before + 1)).totalCount;
    });

    it('a disabled integration is refused until it is enabled again', async () => {
      await mustQuery(server.admin, `mutation { disableIntegration(id: "refusals", reason: "migrating") { disabled } }`);
      const again = alertmanagerPayload('{}:{alertname="WhileDisabled"}', [{ alertname: 'WhileDisabled', severity: 'warning' }]);
      expect((await post('/integrations/alertmanager', again, key)).status).toBe(401);
      expect((await post('/v2/enqueue', pagerDutyTrigger(key, { severity: 'warning' }))).status).toBe(401);
      expect(await count()).toBe(before);
      await mustQuery(server.admin, `mutation { enableIntegration(id: "refusals") { disabled } }`);
      expect((await post('/integrations/alertmanager', again, key)).status).toBe(202);
      await eventually('the group', () => groupsOf('refusals'), ({ totalCount }) => totalCount === before + 1);
    });
  });

  it('a flood is a 429 with Retry-After, per integration, and what was refused is not recorded', async () => {
    const limited = await startServer({ env: { INGEST_RATE_LIMIT_PER_SECOND: '1', INGEST_RATE_LIMIT_BURST: '3' } });
    try {
      await mustQuery(limited.admin, `mutation { registerTeam(input: { slug: "shop", name: "Shop", members: [] }) { slug } }`);
      await mustQuery(limited.admin, `mutation { registerService(input: { slug: "search", name: "Search", tier: TIER_3, ownerTeam: "shop" }) { slug } }`);
      const keys = [];
      for (const id of ['flooded', 'quiet']) keys.push((await mustQuery(limited.admin, CREATE, { input: { id, name: id, service: 'search' } })).createIntegration.key as string);
      const [flooded, quiet] = keys;
      const send = (routingKey: string, index: number) =>
        fetch(`${new URL(limited.url).origin}/v2/enqueue`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(pagerDutyTrigger(routingKey, { dedupKey: `flood-${index}`, severity: 'warning' })),
        });
      const answers = await Promise.all(Array.from({ length: 10 }, (_, index) => send(flooded, index)));
      const accepted = answers.filter((answer) => answer.status === 202).length;
      const refused = answers.filter((answer) => answer.status === 429);
      expect(accepted).toBeGreaterThanOrEqual(3);
      expect(accepted + refused.length).toBe(10);
      expect(refused.length).toBeGreaterThan(0);
      expect(Number(refused[0].headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(((await refused[0].json()) as Loose).errors[0].extensions).toMatchObject({ code: 'RATE_LIMITED' });
      // Another integration has its own allowance.
      expect((await send(quiet, 0)).status).toBe(202);

      const limitedViewer = await limited.as('vic', 'VIEWER');
      const recorded = await eventually(
        'the accepted triggers as groups',
        async () => (await mustQuery(limitedViewer, GROUPS, { filter: { integrationId: 'flooded' }, first: 100 })).alertGroups.totalCount,
        (total) => total === accepted,
      );
      expect(recorded).toBe(accepted);
    } finally {
      await limited.stop();
      removeDataDir(limited.dataDir);
    }
  });

  describe('storms', () => {
    it('1,000 alerts in one group are one group of 1,000 and one incident, and the same notification again changes nothing', async () => {
      const key = await createIntegration('storm', 'inventory');
      const labels = Array.from({ length: 1_000 }, (_, index) => ({ alertname: 'InventoryDown', severity: 'critical', instance: `inventory-${index}:8080` }));
      const payload = alertmanagerPayload('{}:{alertname="InventoryDown"}', labels);
      const answer = await post('/integrations/alertmanager', payload, key);
      expect(answer.status).toBe(202);
      expect(answer.body.alertGroups).toEqual([expect.objectContaining({ severity: 'SEV2', alerts: 1_000 })]);

      const [row] = (await eventually('one group of 1,000 with its incident', () => groupsOf('storm'), ({ nodes }) => nodes[0]?.incident !== null)).nodes;
      const group = await groupById(row.id);
      expect(group).toMatchObject({ alertCount: 1_000, firingCount: 1_000, incident: { alertGroups: [{ alertCount: 1_000 }] } });
      expect((await incidentsOf('inventory')).totalCount).toBe(1);

      expect((await post('/integrations/alertmanager', payload, key)).status).toBe(202);
      // The process looks every 100 ms: a second incident would show within this.
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      const again = await groupsOf('storm');
      expect(again.totalCount).toBe(1);
      expect(again.nodes[0]).toMatchObject({ alertCount: 1_000, firingCount: 1_000 });
      expect((await incidentsOf('inventory')).totalCount).toBe(1);
    });

    it('1,000 groups at once, sent 50 at a time, are 1,000 groups of one alert each', async () => {
      const key = await createIntegration('storm-groups', 'search');
      for (let batch = 0; batch < 20; batch++) {
        const answers = await Promise.all(
          Array.from({ length: 50 }, (_, index) => post('/v2/enqueue', pagerDutyTrigger(key, { dedupKey: `host-${batch * 50 + index}`, severity: 'warning', summary: `Disk filling on host-${batch * 50 + index}` }))),
        );
        expect(answers.map((answer) => answer.status)).toEqual(Array(50).fill(202));
      }
      await eventually('1,000 groups', () => groupsOf('storm-groups'), ({ totalCount }) => totalCount === 1_000, 20_000);
      const counts: number[] = [];
      const keys = new Set<string>();
      let after: string | null = null;
      do {
        const page: Loose = await alertGroups({ integrationId: 'storm-groups' }, 100, after);
        for (const { node } of page.edges) {
          counts.push(node.alertCount);
          keys.add(node.groupKey);
          expect(node).toMatchObject({ severity: 'SEV4', incident: null });
        }
        after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      } while (after !== null);
      expect(counts).toEqual(Array(1_000).fill(1));
      expect(keys.size).toBe(1_000);
    });
  });

  describe('routing', () => {
    let key: string;
    beforeAll(async () => {
      key = await createIntegration('routing', 'checkout');
    });

    it('rules set another service and a title; the dry run shows what a payload would become and writes nothing', async () => {
      const rules = [{ name: 'payments team', matchers: [{ field: 'labels.team', operator: 'EQUALS', value: 'payments' }], service: 'payments', title: '{{labels.alertname}} on {{service}}' }];
      const { setIntegrationRoutingRules } = await mustQuery(server.admin, SET_RULES, { id: 'routing', rules });
      expect(setIntegrationRoutingRules.routingRules).toEqual([{ ...rules[0], severity: null }]);

      const payload = alertmanagerPayload('{}:{alertname="LedgerLag"}', [{ alertname: 'LedgerLag', severity: 'critical', team: 'payments' }]);
      const { previewAlertRouting } = await mustQuery(viewer, PREVIEW, { id: 'routing', format: 'ALERTMANAGER', payload: JSON.stringify(payload) });
      expect(previewAlertRouting).toEqual([
        { alertGroupId: expect.any(String), service: 'payments', severity: 'SEV2', title: 'LedgerLag on payments', startsIncident: true, alerts: [{ rule: 1, severityReason: 'the sender\'s severity "critical"' }] },
      ]);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect((await groupsOf('routing')).totalCount).toBe(0);

      expect((await post('/integrations/alertmanager', payload, key)).status).toBe(202);
      const [group] = (await eventually('the routed group', () => groupsOf('routing'), ({ nodes }) => nodes[0]?.incident !== null)).nodes;
      expect(group).toMatchObject({ id: previewAlertRouting[0].alertGroupId, service: 'payments', title: 'LedgerLag on payments', severity: 'SEV2' });
    });

    it('an availability alert on a TIER_1 service is SEV1, whatever its sender called it', async () => {
      const payload = alertmanagerPayload('{}:{alertname="CheckoutUnavailable"}', [{ alertname: 'CheckoutUnavailable', severity: 'warning', category: 'availability' }]);
      const answer = await post('/integrations/alertmanager', payload, key);
      expect(answer.body.alertGroups).toEqual([expect.objectContaining({ severity: 'SEV1' })]);
      const group = (
        await eventually('the availability group with its incident', () => groupsOf('routing'), ({ nodes }) => nodes.some((each) => each.groupKey.includes('CheckoutUnavailable') && each.incident !== null))
      ).nodes.find((each) => each.groupKey.includes('CheckoutUnavailable')) as Loose;
      expect(group).toMatchObject({ service: 'checkout', severity: 'SEV1', incident: { severity: 'SEV1' } });
    });

    it.each([
      ['a matcher on a field there is none of', [{ matchers: [{ field: 'hostname', operator: 'EQUALS', value: 'a' }], severity: 'SEV3' }], 'rules[0].matchers[0].field'],
      ['a regular expression that does not compile', [{ severity: 'SEV5' }, { matchers: [{ field: 'labels.team', operator: 'MATCHES', value: '(' }], severity: 'SEV3' }], 'rules[1].matchers[0].value'],
      ['a rule that sets nothing', [{ matchers: [{ field: 'labels.team', operator: 'EQUALS', value: 'a' }] }], 'rules[0]'],
      ['a title naming an unknown field', [{ title: '{{labels.alertname}} on {{host}}' }], 'rules[0].title'],
      ['an unknown service', [{ service: 'warehouse' }], 'rules[0].service'],
    ])('%s is BAD_USER_INPUT naming it, and the rules stay', async (_, rules, field) => {
      const { body } = await graphql(server.admin, SET_RULES, { id: 'routing', rules });
      expect(body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
      const { integration } = await mustQuery(viewer, `{ integration(id: "routing") { routingRules { name } } }`);
      expect(integration.routingRules).toEqual([{ name: 'payments team' }]);
    });
  });

  describe('who may set up an integration', () => {
    it('a viewer may not', async () => {
      const { body } = await graphql(viewer, CREATE, { input: { id: 'by-viewer', name: 'x', service: 'checkout' } });
      expect(body.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN' });
    });

    it("a responder outside the service's owning team may not; a member may", async () => {
      const bob = await server.as('bob', 'RESPONDER');
      const { body } = await graphql(bob, CREATE, { input: { id: 'by-bob', name: 'x', service: 'checkout' } });
      expect(body.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'NOT_TEAM_MEMBER', team: 'shop' });
      const ann = await server.as('ann', 'RESPONDER');
      expect(await createIntegration('by-ann', 'checkout', ann)).toHaveLength(32);
      const { integrations } = await mustQuery(viewer, '{ integrations { id } }');
      expect(integrations.map((integration: Loose) => integration.id)).toContain('by-ann');
      expect(integrations.map((integration: Loose) => integration.id)).not.toContain('by-bob');

      // Nor may he change one of the team's: its key, its rules, whether it is enabled.
      for (const mutation of ['rotateIntegrationKey(id: "by-ann") { key }', 'disableIntegration(id: "by-ann") { disabled }', 'setIntegrationRoutingRules(id: "by-ann", rules: [{ severity: SEV1 }]) { id }']) {
        const refused = await graphql(bob, `mutation { ${mutation} }`);
        expect(refused.body.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'NOT_TEAM_MEMBER' });
      }
      expect((await mustQuery(viewer, '{ integration(id: "by-ann") { disabled keyRotatedAt routingRules { name } } }')).integration).toEqual({ disabled: false, keyRotatedAt: null, routingRules: [] });
    });
  });

  it('a SEV4 group is promoted to an incident by a responder, another is attached to it, and neither twice', async () => {
    const key = await createIntegration('promotions', 'search');
    const incidentsBefore = (await incidentsOf('search')).totalCount;
    const fire = async (dedupKey: string) => expect((await post('/v2/enqueue', pagerDutyTrigger(key, { dedupKey, severity: 'warning', summary: `Disk ${dedupKey} filling` }))).status).toBe(202);
    await fire('disk-1');
    await fire('disk-2');
    const groups = await eventually('two SEV4 groups', () => groupsOf('promotions'), ({ totalCount }) => totalCount === 2);
    expect(groups.nodes.map((group) => ({ severity: group.severity, incident: group.incident }))).toEqual([
      { severity: 'SEV4', incident: null },
      { severity: 'SEV4', incident: null },
    ]);
    const [first, second] = [...groups.nodes].sort((a, b) => String(a.title).localeCompare(String(b.title)));
    const ann = await server.as('ann');

    const INCIDENT = 'id severity title alertGroups { alertGroupId title } timeline { type actor }';
    const { declareIncidentFromAlertGroup: declared } = await mustQuery(ann, `mutation($input: DeclareIncidentFromAlertGroupInput!) { declareIncidentFromAlertGroup(input: $input) { ${INCIDENT} } }`, {
      input: { alertGroupId: first.id, severity: 'SEV3', commandId: 'promote-disk-1' },
    });
    expect(declared).toMatchObject({ severity: 'SEV3', title: 'Disk disk-1 filling', alertGroups: [{ alertGroupId: first.id }] });
    expect(declared.timeline.map((entry: Loose) => [entry.type, entry.actor])).toEqual([
      ['IncidentDeclared', 'ann'],
      ['AlertGroupAttached', 'ann'],
    ]);
    expect((await groupById(first.id)).incident).toMatchObject({ id: declared.id, severity: 'SEV3' });

    const { attachAlertGroup: attached } = await mustQuery(ann, `mutation($input: AttachAlertGroupInput!) { attachAlertGroup(input: $input) { ${INCIDENT} } }`, {
      input: { alertGroupId: second.id, incidentId: declared.id },
    });
    expect(attached.alertGroups.map((group: Loose) => group.alertGroupId)).toEqual([first.id, second.id]);

    // The same promotion retried is the same incident; another one for a group that has its incident is refused.
    const retried = await mustQuery(ann, `mutation($input: DeclareIncidentFromAlertGroupInput!) { declareIncidentFromAlertGroup(input: $input) { id } }`, {
      input: { alertGroupId: first.id, severity: 'SEV3', commandId: 'promote-disk-1' },
    });
    expect(retried.declareIncidentFromAlertGroup.id).toBe(declared.id);
    const again = await graphql(ann, `mutation($input: DeclareIncidentFromAlertGroupInput!) { declareIncidentFromAlertGroup(input: $input) { id } }`, { input: { alertGroupId: second.id } });
    expect(again.body.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'ALERT_GROUP_HAS_INCIDENT', incidentId: declared.id });
    const unknown = await graphql(ann, `mutation { declareIncidentFromAlertGroup(input: { alertGroupId: "nope" }) { id } }`);
    expect(unknown.body.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', reason: 'ALERT_GROUP_NOT_FOUND' });
    expect((await incidentsOf('search')).totalCount).toBe(incidentsBefore + 1);
  });
});
