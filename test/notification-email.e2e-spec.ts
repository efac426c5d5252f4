import { randomBytes } from 'node:crypto';
import { Caller, graphql, GraphQLResponse, mustQuery } from './support/graphql-client';
import { ASSIGN_ROLE, DECLARE } from './support/operations';
import { ReceivedMail, Receiver, startSmtpReceiver } from './support/receivers';
import { removeDataDir, RunningServer, startServer, tempDataDir } from './support/server';

/**
 * Email over a real SMTP server (smtp-server, every message parsed with
 * mailparser): an EMAIL channel subscribed to announcements, a person told on
 * their own address (from the catalogue) of a role given to them, a recipient
 * the server refuses for good, an SMTP server that is down for a while, and
 * the SMTP password, which appears in no log and no answer.
 */

const CREATE = `mutation($input: CreateNotificationChannelInput!) { createNotificationChannel(input: $input) { channel { id } } }`;
const SUBSCRIBE = `mutation($input: SubscribeNotificationChannelInput!) { subscribeNotificationChannel(input: $input) { id } }`;
const DELIVERIES = `query($filter: DeliveryFilterInput) { notificationDeliveries(filter: $filter) { id channelId type summary status incidentId attempts { attempt outcome status error } nextAttemptAt } }`;
const CHANNELS = `{ notificationChannels { id name kind url recipients signingSecret disabled disabledReason failingSince lastDeliveredAt } }`;
const REGISTER_PERSON = `mutation($input: RegisterPersonInput!) { registerPerson(input: $input) { name } }`;
const UPDATE_PERSON = `mutation($input: UpdatePersonInput!) { updatePerson(input: $input) { name } }`;
const FROM = 'Incident Ledger <ledger@example.com>';
const RETRIES = { NOTIFY_RETRY_SCHEDULE: '0,300ms,300ms,300ms,300ms,300ms,300ms,300ms', NOTIFY_TIMEOUT_MS: '2000' };

interface Delivery {
  id: string;
  channelId: string;
  type: string;
  summary: string;
  status: string;
  incidentId: string | null;
  attempts: { attempt: number; outcome: string; status: number | null; error: string | null }[];
  nextAttemptAt: string | null;
}

const extensionsOf = (response: GraphQLResponse) => response.body.errors?.[0]?.extensions;
const deliveryHeader = (mail: ReceivedMail) => mail.parsed.headers.get('x-incident-ledger-delivery');

