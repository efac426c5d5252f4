import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Caller, graphql, mustQuery } from './support/graphql-client';
import { until } from './support/polling';
import { ReceivedMail, Receiver, startSmtpReceiver } from './support/receivers';
import { removeDataDir, RunningServer, startServer, tempDataDir } from './support/server';

/**
 * Escalation on the real server, its time held by CLOCK_FILE: an alert
 * declares an incident, the policy pages its first level at once and the next
 * one when the first level's time is up, until someone acknowledges (here
 * through the link in the page's email, received by a real SMTP server). Steps
 * are durable timers: a server killed between levels pages the next level
 * once after it restarts, and two servers on one store page once.
 */

const T0 = Date.parse('2027-01-11T10:00:00.000Z');
const minutes = (count: number) => T0 + count * 60_000;

interface Entry {
  type: string;
  summary: string;
}

const TIMELINE = `query($id: ID!) { incident(id: $id) { id severity status acknowledgedBy timeline { type summary } } }`;
const ALERT_GROUPS = `{ alertGroups(first: 50) { edges { node { id title incident { id } } } } }`;
const POLICY = `mutation($input: EscalationPolicyInput!) { createEscalationPolicy(input: $input) { id services levels { delayMinutes targets { kind id mode } } } }`;

describe('escalation', () => {
  const dataDirs: string[] = [];
  const servers: RunningServer[] = [];
  let smtp: Receiver<ReceivedMail>;
  /** One key for every server of the file, so that a restarted one opens the links the first signed. */
  const secretKey = randomBytes(32).toString('base64');

  beforeAll(async () => {
    smtp = await startSmtpReceiver();
  });

  function ledger(): { dataDir: string; clockFile: string; setClock: (at: number) => void } {
    const dataDir = tempDataDir();
    dataDirs.push(dataDir);
    const clockFile = join(dataDir, 'clock');
    const setClock = (at: number) => writeFileSync(clockFile, new Date(at).toISOString());
    setClock(T0);
    return { dataDir, clockFile, setClock };
  }

  async function start(dataDir: string, clockFile: string, adminKey?: string): Promise<RunningServer> {
    const server = await startServer({ dataDir, adminKey, env: { CLOCK_FILE: clockFile, SMTP_URL: smtp.url, SMTP_FROM: 'ledger@example.com', LEDGER_SECRET_KEY: secretKey, LEASE_TTL_MS: '1000' } });
    servers.push(server);
    return server;
  }

  afterAll(async () => {
    await Promise.all(servers.map((server) => server.stop().catch(() => undefined)));
    await smtp?.close();
    for (const dir of dataDirs) removeDataDir(dir);
  });

  /**
   * A shop team (ann, bob, cat), schedules with ann on call (primary) and bob
   * (secondary) all week, one with nobody on call (empty), the TIER_1 service
   * checkout, a policy primary → secondary → cat, five minutes a level, and a
   * Prometheus integration: answers its key.
   */
  async function setUp(admin: Caller, levels: { targets: { kind: string; id: string; mode?: string }[]; delayMinutes: number }[], repeat = 0): Promise<string> {
    for (const name of ['ann', 'bob', 'cat']) {
      await mustQuery(admin, `mutation($name: String!, $email: String!) { registerPerson(input: { name: $name, timeZone: "Europe/Berlin", contactMethods: { email: $email } }) { name } }`, {
        name,
        email: `${name}@example.com`,
      });
    }
    await mustQuery(admin, `mutation { registerTeam(input: { slug: "shop", name: "Shop", members: ["ann", "bob", "cat"] }) { slug } }`);
    await mustQuery(admin, `mutation { registerService(input: { slug: "checkout", name: "Checkout", tier: TIER_1, ownerTeam: "shop" }) { slug } }`);
    const schedule = (id: string, members: string[], endsAt: string | null) =>
      mustQuery(admin, `mutation($input: CreateScheduleInput!) { createSchedule(input: $input) { id } }`, {
        input: { id, name: id, ownerTeam: 'shop', timeZone: 'Europe/Berlin', layers: [{ name: 'Weekly', members, rotation: { unit: 'WEEK', length: 1 }, handOff: '09:00', startDate: '2027-01-04', endsAt }] },
      });
    await schedule('primary', ['ann'], null);
    await schedule('secondary', ['bob'], null);
    await schedule('empty', ['cat'], '2027-01-05T00:00:00Z');
    await mustQuery(admin, POLICY, { input: { id: 'checkout-pages', name: 'Checkout pages', ownerTeam: 'shop', levels, repeat, services: ['checkout'] } });
    const { createIntegration } = await mustQuery(admin, `mutation { createIntegration(input: { id: "prometheus", name: "Prometheus", service: "checkout" }) { key } }`);
    return createIntegration.key as string;
  }

  const FIVE_MINUTES_EACH = [
    { targets: [{ kind: 'SCHEDULE', id: 'primary' }], delayMinutes: 5 },
    { targets: [{ kind: 'SCHEDULE', id: 'secondary' }], delayMinutes: 5 },
  ];

  /** Alertmanager's own notification (a real capture), for an alert of this name. */
  async function fire(server: RunningServer, key: string, alertname: string): Promise<void> {
    const payload = JSON.parse(readFileSync(join(__dirname, 'fixtures/alerting/alertmanager/firing.json'), 'utf8'));
    payload.groupKey = `{}:{alertname="${alertname}"}`;
    payload.alerts[0].labels.alertname = alertname;
    payload.alerts[0].annotations.summary = `${alertname}: checkout is not answering`;
    payload.alerts[0].fingerprint = alertname;
    const answer = await fetch(`${new URL(server.url).origin}/integrations/alertmanager`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify(payload),
    });
    expect(answer.status).toBe(202);
  }


  /** The incident the alert of this name declared. */
  async function incidentOf(caller: Caller, alertname: string): Promise<string> {
    const found = await until(
      async () => (await mustQuery(caller, ALERT_GROUPS)).alertGroups.edges.map((edge: { node: { title: string; incident: { id: string } | null } }) => edge.node),
      (groups: { title: string; incident: { id: string } | null }[]) => groups.some((group) => group.title.startsWith(alertname) && group.incident !== null),
      `an incident for ${alertname}`,
    );
    return found.find((group) => group.title.startsWith(alertname))!.incident!.id;
  }

  const timeline = async (caller: Caller, id: string): Promise<Entry[]> => (await mustQuery(caller, TIMELINE, { id })).incident?.timeline ?? [];
  const pages = async (caller: Caller, id: string) => (await timeline(caller, id)).filter((entry) => entry.type === 'ResponderPaged').map((entry) => entry.summary);
  const waitForPages = (caller: Caller, id: string, count: number) => until(() => pages(caller, id), (found) => found.length >= count, `${count} pages`);
  /** A page's email to `address` (anyone's when undefined) about the alert of this name. */
  const pageTo = (address: string | undefined, alertname: string) => (mail: ReceivedMail) =>
    (address === undefined || mail.envelope.to.includes(address)) && (mail.text ?? '').includes(alertname) && /paged/i.test(`${mail.subject} ${mail.text}`);

  /** Several rounds of the process and the timers: long enough for a page that would come to come. */
  const someRounds = () => new Promise((resolve) => setTimeout(resolve, 1_500));

  it('pages the first level at once, the second when the first level’s time is up, and stops when someone acknowledges', async () => {
    const { dataDir, clockFile, setClock } = ledger();
    const server = await start(dataDir, clockFile);
    const key = await setUp(server.admin, FIVE_MINUTES_EACH);
    await fire(server, key, 'CheckoutDown');
    const id = await incidentOf(server.admin, 'CheckoutDown');

    expect(await waitForPages(server.admin, id, 1)).toEqual(['Paged ann (level 1; by email)']);
    const started = (await timeline(server.admin, id)).find((entry) => entry.type === 'EscalationStarted');
    expect(started?.summary).toBe('Escalation started: policy Checkout pages, 2 levels, once');

    setClock(minutes(4));
    await someRounds();
    expect(await pages(server.admin, id)).toHaveLength(1);

    setClock(minutes(5));
    expect(await waitForPages(server.admin, id, 2)).toEqual(['Paged ann (level 1; by email)', 'Paged bob (level 2; by email)']);

    // Each page reached its person by email, with a link that acknowledges it without an API key.
    const [annMail] = await smtp.waitFor(pageTo('ann@example.com', 'CheckoutDown'));
    expect(annMail.text).toContain('/pages/ilp_');
    const [bobMail] = await smtp.waitFor(pageTo('bob@example.com', 'CheckoutDown'));
    const link = `${new URL(server.url).origin}${new URL(/https?:\/\/\S*\/pages\/ilp_\S+/.exec(bobMail.text ?? '')![0]).pathname}`;
    const asked = await fetch(link);
    expect(asked.status).toBe(200);
    expect(await asked.text()).toContain('as bob');
    expect((await mustQuery(server.admin, TIMELINE, { id })).incident.acknowledgedBy).toBeNull();
    const answered = await fetch(link, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '' });
    expect(answered.status).toBe(200);
    expect((await mustQuery(server.admin, TIMELINE, { id })).incident.acknowledgedBy).toBe('bob');
    expect((await fetch(link, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '' })).status).toBe(409);
    setClock(minutes(30));
    await someRounds();
    const after = await timeline(server.admin, id);
    expect(after.filter((entry) => entry.type === 'ResponderPaged')).toHaveLength(2);
    expect(after.map((entry) => entry.type)).not.toContain('EscalationExhausted');
    expect(smtp.received.filter(pageTo(undefined, 'CheckoutDown'))).toHaveLength(2);
  });

  it('skips a level with nobody on call, saying so, and alarms once every round went unacknowledged', async () => {
    const { dataDir, clockFile, setClock } = ledger();
    const server = await start(dataDir, clockFile);
    const key = await setUp(
      server.admin,
      [
        { targets: [{ kind: 'SCHEDULE', id: 'empty' }], delayMinutes: 5 },
        { targets: [{ kind: 'TEAM', id: 'shop', mode: 'ROUND_ROBIN' }], delayMinutes: 5 },
      ],
      1,
    );
    await fire(server, key, 'CheckoutSlow');
    const id = await incidentOf(server.admin, 'CheckoutSlow');

    // The empty schedule's level is skipped at once, and the team's turn comes straight after.
    const first = await until(() => timeline(server.admin, id), (entries) => entries.some((entry) => entry.type === 'ResponderPaged'), 'the first page');
    expect(first.filter((entry) => entry.type.startsWith('Escalation') || entry.type === 'ResponderPaged').map((entry) => entry.summary)).toEqual([
      'Escalation started: policy Checkout pages, 2 levels, 2 times',
      'Escalation level 1 skipped: nobody to page: nobody is on call on schedule empty',
      'Paged ann (level 2; by email)',
    ]);

    // Round two: level 1 skipped again, then the next member of the team in turn.
    setClock(minutes(5));
    expect(await waitForPages(server.admin, id, 2)).toEqual(['Paged ann (level 2; by email)', 'Paged bob (level 2, round 2; by email)']);
    setClock(minutes(10));
    const exhausted = await until(() => timeline(server.admin, id), (entries) => entries.some((entry) => entry.type === 'EscalationExhausted'), 'the alarm');
    expect(exhausted.find((entry) => entry.type === 'EscalationExhausted')?.summary).toBe('Nobody acknowledged: every level was paged 2 times; the owning team is alarmed');
    setClock(minutes(60));
    await someRounds();
    expect(await pages(server.admin, id)).toHaveLength(2);
  });

  it('follows the policy as it was when the escalation started, and escalateIncident moves it on by hand', async () => {
    const { dataDir, clockFile, setClock } = ledger();
    const server = await start(dataDir, clockFile);
    const key = await setUp(server.admin, FIVE_MINUTES_EACH);
    await fire(server, key, 'CheckoutErrors');
    const id = await incidentOf(server.admin, 'CheckoutErrors');
    await waitForPages(server.admin, id, 1);

    // The policy now pages cat first: the running escalation goes on as it started.
    await mustQuery(server.admin, `mutation($input: EscalationPolicyInput!) { changeEscalationPolicy(input: $input) { id } }`, {
      input: { id: 'checkout-pages', name: 'Checkout pages', ownerTeam: 'shop', services: ['checkout'], levels: [{ targets: [{ kind: 'PERSON', id: 'cat' }], delayMinutes: 1 }] },
    });
    const ann = await server.as('ann');
    const escalated = await mustQuery(ann, `mutation($id: ID!) { escalateIncident(input: { incidentId: $id }) { timeline { type summary } } }`, { id });
    expect(escalated.escalateIncident.timeline.filter((entry: Entry) => entry.type === 'ResponderPaged').map((entry: Entry) => entry.summary)).toEqual([
      'Paged ann (level 1; by email)',
      'Paged bob (level 2, escalated by ann; by email)',
    ]);
    // The timer of the step taken by hand is dropped: five minutes on, nobody more is paged before level 2's own time is up.
    setClock(minutes(5));
    await someRounds();
    expect(await pages(server.admin, id)).toHaveLength(2);

    const reassigned = await mustQuery(ann, `mutation($id: ID!) { reassignIncident(input: { incidentId: $id, person: "cat" }) { timeline { type summary } } }`, { id });
    expect(reassigned.reassignIncident.timeline.at(-1).summary).toBe('Paged cat (reassigned to them; by email)');
    const refused = await graphql(ann, `mutation { escalateIncident(input: { incidentId: "nope" }) { id } }`);
    expect(refused.body.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    // Only admins and the owning team change a policy.
    const zoe = await server.as('zoe');
    const outsider = await graphql(zoe, `mutation($input: EscalationPolicyInput!) { changeEscalationPolicy(input: $input) { id } }`, {
      input: { id: 'checkout-pages', name: 'Mine now', ownerTeam: 'shop', services: ['checkout'], levels: [{ targets: [{ kind: 'PERSON', id: 'ann' }], delayMinutes: 1 }] },
    });
    expect(outsider.body.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'NOT_TEAM_MEMBER', team: 'shop' });
  });

  it('pages for an incident a person declared, once it is raised to SEV1–SEV3, and never for a drill', async () => {
    const { dataDir, clockFile } = ledger();
    const server = await start(dataDir, clockFile);
    await setUp(server.admin, FIVE_MINUTES_EACH);
    const declare = async (input: Record<string, unknown>) =>
      (await mustQuery(server.admin, `mutation($input: DeclareIncidentInput!) { declareIncident(input: $input) { id } }`, { input: { services: ['checkout'], ...input } })).declareIncident.id as string;
    const minor = await declare({ title: 'Checkout slow for some', severity: 'SEV4' });
    const drill = await declare({ title: 'Practice: checkout down', severity: 'SEV1', kind: 'DRILL' });
    await someRounds();
    expect(await pages(server.admin, minor)).toEqual([]);
    expect(await pages(server.admin, drill)).toEqual([]);

    await mustQuery(server.admin, `mutation($id: ID!) { changeIncidentSeverity(input: { incidentId: $id, severity: SEV2 }) { severity } }`, { id: minor });
    expect(await waitForPages(server.admin, minor, 1)).toEqual(['Paged ann (level 1; by email)']);
    // Raised again, it is paged for once: the escalation under way goes on.
    await mustQuery(server.admin, `mutation($id: ID!) { changeIncidentSeverity(input: { incidentId: $id, severity: SEV1 }) { severity } }`, { id: minor });
    await someRounds();
    expect(await pages(server.admin, minor)).toHaveLength(1);
  });

  it('pages the next level once after the server is killed between levels', async () => {
    const { dataDir, clockFile, setClock } = ledger();
    const first = await start(dataDir, clockFile);
    const key = await setUp(first.admin, FIVE_MINUTES_EACH);
    await fire(first, key, 'CheckoutCrash');
    const id = await incidentOf(first.admin, 'CheckoutCrash');
    await waitForPages(first.admin, id, 1);
    await someRounds();
    await first.kill();

    setClock(minutes(6));
    const second = await start(dataDir, clockFile, first.adminKey);
    expect(await waitForPages(second.admin, id, 2)).toEqual(['Paged ann (level 1; by email)', 'Paged bob (level 2; by email)']);
    await smtp.waitFor(pageTo('bob@example.com', 'CheckoutCrash'));
    await someRounds();
    expect(await pages(second.admin, id)).toHaveLength(2);
    // Sent once: not lost with the killed server, not sent again by the new one.
    expect(smtp.received.filter(pageTo('bob@example.com', 'CheckoutCrash'))).toHaveLength(1);
  });

  it('pages once with two servers on one store', async () => {
    const { dataDir, clockFile, setClock } = ledger();
    const a = await start(dataDir, clockFile);
    const b = await start(dataDir, clockFile, a.adminKey);
    const key = await setUp(a.admin, FIVE_MINUTES_EACH);
    await fire(a, key, 'CheckoutTwice');
    const id = await incidentOf(a.admin, 'CheckoutTwice');
    await waitForPages(a.admin, id, 1);
    setClock(minutes(5));
    await waitForPages(b.admin, id, 2);
    await someRounds();
    for (const server of [a, b]) expect(await pages(server.admin, id)).toEqual(['Paged ann (level 1; by email)', 'Paged bob (level 2; by email)']);
    await smtp.waitFor(pageTo(undefined, 'CheckoutTwice'), 10_000, 2);
    await someRounds();
    // Each page mailed once; the two servers' outbox workers promise no order of arrival.
    expect(smtp.received.filter(pageTo(undefined, 'CheckoutTwice')).map((mail) => mail.envelope.to).sort()).toEqual([['ann@example.com'], ['bob@example.com']]);
    const incidents = (await mustQuery(a.admin, ALERT_GROUPS)).alertGroups.edges.filter((edge: { node: { title: string } }) => edge.node.title.startsWith('CheckoutTwice'));
    expect(incidents).toHaveLength(1);
  });
});
