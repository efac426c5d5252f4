import { randomBytes } from 'node:crypto';
import { Caller, graphql, mustQuery } from './support/graphql-client';
import { ReceivedMail, Receiver, startSmtpReceiver, startWebhookReceiver, WebhookReceiver } from './support/receivers';
import { removeDataDir, RunningServer, startServer, tempDataDir } from './support/server';

/**
 * Status page subscribers on the real server, with a real SMTP server
 * (smtp-server + mailparser) and a real webhook receiver: an address signs
 * up on the page's form, gets only its confirmation link until it follows
 * it, then each public update of what it chose, each message with a link
 * that unsubscribes; admins export and erase subscribers.
 */

// Public documents are JSON; tests read them loosely.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = Record<string, any>;

const PUBLIC_URL = 'https://status.acme.example';
const PUBLISH = `mutation($input: PublishIncidentInput!) { publishIncidentToStatusPage(input: $input) { id } }`;
const SUBSCRIBERS = `{ statusPageSubscribers { id mode address components confirmedAt unsubscribedAt erasedAt addedBy } }`;

describe('status page subscribers', () => {
  const dataDir = tempDataDir();
  const secretKey = randomBytes(32).toString('base64');
  let smtp: Receiver<ReceivedMail>;
  let hooks: WebhookReceiver;
  let server: RunningServer;
  let origin: string;
  let responder: Caller;
  const env = () => ({ SMTP_URL: smtp.url, SMTP_FROM: 'status@acme.example', LEDGER_SECRET_KEY: secretKey, PUBLIC_URL, STATUS_PAGE_NAME: 'Acme Status', NOTIFY_ALLOW_PRIVATE_NETWORKS: 'true', NOTIFY_ALLOW_HTTP: 'true', NOTIFY_RETRY_SCHEDULE: '0' });

  /** A link in a mail is made for PUBLIC_URL; the test server listens elsewhere. */
  const local = (link: string) => link.replace(PUBLIC_URL, origin);
  const linkIn = (mail: ReceivedMail, path: string): string => {
    const found = new RegExp(`${PUBLIC_URL.replace(/\./g, '\\.')}/status/subscriptions/[A-Za-z0-9_.-]+/${path}`).exec(mail.text ?? '');
    if (!found) throw new Error(`no ${path} link in ${mail.text}`);
    return found[0];
  };
  const mailsTo = (address: string) => smtp.received.filter((mail) => mail.envelope.to.includes(address));
  const signUp = (body: string) => fetch(`${origin}/status/subscribe`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
  const declare = async (title: string): Promise<string> =>
    (await mustQuery(responder, `mutation($input: DeclareIncidentInput!) { declareIncident(input: $input) { id } }`, { input: { title, severity: 'SEV2' } })).declareIncident.id;
  const postUpdate = (incidentId: string, audience: string, message: string) =>
    mustQuery(responder, `mutation($input: PostStatusUpdateInput!) { postStatusUpdate(input: $input) { id } }`, { input: { incidentId, audience, message } });
  const subscribers = async (): Promise<Loose[]> => (await mustQuery(server.admin, SUBSCRIBERS)).statusPageSubscribers;

  beforeAll(async () => {
    smtp = await startSmtpReceiver();
    hooks = await startWebhookReceiver();
    server = await startServer({ dataDir, env: env() });
    origin = new URL(server.url).origin;
    responder = await server.as('carol', 'RESPONDER');
    await mustQuery(server.admin, `mutation { createStatusComponent(input: { id: "api", name: "API" }) { id } }`);
    await mustQuery(server.admin, `mutation { createStatusComponent(input: { id: "website", name: "Website" }) { id } }`);
  });

  afterAll(async () => {
    await server?.stop();
    await smtp?.close();
    await hooks?.close();
    removeDataDir(dataDir);
  });

  it('signs an address up from the form on the page, and mails it only its confirmation link until it follows it', async () => {
    const page = await (await fetch(`${origin}/status`)).text();
    expect(page).toContain('<form method="post" action="/status/subscribe">');
    const answer = await signUp('email=ann%40example.com&components=api');
    expect(answer.status).toBe(202);
    expect(await answer.text()).toContain('Check your inbox');
    expect((await signUp('email=bob%40example.com')).status).toBe(202);

    const [confirmation] = await smtp.waitFor((mail) => mail.envelope.to.includes('ann@example.com'));
    expect(confirmation.subject).toBe('Confirm your subscription to Acme Status');
    const link = linkIn(confirmation, 'confirm');
    // A mail scanner or a link preview opens the link: that asks, and changes nothing.
    const asked = await fetch(local(link));
    expect(asked.status).toBe(200);
    expect(await asked.text()).toContain('<form method="post">');
    expect((await subscribers()).find((s) => s.address === 'ann@example.com')).toMatchObject({ mode: 'EMAIL', components: ['api'], confirmedAt: null, addedBy: 'public' });

    const confirmed = await fetch(local(link), { method: 'POST' });
    expect(confirmed.status).toBe(200);
    expect(await confirmed.text()).toContain('Subscription confirmed');
    expect((await subscribers()).find((s) => s.address === 'ann@example.com')?.confirmedAt).not.toBeNull();
    expect((await fetch(local(link), { method: 'POST' })).status).toBe(200);
  });

  it('refuses what it cannot take, and writes nothing then', async () => {
    const before = (await subscribers()).length;
    expect((await signUp('email=not-an-address')).status).toBe(400);
    expect((await signUp('email=x%40example.com&components=moon-base')).status).toBe(400);
    expect((await fetch(`${origin}/status/subscriptions/isc_tampered.abc/confirm`, { method: 'POST' })).status).toBe(404);
    // Forms are read on the status page's routes only.
    const form = { 'content-type': 'application/x-www-form-urlencoded', authorization: `Bearer ${server.adminKey}` };
    expect((await fetch(`${origin}/graphql`, { method: 'POST', headers: form, body: 'query=%7B__typename%7D' })).status).toBe(415);
    expect((await subscribers()).length).toBe(before);
    const viewer = await server.as('vic', 'VIEWER');
    expect((await graphql(viewer, SUBSCRIBERS)).body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it("tells confirmed subscribers each public update of what they chose, with a link that unsubscribes; the unconfirmed get nothing more", async () => {
    const hook = (await mustQuery(server.admin, `mutation($url: String!) { addStatusPageWebhookSubscriber(input: { url: $url }) { id mode confirmedAt } }`, { url: hooks.url })).addStatusPageWebhookSubscriber;
    expect(hook).toMatchObject({ mode: 'WEBHOOK', confirmedAt: expect.any(String) });

    const apiIncident = await declare('db-7 failover loop (internal)');
    await mustQuery(responder, PUBLISH, { input: { incidentId: apiIncident, name: 'API errors', impact: 'MAJOR', components: [{ componentId: 'api' }], message: 'We are investigating API errors.' } });
    const [published] = await smtp.waitFor((mail) => mail.envelope.to.includes('ann@example.com') && mail.subject === 'API errors: Investigating');
    expect(published.text).toContain('We are investigating API errors.');
    expect(published.text).not.toContain('db-7 failover loop');
    const unsubscribe = linkIn(published, 'unsubscribe');
    // A long header is folded onto two lines: read it unfolded.
    const header = (name: string) => published.parsed.headerLines.find((line) => line.key === name)?.line.replace(/\r?\n\s+/g, ' ');
    expect(header('list-unsubscribe')).toBe(`List-Unsubscribe: <${unsubscribe}>`);
    expect(header('list-unsubscribe-post')).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    const [hooked] = await hooks.waitFor((request) => (request.json as Loose).summary === 'API errors: Investigating');
    expect(hooked.json).toMatchObject({ type: 'statuspage.incident_updated', detail: 'We are investigating API errors.', meta: { unsubscribe: expect.stringContaining(`${PUBLIC_URL}/status/subscriptions/`) } });

    await postUpdate(apiIncident, 'INTERNAL', 'Restarting db-7');
    await postUpdate(apiIncident, 'EXTERNAL', 'A fix is rolling out.');
    await smtp.waitFor((mail) => mail.envelope.to.includes('ann@example.com') && (mail.text ?? '').includes('A fix is rolling out.'));
    // Another incident, on the website only: ann chose the API. The webhook hears of everything, so its arrival says the notices got this far.
    const websiteIncident = await declare('CDN misconfigured');
    await mustQuery(responder, PUBLISH, { input: { incidentId: websiteIncident, name: 'Website slow', impact: 'MINOR', components: [{ componentId: 'website' }], message: 'The website is slow.' } });
    await hooks.waitFor((request) => (request.json as Loose).summary === 'Website slow: Investigating');
    expect(mailsTo('ann@example.com').map((mail) => mail.subject)).toEqual(['Confirm your subscription to Acme Status', 'API errors: Investigating', 'API errors: Investigating']);
    expect(mailsTo('ann@example.com').some((mail) => (mail.text ?? '').includes('Restarting db-7'))).toBe(false);
    expect(mailsTo('bob@example.com').map((mail) => mail.subject)).toEqual(['Confirm your subscription to Acme Status']);

    // The mail client's one-click unsubscribe (RFC 8058) posts to the link.
    const unsubscribed = await fetch(local(unsubscribe), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    expect(unsubscribed.status).toBe(200);
    await postUpdate(apiIncident, 'EXTERNAL', 'Resolved for everyone.');
    await hooks.waitFor((request) => (request.json as Loose).detail === 'Resolved for everyone.');
    expect(mailsTo('ann@example.com').some((mail) => (mail.text ?? '').includes('Resolved for everyone.'))).toBe(false);
  });

  it('lets an admin export subscribers and erase one; no public response names an address', async () => {
    const exported = await subscribers();
    expect(exported.map((s) => [s.mode, s.address])).toEqual([
      ['EMAIL', 'ann@example.com'],
      ['EMAIL', 'bob@example.com'],
      ['WEBHOOK', hooks.url],
    ]);
    for (const path of ['/status', '/api/v2/summary.json', '/history.atom', '/status/widget.json']) {
      const text = await (await fetch(`${origin}${path}`)).text();
      expect({ path, leaked: ['ann@example.com', 'bob@example.com', hooks.url].filter((address) => text.includes(address)) }).toEqual({ path, leaked: [] });
    }

    const bob = exported.find((s) => s.address === 'bob@example.com')!;
    const erased = (await mustQuery(server.admin, `mutation($id: ID!) { eraseStatusPageSubscriber(id: $id) { id address erasedAt } }`, { id: bob.id })).eraseStatusPageSubscriber;
    expect(erased).toEqual({ id: bob.id, address: null, erasedAt: expect.any(String) });
    const [confirmation] = mailsTo('bob@example.com');
    expect((await fetch(local(linkIn(confirmation, 'confirm')), { method: 'POST' })).status).toBe(404);

    // Rebuilt from the log after a restart, the address is still gone: it is nowhere in the log to be read back.
    const adminKey = server.adminKey;
    await server.stop();
    server = await startServer({ dataDir, adminKey, env: { ...env(), SNAPSHOTS: 'false' } });
    expect((await subscribers()).map((s) => [s.mode, s.address, s.erasedAt !== null])).toEqual([
      ['EMAIL', 'ann@example.com', false],
      ['EMAIL', null, true],
      ['WEBHOOK', hooks.url, false],
    ]);
  });
});