/** Polls a channel's deliveries until `done` holds (the delivery process runs apart from commands). */
async function deliveriesUntil(caller: Caller, channelId: string, done: (deliveries: Delivery[]) => boolean, timeoutMs = 15_000): Promise<Delivery[]> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const { notificationDeliveries } = await mustQuery(caller, DELIVERIES, { filter: { channelId } });
    if (done(notificationDeliveries)) return notificationDeliveries;
    if (Date.now() > until) throw new Error(`deliveries of ${channelId} never got there: ${JSON.stringify(notificationDeliveries)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function emailChannel(admin: Caller, name: string, recipients: string[]): Promise<string> {
  const { createNotificationChannel } = await mustQuery(admin, CREATE, { input: { name, kind: 'EMAIL', recipients } });
  const channelId: string = createNotificationChannel.channel.id;
  await mustQuery(admin, SUBSCRIBE, { input: { channelId, preset: 'ANNOUNCEMENTS' } });
  return channelId;
}

describe('email notifications', () => {
  const password = `pw-${randomBytes(9).toString('hex')}`;
  let smtp: Receiver<ReceivedMail>;
  let server: RunningServer;
  let admin: Caller;
  let responder: Caller;

  beforeAll(async () => {
    // The server must log in to send (the receiver requires it), so the password is really used.
    smtp = await startSmtpReceiver({
      auth: { user: 'ledger', pass: password },
      refuseRecipient: (address) => (address.startsWith('nobody@') ? { code: 550, message: '5.1.1 Mailbox unavailable' } : undefined),
    });
    server = await startServer({ env: { EVENT_STORE: 'sqlite', LEDGER_SECRET_KEY: randomBytes(32).toString('base64'), SMTP_URL: smtp.url, SMTP_FROM: FROM, ...RETRIES } });
    admin = server.admin;
    responder = await server.as('ana');
  });

  afterAll(async () => {
    await server.stop();
    removeDataDir(server.dataDir);
    await smtp.close();
  });

  it('mails a person in the catalogue the role given to them, with no channel or subscription, private incidents too, at the address they have now', async () => {
    // This runs first: nothing is subscribed yet, and the server has just started.
    await mustQuery(admin, REGISTER_PERSON, { input: { name: 'rosa', timeZone: 'Europe/Berlin', contactMethods: { email: 'rosa@example.com' } } });
    await mustQuery(admin, REGISTER_PERSON, { input: { name: 'noel', timeZone: 'Europe/Berlin' } });
    const rosa = await server.as('rosa');
    const { declareIncident: incident } = await mustQuery(responder, DECLARE, { input: { title: 'Ledger replica lag', severity: 'SEV3', private: true } });

    await mustQuery(responder, ASSIGN_ROLE, { input: { incidentId: incident.id, role: 'COMMUNICATIONS_LEAD', responder: 'rosa' } });
    const [mail] = await smtp.waitFor((received) => received.envelope.to.includes('rosa@example.com'));
    expect(mail.to).toEqual(['rosa@example.com']);
    expect(mail.subject).toBe('[SEV3] Ledger replica lag: ana assigned rosa as communications lead');
    const [delivery] = await deliveriesUntil(admin, 'person:rosa', (deliveries) => deliveries[0]?.status === 'DELIVERED');
    expect(delivery).toMatchObject({ channelId: 'person:rosa', type: 'incident.responder_assigned', incidentId: incident.id, attempts: [{ outcome: 'DELIVERED', status: 250 }] });
    expect(deliveryHeader(mail)).toBe(delivery.id);
    // Rosa is a member of the private incident now: she sees her own deliveries.
    expect((await mustQuery(rosa, DELIVERIES, { filter: { channelId: 'person:rosa' } })).notificationDeliveries).toHaveLength(1);

    // A role one takes oneself needs no telling; noel has no email address: neither is mailed.
    await mustQuery(rosa, ASSIGN_ROLE, { input: { incidentId: incident.id, role: 'SUBJECT_MATTER_EXPERT', responder: 'rosa' } });
    await mustQuery(responder, ASSIGN_ROLE, { input: { incidentId: incident.id, role: 'SCRIBE', responder: 'noel' } });
    await mustQuery(rosa, UPDATE_PERSON, { input: { name: 'rosa', contactMethods: { email: 'rosa@ops.example.com' } } });
    await mustQuery(responder, ASSIGN_ROLE, { input: { incidentId: incident.id, role: 'INCIDENT_COMMANDER', responder: 'rosa' } });
    const [moved] = await smtp.waitFor((received) => received.envelope.to.includes('rosa@ops.example.com'));
    expect((await mustQuery(admin, DELIVERIES, { filter: { channelId: 'person:noel' } })).notificationDeliveries).toEqual([]);
    expect(moved.subject).toBe('[SEV3] Ledger replica lag: ana assigned rosa as incident commander');
    // Events are told in order: the two before the last were heard first, and mailed to nobody.
    expect(smtp.received.filter((received) => received.subject?.includes('Ledger replica lag'))).toHaveLength(2);
    expect((await mustQuery(admin, DELIVERIES, { filter: { channelId: 'person:rosa' } })).notificationDeliveries).toHaveLength(2);
  });

  it('mails an announcement to an EMAIL channel: subject, text and HTML, the delivery id in its headers, DRILL labelled', async () => {
    const channelId = await emailChannel(admin, 'On-call leads', ['oncall@example.com', 'leads@example.com']);
    const { declareIncident: outage } = await mustQuery(responder, DECLARE, { input: { title: 'Checkout <b>errors</b>', severity: 'SEV1', services: ['checkout'] } });

    const [mail] = await smtp.waitFor((received) => received.subject?.includes('Checkout') === true);
    expect(mail).toMatchObject({ from: '"Incident Ledger" <ledger@example.com>', to: ['leads@example.com', 'oncall@example.com'] });
    expect(mail.envelope.to.sort()).toEqual(['leads@example.com', 'oncall@example.com']);
    expect(mail.subject).toMatch(/^\[SEV1\] Checkout <b>errors<\/b>: /);
    expect(mail.text).toContain('Checkout <b>errors</b>');
    expect(mail.text).toContain('SEV1');
    // User text is text in the HTML part too: escaped, never markup.
    expect(mail.html).toContain('Checkout &lt;b&gt;errors&lt;/b&gt;');

    const [delivery] = await deliveriesUntil(admin, channelId, (deliveries) => deliveries[0]?.status === 'DELIVERED');
    expect(delivery).toMatchObject({ channelId, type: 'incident.declared', incidentId: outage.id, attempts: [{ attempt: 1, outcome: 'DELIVERED', status: 250 }] });
    expect(deliveryHeader(mail)).toBe(delivery.id);
    expect(mail.parsed.messageId).toBe(`<${delivery.id}@example.com>`);

    await mustQuery(responder, DECLARE, { input: { title: 'Game day: region failover', severity: 'SEV2', kind: 'DRILL' } });
    const [drill] = await smtp.waitFor((received) => received.subject?.includes('Game day') === true);
    expect(drill.subject).toMatch(/^\[SEV2\] \[DRILL\] Game day: region failover: /);
    expect(drill.text).toContain('DRILL: this incident is an exercise, not a real outage.');
    expect(drill.html).toContain('DRILL: this incident is an exercise, not a real outage.');
  });

  it('makes a dead letter at once of a message the SMTP server refuses for good (550), its reply the error', async () => {
    const channelId = await emailChannel(admin, 'Old list', ['nobody@example.com']);
    await mustQuery(responder, DECLARE, { input: { title: 'Search degraded', severity: 'SEV2' } });

    const [delivery] = await deliveriesUntil(admin, channelId, (deliveries) => deliveries[0]?.status === 'FAILED');
    expect(delivery.attempts).toEqual([{ attempt: 1, outcome: 'RESPONSE', status: 550, error: 'SMTP 550 5.1.1 Mailbox unavailable' }]);
    expect(delivery.nextAttemptAt).toBeNull();
  });

  it('shows the SMTP password in no log and no answer', async () => {
    const answers = JSON.stringify([
      await mustQuery(admin, CHANNELS),
      await mustQuery(admin, DELIVERIES, {}),
      await graphql(admin, `{ __type(name: "NotificationChannel") { fields { name } } }`),
    ]);
    expect(smtp.received.length).toBeGreaterThan(0);
    expect(answers).not.toContain(password);
    expect(server.logs.join('\n')).not.toContain(password);
  });
});

describe('email when the SMTP server is down, then up', () => {
  it('tries again and delivers once it answers, with the same delivery id', async () => {
    // A port with nothing on it, where the receiver comes back later.
    const first = await startSmtpReceiver();
    const port = Number(new URL(first.url).port);
    await first.close();
    const server = await startServer({ env: { EVENT_STORE: 'sqlite', LEDGER_SECRET_KEY: randomBytes(32).toString('base64'), SMTP_URL: first.url, SMTP_FROM: 'ledger@example.com', ...RETRIES } });
    let smtp: Receiver<ReceivedMail> | undefined;
    try {
      const channelId = await emailChannel(server.admin, 'On-call', ['oncall@example.com']);
      await mustQuery(server.admin, DECLARE, { input: { title: 'Payments down', severity: 'SEV1' } });
      await deliveriesUntil(server.admin, channelId, (deliveries) => (deliveries[0]?.attempts.length ?? 0) >= 2);

      smtp = await startSmtpReceiver({ port });
      const [mail] = await smtp.waitFor((received) => received.subject?.includes('Payments down') === true);
      const [delivery] = await deliveriesUntil(server.admin, channelId, (deliveries) => deliveries[0]?.status === 'DELIVERED');
      const attempts = delivery.attempts.map(({ outcome }) => outcome);
      expect(attempts.slice(0, -1).every((outcome) => outcome === 'NETWORK')).toBe(true);
      expect(attempts.at(-1)).toBe('DELIVERED');
      expect(delivery.attempts[0].error).toContain('ECONNREFUSED');
      expect(deliveryHeader(mail)).toBe(delivery.id);
    } finally {
      await server.stop();
      removeDataDir(server.dataDir);
      await smtp?.close();
    }
  });
});

describe('email on a server without SMTP_URL', () => {
  it('refuses to create an EMAIL channel, and an existing one gets dead letters saying what to set', async () => {
    const dataDir = tempDataDir();
    const env = { EVENT_STORE: 'sqlite', LEDGER_SECRET_KEY: randomBytes(32).toString('base64'), ...RETRIES };
    const withSmtp = await startServer({ dataDir, env: { ...env, SMTP_URL: 'smtp://127.0.0.1:9', SMTP_FROM: 'ledger@example.com' } });
    const channelId = await emailChannel(withSmtp.admin, 'On-call', ['oncall@example.com']);
    await withSmtp.stop();

    const server = await startServer({ dataDir, adminKey: withSmtp.adminKey, env });
    try {
      const refused = await graphql(server.admin, CREATE, { input: { name: 'Leads', kind: 'EMAIL', recipients: ['leads@example.com'] } });
      expect(extensionsOf(refused)).toMatchObject({ code: 'CONFLICT', reason: 'SMTP_NOT_CONFIGURED' });
      expect(refused.body.errors?.[0]?.message).toContain('SMTP_URL');

      await mustQuery(server.admin, DECLARE, { input: { title: 'Payments down', severity: 'SEV1' } });
      const [delivery] = await deliveriesUntil(server.admin, channelId, (deliveries) => deliveries[0]?.status === 'FAILED');
      expect(delivery.attempts).toEqual([{ attempt: 1, outcome: 'REFUSED', status: null, error: expect.stringContaining('no SMTP_URL') }]);
    } finally {
      await server.stop();
      removeDataDir(dataDir);
    }
  });
});
