import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Caller, graphql, mustQuery } from './support/graphql-client';
import { CHROMIUM_PATH, chromiumAvailable, withChromium } from './support/chromium';
import { fillEditor } from './support/graphiql';
import { bearer } from './support/keys';
import { DECLARE, mutation } from './support/operations';
import { removeDataDir, RunningServer, startServer, tempDataDir } from './support/server';

/**
 * A newcomer opens the review report in a browser: with no header to send,
 * they ask GraphQL for a link, open it, read the last 30 days, follow an
 * incident to GraphiQL, and see it there. The link opens that report as its
 * maker and nothing else, expires, and outlives a restart (it is an event).
 */

const LINK = `mutation Link($input: ReviewReportLinkInput) { createReviewReportLink(input: $input) { url path expiresAt from to } }`;
const ADD_ACTION_ITEM = mutation('addActionItem', 'AddActionItemInput');
const NOW = '2026-04-01T10:00:00.000Z';

const browserIt = chromiumAvailable() || process.env.REQUIRE_CHROMIUM ? it : it.skip;
if (!chromiumAvailable()) {
  process.stderr.write(`review-report-link: no Chromium at ${CHROMIUM_PATH} (apt-get install chromium, or set CHROMIUM_PATH): the link is not opened in a browser\n`);
}

