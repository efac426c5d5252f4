import { randomBytes } from 'node:crypto';
import { itWithAlertmanager, RunningAlertmanager, startAlertmanager } from './support/alertmanager';
import { Caller, mustQuery } from './support/graphql-client';
import { ReceivedMail, Receiver, startSmtpReceiver } from './support/receivers';
import { removeDataDir, RunningServer, startServer } from './support/server';

/**
 * A real Prometheus Alertmanager (Debian's 0.25) pages the ledger the two ways
 * a team would set it up: its webhook (`webhook_configs` to
 * /integrations/alertmanager, the integration's key as bearer) and its
 * PagerDuty form (`pagerduty_configs` to /v2/enqueue, the same key as routing
 * key). Alerts are fired and resolved with amtool; the team watches the
 * ledger's alert groups and incidents over GraphQL. Alertmanager keeps real
 * time, so the ledger does too (no CLOCK_FILE), and each wait is in real
 * seconds: groups wait 1s and are looked at again every 1s.
 */

/** `alertGroups`, with `args` such as `filter: { status: TRIGGERED }`. */
const alertGroupsQuery = (args = '') => `{ alertGroups(first: 10${args ? `, ${args}` : ''}) {
  totalCount edges { node { id status severity title alertCount integration { id } incident { id } } } } }`;
const INCIDENT = `query($id: ID!) { incident(id: $id) { id status severity title
  alertGroups { alertGroupId title alertCount links { kind url } } timeline { type } } }`;

// A resolved alert group on its incident's timeline; timeline entry types are the events' names (IncidentResolved…).
const ALERT_GROUP_RESOLVED = 'AttachedAlertGroupResolved';

interface AlertGroup {
  id: string;
  status: string;
  severity: string;
  title: string;
  alertCount: number;
  integration: { id: string };
  incident: { id: string } | null;
}

const checkoutDown = { alertname: 'CheckoutDown', severity: 'critical', service: 'checkout' };
const checkoutSlow = { alertname: 'CheckoutSlow', severity: 'warning', service: 'checkout', via: 'pagerduty' };
const checkoutWrongKey = { alertname: 'CheckoutWrongKey', severity: 'critical', service: 'checkout', via: 'wrong-key' };

