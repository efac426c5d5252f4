import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { artifactPath, chromiumWanted, itWithChromium, launchChromium } from './support/chromium';
import { Caller, mustQuery } from './support/graphql-client';
import { removeDataDir, RunningServer, startServer, tempDataDir } from './support/server';

/**
 * The public status page as customers see it during an outage, in headless
 * Chromium with JavaScript turned off: the overall state, each component's
 * state in words, the open incident and its updates, the upcoming
 * maintenance, the history; accessible (headings in order, the banner a live
 * status, state words readable against their background), nothing loaded
 * from anywhere but the ledger and the operator's logo, and the same text
 * with JavaScript on. Screenshots land in test-artifacts/statuspage/.
 */

const T0 = Date.parse('2027-03-01T12:00:00Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();
const DAY = 24 * 60;

const PAGE_NAME = 'Acme Status';
/** Where customers reach the ledger: the page's links start with it, whatever port the test server has. */
const PUBLIC_URL = 'https://status.acme.example';
const TITLE = 'Checkout errors for some customers';
const UPDATES = {
  first: 'We are investigating errors at checkout.',
  twoLines: 'We found the cause: a faulty deploy.\nA fix is rolling out to all regions.',
  latest: 'The fix is out; we are watching error rates.',
};
const OLD_TITLE = 'Slow website for European visitors';
const ARTIFACTS = 'statuspage';

/** What the page's global offers in Chromium (this project's TypeScript has no DOM library). */
type PageGlobal = {
  getComputedStyle(element: unknown): { color: string; backgroundColor: string };
  document: { documentElement: { scrollWidth: number } };
};

/** The operator's logo, served from another origin, as STATUS_PAGE_LOGO_URL would name a CDN. */
function startLogoServer(): Promise<Server> {
  const logo = '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="32"><rect width="120" height="32" rx="6" fill="#1d2733"/></svg>';
  const server = createServer((request, response) => {
    if (request.url !== '/logo.svg') return void response.writeHead(404).end();
    response.writeHead(200, { 'content-type': 'image/svg+xml' }).end(logo);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** WCAG 2 contrast ratio of two computed colours (`rgb(r, g, b)` or opaque `rgba(…)`). */
function contrast(foreground: string, background: string): number {
  const luminance = (colour: string) => {
    const [r, g, b] = (colour.match(/[\d.]+/g) ?? []).slice(0, 3).map((channel) => {
      const c = Number(channel) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [light, dark] = [luminance(foreground), luminance(background)].sort((a, b) => b - a);
  return (light + 0.05) / (dark + 0.05);
}

/** The headings of an aria snapshot, in document order, as `<level> <name>`. */
function headings(snapshot: string): string[] {
  return [...snapshot.matchAll(/- heading "(.*)" \[level=(\d)\]/g)].map(([, name, level]) => `${level} ${name}`);
}

/** A PNG's width in pixels, from its IHDR chunk. */
const pngWidth = (path: string) => readFileSync(path).readUInt32BE(16);

describe('the status page in Chromium', () => {
  const dataDir = tempDataDir();
  const clockFile = join(dataDir, 'clock');
  const setClock = (iso: string) => writeFileSync(clockFile, iso);
  let server: RunningServer;
  let logoServer: Server;
  let logoUrl: string;
  let origin: string;
  let browser: Browser;
  let publicId: string;
  let responder: Caller;

  const declare = async (title: string): Promise<string> =>
    (await mustQuery(responder, `mutation($input: DeclareIncidentInput!) { declareIncident(input: $input) { id } }`, { input: { title, severity: 'SEV2' } })).declareIncident.id;
  const publish = async (input: object): Promise<string> =>
    (await mustQuery(responder, `mutation($input: PublishIncidentInput!) { publishIncidentToStatusPage(input: $input) { id } }`, { input })).publishIncidentToStatusPage.id;
  const postExternal = (incidentId: string, message: string) =>
    mustQuery(responder, `mutation($input: PostStatusUpdateInput!) { postStatusUpdate(input: $input) { id } }`, { input: { incidentId, audience: 'EXTERNAL', message } });

  /** An older incident, resolved three days ago: it belongs in the history only. */
  async function resolvedIncident(): Promise<void> {
    setClock(at(-3 * DAY));
    const id = await declare('CDN misconfiguration in eu-west');
    await publish({ incidentId: id, name: OLD_TITLE, impact: 'MINOR', components: [{ componentId: 'website' }], message: 'Pages load slowly in Europe.' });
    setClock(at(-3 * DAY + 40));
    await mustQuery(responder, `mutation($id: ID!) { resolveIncident(input: { incidentId: $id }) { id } }`, { id });
    await postExternal(id, 'This incident has been resolved.');
  }

  /** The outage now: MAJOR on two components of the group, three public updates, the middle one on two lines. */
  async function openIncident(): Promise<void> {
    setClock(at(0));
    const id = await declare('Primary DB failover loop on db-7');
    publicId = await publish({ incidentId: id, name: TITLE, impact: 'MAJOR', components: [{ componentId: 'checkout' }, { componentId: 'api', status: 'DEGRADED_PERFORMANCE' }], message: UPDATES.first });
    setClock(at(10));
    await mustQuery(responder, `mutation($id: ID!) { changeIncidentStatus(input: { incidentId: $id, status: IDENTIFIED }) { id } }`, { id });
    await postExternal(id, UPDATES.twoLines);
    setClock(at(20));
    await postExternal(id, UPDATES.latest);
  }

  beforeAll(async () => {
    if (!chromiumWanted()) return;
    logoServer = await startLogoServer();
    logoUrl = `http://127.0.0.1:${(logoServer.address() as AddressInfo).port}/logo.svg`;
    setClock(at(0));
    server = await startServer({
      dataDir,
      env: { CLOCK_FILE: clockFile, STATUS_PAGE_NAME: PAGE_NAME, STATUS_PAGE_LOGO_URL: logoUrl, STATUS_PAGE_LINKS: 'Acme=https://acme.example', PUBLIC_URL },
    });
    origin = new URL(server.url).origin;
    responder = await server.as('carol', 'RESPONDER');
    // The components exist well before anything happens to them, so each day the page draws has a share.
    setClock(at(-10 * DAY));
    for (const mutation of [
      `createStatusComponentGroup(input: { id: "core", name: "Core platform" }) { id }`,
      `createStatusComponent(input: { id: "api", name: "API", groupId: "core" }) { id }`,
      `createStatusComponent(input: { id: "checkout", name: "Checkout", groupId: "core" }) { id }`,
      `createStatusComponent(input: { id: "website", name: "Website", description: "www.acme.example" }) { id }`,
    ]) {
      await mustQuery(server.admin, `mutation { ${mutation} }`);
    }
    await resolvedIncident();
    await openIncident();
    await mustQuery(responder, `mutation($input: ScheduleMaintenanceInput!) { scheduleMaintenance(input: $input) { id } }`, {
      input: { id: 'db-upgrade', name: 'Database upgrade', message: 'The website may be slow.', components: ['website'], scheduledFor: at(2 * DAY - 120), scheduledUntil: at(2 * DAY) },
    });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await new Promise((resolve) => (logoServer ? logoServer.close(resolve) : resolve(undefined)));
    removeDataDir(dataDir);
  });

  /**
   * Opens `path` in a fresh context (JavaScript off unless the options turn it
   * on), hands the page to `use`, and returns what it returns with every
   * request made and every console error and page error seen.
   */
  async function visit<T>(path: string, options: BrowserContextOptions, use: (page: Page) => Promise<T>) {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 }, ...options });
    const requests: string[] = [];
    const errors: string[] = [];
    context.on('request', (request) => requests.push(request.url()));
    try {
      const page = await context.newPage();
      // Any console error fails the test (the page names an empty icon, so the browser asks for no /favicon.ico).
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(`${message.text()} ${message.location().url}`);
      });
      page.on('pageerror', (error) => errors.push(error.message));
      const response = await page.goto(`${origin}${path}`);
      expect(response?.status()).toBe(200);
      return { result: await use(page), requests, errors };
    } finally {
      await context.close();
    }
  }

  /** Nothing but the ledger itself and the operator's logo: no font, script or tracker from elsewhere. */
  const expectOnlyOwnRequests = (requests: string[]) => expect(requests.filter((url) => !url.startsWith(`${origin}/`) && url !== logoUrl)).toEqual([]);

  itWithChromium('shows the outage at /status with JavaScript off: the banner, every component state, the incident with its updates, the maintenance, the history', async () => {
    const { result: seen, requests, errors } = await visit('/status', {}, async (page) => {
      await page.screenshot({ path: artifactPath('status.png', ARTIFACTS), fullPage: true });
      const body = page.locator('main');
      const incident = body.locator('section[aria-labelledby="active-incidents"] article');
      const twoLines = incident.locator('.body', { hasText: 'faulty deploy' });
      return {
        title: await page.title(),
        logo: await page.locator('h1 img').evaluate((img) => ({ alt: img.alt, loadedWidth: img.naturalWidth })),
        banner: await page.getByRole('status').innerText(),
        rows: await page.locator('.components .row').evaluateAll((rows) => rows.map((row) => [row.firstElementChild.textContent, row.querySelector('.state').textContent])),
        group: await page.locator('li.group').evaluate((group) => [group.querySelector('h3').textContent, [...group.querySelectorAll('.name')].map((name) => name.textContent)]),
        incidentTitle: await incident.locator('h3').innerText(),
        incidentLink: await incident.locator('h3 a').getAttribute('href'),
        incidentMeta: await incident.locator('.meta').allInnerTexts(),
        updates: await incident.locator('.updates > li .body').allInnerTexts(),
        twoLineTops: await twoLines.evaluate((span) => [...new Set([...span.getClientRects()].map((box) => Math.round(box.top)))]),
        maintenance: await body.locator('section[aria-labelledby="maintenance"] article').innerText(),
        history: await body.locator('section[aria-labelledby="history"] ul.history li').allInnerTexts(),
        websiteUptime: await body.locator('.uptime', { has: page.locator('ol[aria-label^="Website:"]') }).evaluate((uptime) => [
          uptime.querySelector('.meta').textContent,
          [...uptime.querySelectorAll('ol.days li')].slice(-4).map((day) => day.textContent),
        ]),
        feeds: await page.locator('link[rel="alternate"]').evaluateAll((links) => links.map((link) => [link.type, link.getAttribute('href')])),
      };
    });

    expect(seen.title).toBe(`${PAGE_NAME} Status`);
    // The heading is the operator's logo, named by the page name for whoever cannot see it.
    expect(seen.logo).toEqual({ alt: PAGE_NAME, loadedWidth: 120 });
    expect(seen.banner).toBe('Partial System Outage');
    expect(seen.rows).toEqual([
      ['Core platform', 'Partial outage'],
      ['API', 'Degraded performance'],
      ['Checkout', 'Partial outage'],
      ['Website', 'Operational'],
    ]);
    expect(seen.group).toEqual(['Core platform', ['API', 'Checkout']]);

    expect(seen.incidentTitle).toBe(TITLE);
    expect(seen.incidentLink).toBe(`${PUBLIC_URL}/status/incidents/${publicId}`);
    expect(seen.incidentMeta).toContain('Identified · Impact: Major');
    expect(seen.incidentMeta).toContain('Affects: API, Checkout');
    expect(seen.updates).toEqual([UPDATES.latest, UPDATES.twoLines, UPDATES.first]);
    // The line break is kept as laid out: the update's text sits on two lines, one below the other
    // (its boxes, one per piece of text, stand at two heights; the page is wide enough for no wrapping).
    expect(seen.twoLineTops).toHaveLength(2);
    expect(seen.twoLineTops[1]).toBeGreaterThan(seen.twoLineTops[0]);

    expect(seen.maintenance).toContain('Database upgrade');
    expect(seen.maintenance).toMatch(/Scheduled · Scheduled for 2027-03-03 10:00 \S+ – 2027-03-03 12:00 \S+/);
    expect(seen.maintenance).toContain('Affects: Website');
    expect(seen.history).toEqual([`${TITLE} Identified · Impact: Major`, `${OLD_TITLE} Resolved · Impact: Minor`]);
    // The older incident's 40 minutes of degraded performance, in the website's uptime bar: 1 - 40/1440 of that day.
    expect(seen.websiteUptime).toEqual([
      '99.74 % uptime over the last 11 days',
      ['2027-02-26: 97.22 % uptime, degraded performance', '2027-02-27: 100 % uptime, operational', '2027-02-28: 100 % uptime, operational', '2027-03-01: 100 % uptime, operational'],
    ]);
    expect(seen.feeds).toEqual([
      ['application/atom+xml', `${PUBLIC_URL}/history.atom`],
      ['application/rss+xml', `${PUBLIC_URL}/history.rss`],
    ]);

    expect(errors).toEqual([]);
    expectOnlyOwnRequests(requests);
    expect(requests).toContain(logoUrl);
  });

  itWithChromium('is accessible: headings in order, the banner a status, every state word readable against its background (≥ 4.5:1)', async () => {
    const { result } = await visit('/status', {}, async (page) => ({
      snapshot: await page.locator('body').ariaSnapshot(),
      colours: await page.locator('.state, .banner').evaluateAll((elements) =>
        elements.map((element) => {
          const style = (globalThis as unknown as PageGlobal).getComputedStyle;
          // The first ancestor (or the element) with a background of its own; the page's canvas is white.
          let holder = element;
          while (holder && /rgba\(.*, 0\)|transparent/.test(style(holder).backgroundColor)) holder = holder.parentElement;
          return { text: element.textContent, color: style(element).color, background: holder ? style(holder).backgroundColor : 'rgb(255, 255, 255)' };
        }),
      ),
    }));

    expect(headings(result.snapshot)).toEqual([
      `1 ${PAGE_NAME}`,
      '2 Active incidents',
      `3 ${TITLE}`,
      '2 Scheduled maintenance',
      '3 Database upgrade',
      '2 Components',
      '3 Core platform',
      '2 Past incidents',
      '3 Mar 1, 2027',
      '3 Feb 26, 2027',
    ]);
    expect(result.snapshot).toMatch(/- status: Partial System Outage/);

    expect(result.colours.map((colour) => colour.text)).toEqual(['Partial System Outage', 'Partial outage', 'Degraded performance', 'Partial outage', 'Operational']);
    for (const { text, color, background } of result.colours) {
      const ratio = Math.round(contrast(color, background) * 100) / 100;
      expect({ text, color, background, ratio: ratio >= 4.5 }).toEqual({ text, color, background, ratio: true });
    }
  });

  itWithChromium('shows the incident’s own page at /status/incidents/<id> with all its updates and the components it affects', async () => {
    const { result: seen, requests, errors } = await visit(`/status/incidents/${publicId}`, {}, async (page) => {
      await page.screenshot({ path: artifactPath('incident.png', ARTIFACTS), fullPage: true });
      const event = page.locator('article.event');
      return {
        title: await page.title(),
        heading: await event.locator('h2').innerText(),
        meta: await event.locator('.meta').allInnerTexts(),
        updates: await event.locator('.updates > li').evaluateAll((items) => items.map((item) => [item.querySelector('strong').textContent, item.querySelector('.body').innerText])),
        back: await page.getByRole('link', { name: '← Current status' }).getAttribute('href'),
      };
    });

    expect(seen.title).toBe(`${TITLE} · ${PAGE_NAME} Status`);
    expect(seen.heading).toBe(TITLE);
    expect(seen.meta).toEqual(
      expect.arrayContaining(['Identified · Impact: Major', 'Affects: API, Checkout', 'API: Operational → Degraded performance; Checkout: Operational → Partial outage']),
    );
    expect(seen.updates).toEqual([
      ['Update', UPDATES.latest],
      ['Identified', UPDATES.twoLines],
      ['Investigating', UPDATES.first],
    ]);
    expect(seen.back).toBe(`${PUBLIC_URL}/status`);
    expect(errors).toEqual([]);
    expectOnlyOwnRequests(requests);
  });

  itWithChromium('fits a phone 375 px wide: nothing scrolls sideways, every state word is on screen', async () => {
    const phone = { viewport: { width: 375, height: 812 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
    const screenshot = artifactPath('status-phone.png', ARTIFACTS);
    const { result } = await visit('/status', phone, async (page) => {
      await page.screenshot({ path: screenshot, fullPage: true });
      return {
        scrollWidth: await page.evaluate(() => (globalThis as unknown as PageGlobal).document.documentElement.scrollWidth),
        stateRights: await page.locator('.state').evaluateAll((states) => states.map((state) => Math.ceil(state.getBoundingClientRect().right))),
      };
    });

    expect(result.scrollWidth).toBeLessThanOrEqual(375);
    expect(result.stateRights).toHaveLength(4);
    for (const right of result.stateRights) expect(right).toBeLessThanOrEqual(375);
    expect(pngWidth(screenshot)).toBe(750);
  });

  itWithChromium('reads the same with JavaScript on: nothing on the page depends on a script', async () => {
    const read = async (page: Page) => ({ text: await page.locator('body').innerText(), accessible: await page.locator('body').ariaSnapshot() });
    const withoutScripts = await visit('/status', {}, read);
    const withScripts = await visit('/status', { javaScriptEnabled: true }, read);
    expect(withScripts.result).toEqual(withoutScripts.result);
    expect(withScripts.result.text).toContain(UPDATES.twoLines);
    expect(withScripts.errors).toEqual([]);
    expectOnlyOwnRequests(withScripts.requests);
  });
});