describe('a review report link, opened in a browser', () => {
  let server: RunningServer;
  let clockFile: string;
  let ana: Caller;
  let victor: Caller;
  let base: string;
  let publicId: string;

  const setClock = (at: string) => writeFileSync(clockFile, at);
  const linkFor = async (caller: Caller, input: Record<string, unknown> | null = null) => (await mustQuery(caller, LINK, { input })).createReviewReportLink;
  /** GET the page as a browser would: no credential, HTML preferred. */
  const open = (path: string, headers: Record<string, string> = {}) => fetch(`${base}${path}`, { headers: { accept: 'text/html,*/*;q=0.8', ...headers } });

  beforeAll(async () => {
    const dataDir = tempDataDir();
    clockFile = join(dataDir, 'clock');
    setClock('2026-03-01T12:00:00.000Z');
    server = await startServer({ dataDir, env: { CLOCK_FILE: clockFile } });
    base = server.url.replace(/\/graphql$/, '');
    ana = await server.as('ana');
    victor = await server.as('victor', 'VIEWER');
    // Thirty-one days ago: outside the default period.
    await mustQuery(ana, DECLARE, { input: { title: 'Old outage', severity: 'SEV3' } });
    setClock('2026-03-20T12:00:00.000Z');
    ({ declareIncident: { id: publicId } } = await mustQuery(ana, DECLARE, { input: { title: 'Checkout answers 502', severity: 'SEV2' } }));
    await mustQuery(ana, ADD_ACTION_ITEM, { input: { incidentId: publicId, title: 'Alert on 502s', owner: 'ana', type: 'DETECT' } });
    const { declareIncident: secret } = await mustQuery(ana, DECLARE, { input: { title: 'Leaked signing key', severity: 'SEV1', private: true } });
    await mustQuery(ana, ADD_ACTION_ITEM, { input: { incidentId: secret.id, title: 'Rotate the signing key', owner: 'ana', type: 'PREVENT' } });
    setClock(NOW);
  });

  afterAll(async () => {
    await server.stop();
    removeDataDir(server.dataDir);
  });

  it('covers the last 30 days, today included, when no period is given: the query, the page and a link', async () => {
    const { reviewReport } = await mustQuery(victor, '{ reviewReport { from to incidentCount } }');
    expect(reviewReport).toEqual({ from: '2026-03-03T00:00:00.000Z', to: '2026-04-02T00:00:00.000Z', incidentCount: 1 });
    const page = await fetch(`${base}/reports/review?timeZone=Europe/Berlin`, { headers: bearer(victor.key as string) });
    expect(page.status).toBe(200);
    // Berlin is an hour ahead of UTC until 29 March, two after: local midnights.
    expect(await page.text()).toContain('2026-03-03 00:00</time> → <time datetime="2026-04-01T22:00:00.000Z">2026-04-02 00:00');
    expect(await linkFor(victor, { timeZone: 'Europe/Berlin' })).toMatchObject({ from: '2026-03-02T23:00:00.000Z', to: '2026-04-01T22:00:00.000Z' });
  });

  it('opens the report without a header, as whoever made the link, for REVIEW_LINK_MINUTES', async () => {
    const link = await linkFor(ana);
    expect(link.url).toBe(`${base}${link.path}`);
    expect(link.path).toMatch(/^\/reports\/review\?link=ilr_[\w-]{43}$/);
    expect(link.expiresAt).toBe('2026-04-01T10:15:00.000Z');

    const page = await open(link.path);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('cache-control')).toBe('private, no-store');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    const html = await page.text();
    expect(html).toContain('Alert on 502s');
    // ana declared the private incident: her link shows it; victor's does not.
    expect(html).toContain('Rotate the signing key');
    const victors = await (await open((await linkFor(victor)).path)).text();
    expect(victors).toContain('Alert on 502s');
    expect(victors).not.toContain('Rotate the signing key');
  });

  it('opens nothing else: not /graphql, not another report, and says so', async () => {
    const { path } = await linkFor(victor);
    const token = path.split('link=')[1];
    const asBearer = await graphql({ url: server.url, key: token }, '{ me { name } }');
    expect(asBearer.status).toBe(401);
    const asParameter = await fetch(`${server.url}?link=${token}&query={me{name}}`);
    expect(asParameter.status).toBe(401);

    const changed = await open(`${path}&from=2020-01-01`);
    expect(changed.status).toBe(400);
    expect(((await changed.json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0].extensions.code).toBe('BAD_USER_INPUT');

    // A wrong token: a page for a person, the usual JSON for a program.
    const wrong = path.slice(0, -4) + 'AAAA';
    const forPeople = await open(wrong);
    expect(forPeople.status).toBe(401);
    expect(forPeople.headers.get('content-type')).toContain('text/html');
    expect(await forPeople.text()).toContain('This review link is not valid');
    const forPrograms = await fetch(`${base}${wrong}`);
    expect(forPrograms.status).toBe(401);
    expect(await forPrograms.json()).toMatchObject({ errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] });
  });

  it('records who made the link and for which report, never its token', async () => {
    const { path } = await linkFor(victor, { from: '2026-03-01T00:00:00Z', to: '2026-04-01T00:00:00Z' });
    const token = path.split('link=')[1];
    const { auditLog } = await mustQuery(server.admin, '{ auditLog(filter: { actor: "victor" }, first: 1) { entries { type actor streamId } } }');
    expect(auditLog.entries[0]).toMatchObject({ type: 'ReviewLinkCreated', actor: 'victor', streamId: expect.stringMatching(/^reviewlink-[0-9a-f]{64}$/) });
    const files = ['events.sqlite', 'events.sqlite-wal'].map((name) => join(server.dataDir, name)).filter(existsSync);
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) expect(readFileSync(file).includes(token)).toBe(false);
  });

  it('expires, and ends with the key that made it', async () => {
    const early = await linkFor(victor);
    const revoked = await server.as('rita', 'VIEWER');
    const ritas = await linkFor(revoked);
    expect((await open(ritas.path)).status).toBe(200);
    const { apiKeys } = await mustQuery(server.admin, '{ apiKeys { id name } }');
    const rita = apiKeys.find((key: { name: string }) => key.name === 'rita');
    await mustQuery(server.admin, 'mutation($input: RevokeApiKeyInput!) { revokeApiKey(input: $input) { id } }', { input: { keyId: rita.id } });
    const afterRevocation = await open(ritas.path);
    expect(afterRevocation.status).toBe(401);
    expect(await afterRevocation.text()).toContain('revoked');

    setClock('2026-04-01T10:15:00.000Z');
    try {
      const expired = await open(early.path);
      expect(expired.status).toBe(401);
      expect(await expired.text()).toContain('expired at 2026-04-01T10:15:00.000Z');
    } finally {
      setClock(NOW);
    }
  });

  it('outlives a restart of the server: the link is in the log', async () => {
    const { path } = await linkFor(victor);
    await server.stop();
    server = await startServer({ dataDir: server.dataDir, adminKey: server.adminKey, env: { CLOCK_FILE: clockFile } });
    base = server.url.replace(/\/graphql$/, '');
    // Same keys, new port.
    [ana, victor] = [ana, victor].map((caller) => ({ ...caller, url: server.url }));
    const page = await open(path);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Alert on 502s');
  });

  browserIt('opens in Chromium with no header, and an incident it lists opens in GraphiQL, which shows it once given a key', async () => {
    const { url } = await linkFor(victor);
    const outcome = await withChromium(async (browser) => {
      const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
      const page = await context.newPage();
      const report = await page.goto(url);
      const reportStatus = report?.status();
      const reportText = await page.locator('body').innerText();

      // The action item's incident links to GraphiQL, with a query for it.
      await page.locator(`a.incident-link:has-text("${publicId}")`).first().click();
      await page.locator('.graphiql-container').waitFor({ timeout: 15_000 });
      const landedOn = new URL(page.url()).pathname;
      const prefilled = await page.locator('.graphiql-query-editor .CodeMirror').first().innerText();

      await page.getByRole('button', { name: 'Headers' }).click();
      await fillEditor(page, '.graphiql-editor-tool', 'headers', JSON.stringify({ Authorization: `Bearer ${victor.key}` }));
      await page.locator('.graphiql-execute-button').click();
      const result = page.locator('.result-window');
      await result.getByText('"Checkout answers 502"').waitFor({ timeout: 15_000 });
      const shown = await result.innerText();
      await context.close();
      return { reportStatus, reportText, landedOn, prefilled, shown };
    });

    expect(outcome.reportStatus).toBe(200);
    expect(outcome.reportText).toContain('Incident review');
    expect(outcome.reportText).toContain('Alert on 502s');
    expect(outcome.landedOn).toBe('/graphiql');
    expect(outcome.prefilled).toContain('incident(id: $id)');
    expect(outcome.shown).toContain(publicId);
    expect(outcome.shown).toContain('highestSeverity');
  });
});