describe('Prometheus Alertmanager pages the ledger', () => {
  let server: RunningServer;
  let smtp: Receiver<ReceivedMail>;
  let alertmanager: RunningAlertmanager;
  let viewer: Caller;

  const groups = async (args?: string) => {
    const { alertGroups } = await mustQuery(viewer, alertGroupsQuery(args));
    return { totalCount: alertGroups.totalCount as number, nodes: alertGroups.edges.map((edge: { node: AlertGroup }) => edge.node) as AlertGroup[] };
  };
  const groupIds = async () => new Set((await groups()).nodes.map((group) => group.id));
  /** The first alert group not among `known`, once `accept` holds for it: the one an alert just fired made. */
  const newGroup = (known: Set<string>, what: string, accept: (group: AlertGroup) => boolean) =>
    alertmanager.waitUntil(
      what,
      async () => (await groups()).nodes.find((group) => !known.has(group.id)),
      (group) => group !== undefined && accept(group),
    ) as Promise<AlertGroup>;
  /** Alert group `id`, once `accept` holds for it. */
  const groupById = (id: string, what: string, accept: (group: AlertGroup) => boolean) =>
    alertmanager.waitUntil(
      what,
      async () => (await groups()).nodes.find((found) => found.id === id),
      (found) => found !== undefined && accept(found),
    ) as Promise<AlertGroup>;
  const incident = async (id: string) => (await mustQuery(viewer, INCIDENT, { id })).incident;

  beforeAll(async () => {
    // Ann's pages reach her mailbox on a real SMTP server.
    smtp = await startSmtpReceiver();
    server = await startServer({ env: { SMTP_URL: smtp.url, SMTP_FROM: 'ledger@example.com', LEDGER_SECRET_KEY: randomBytes(32).toString('base64') } });
    viewer = await server.as('vic', 'VIEWER');
    const admin = server.admin;
    await mustQuery(admin, `mutation { registerPerson(input: { name: "ann", timeZone: "Europe/Berlin", contactMethods: { email: "ann@example.com" } }) { name } }`);
    await mustQuery(admin, `mutation { registerTeam(input: { slug: "shop", name: "Shop", members: ["ann"] }) { slug } }`);
    await mustQuery(admin, `mutation { registerService(input: { slug: "checkout", name: "Checkout", tier: TIER_1, ownerTeam: "shop" }) { slug } }`);
    // Ann is on call for checkout, and its escalation policy pages whoever is.
    await mustQuery(admin, `mutation { createSchedule(input: { id: "shop-primary", name: "Shop primary", ownerTeam: "shop", timeZone: "Europe/Berlin",
      layers: [{ name: "Weekly", members: ["ann"], rotation: { unit: WEEK, length: 1 }, handOff: "09:00", startDate: "2026-01-05" }] }) { id } }`);
    await mustQuery(admin, `mutation { createEscalationPolicy(input: { id: "checkout-pages", name: "Checkout pages", ownerTeam: "shop", services: ["checkout"],
      levels: [{ targets: [{ kind: SCHEDULE, id: "shop-primary" }], delayMinutes: 5 }] }) { id } }`);
    const { createIntegration } = await mustQuery(
      admin,
      `mutation { createIntegration(input: { id: "prometheus", name: "Prometheus", service: "checkout" }) { key integration { id service } } }`,
    );
    expect(createIntegration.integration).toEqual({ id: 'prometheus', service: 'checkout' });
    const key: string = createIntegration.key;
    expect(key).toHaveLength(32);

    const ledger = new URL(server.url).origin;
    alertmanager = await startAlertmanager({
      receivers: [
        { name: 'ledger', webhook: { url: `${ledger}/integrations/alertmanager`, bearer: key } },
        // Alertmanager sends `severity: error` unless told: the alert's own severity label is what the ledger maps.
        { name: 'ledger-pagerduty', pagerDuty: { url: `${ledger}/v2/enqueue`, routingKey: key, severity: '{{ .CommonLabels.severity }}' } },
        { name: 'ledger-wrong-key', webhook: { url: `${ledger}/integrations/alertmanager`, bearer: 'not-the-integration-key-00000000' } },
      ],
      route: {
        group_by: ['alertname'],
        group_wait: '1s',
        group_interval: '1s',
        routes: [
          { receiver: 'ledger-pagerduty', matchers: ['via="pagerduty"'] },
          { receiver: 'ledger-wrong-key', matchers: ['via="wrong-key"'] },
        ],
      },
    });
  });

  afterAll(async () => {
    await alertmanager?.stop();
    await smtp?.close();
    await server?.stop();
    if (server) removeDataDir(server.dataDir);
  });

  itWithAlertmanager('a critical alert through the webhook declares a SEV2 incident with its runbook and pages whoever is on call; resolving it puts that on the timeline and leaves the incident open', async () => {
    const known = await groupIds();
    await alertmanager.addAlert(checkoutDown, {
      annotations: { summary: 'Checkout is not answering', runbook_url: 'https://runbooks.example.com/checkout' },
      generatorURL: 'http://prometheus.example.com:9090/graph?g0.expr=up%7Bjob%3D%22checkout%22%7D+%3D%3D+0',
    });
    const fired = await newGroup(known, 'the alert group of CheckoutDown, with its incident', (found) => found.incident !== null);
    expect(fired).toMatchObject({ status: 'TRIGGERED', severity: 'SEV2', alertCount: 1, integration: { id: 'prometheus' } });

    const incidentId = fired.incident!.id;
    const declared = await incident(incidentId);
    expect(declared).toMatchObject({ severity: 'SEV2', status: 'INVESTIGATING', title: fired.title });
    expect(declared.alertGroups).toEqual([
      {
        alertGroupId: fired.id,
        title: fired.title,
        alertCount: 1,
        links: expect.arrayContaining([{ kind: 'RUNBOOK', url: 'https://runbooks.example.com/checkout' }]),
      },
    ]);
    const [page] = await smtp.waitFor((mail) => mail.envelope.to.includes('ann@example.com') && (mail.text ?? '').includes(fired.title), 15_000);
    expect(page.text).toContain('/pages/ilp_');

    await alertmanager.resolveAlert(checkoutDown);
    await groupById(fired.id, 'the alert group of CheckoutDown resolved', (found) => found.status === 'RESOLVED');
    const after = await alertmanager.waitUntil(
      `${ALERT_GROUP_RESOLVED} on the incident's timeline`,
      () => incident(incidentId),
      (current) => current.timeline.some((entry: { type: string }) => entry.type === ALERT_GROUP_RESOLVED),
    );
    // Resolving the incident is a human decision.
    expect(after.status).toBe('INVESTIGATING');
  });

  itWithAlertmanager('a warning alert through the PagerDuty form is recorded as a SEV4 alert group without an incident, listed as triggered until resolved', async () => {
    const known = await groupIds();
    await alertmanager.addAlert(checkoutSlow, { annotations: { summary: 'Checkout p99 above 2s' } });
    const fired = await newGroup(known, 'the alert group of CheckoutSlow', () => true);
    expect(fired).toMatchObject({ status: 'TRIGGERED', severity: 'SEV4', alertCount: 1, integration: { id: 'prometheus' }, incident: null });
    expect((await groups('filter: { status: TRIGGERED }')).nodes.map((triggered) => triggered.id)).toEqual([fired.id]);

    await alertmanager.resolveAlert(checkoutSlow);
    const resolved = await groupById(fired.id, 'the alert group of CheckoutSlow resolved', (found) => found.status === 'RESOLVED');
    expect(resolved.incident).toBeNull();
    expect((await groups('filter: { status: TRIGGERED }')).totalCount).toBe(0);
  });

  itWithAlertmanager('a wrong key is refused with 401, which Alertmanager logs, and records nothing', async () => {
    const before = await groups();
    await alertmanager.addAlert(checkoutWrongKey, { annotations: { summary: 'Sent with the wrong key' } });
    await alertmanager.waitUntil(
      "Alertmanager's log of the ledger's 401",
      async () => alertmanager.logs.filter((line) => line.includes('ledger-wrong-key/webhook') && line.includes('unexpected status code 401')),
      (refusals) => refusals.length > 0,
    );
    expect(await groups()).toEqual(before);
  });
});
