import { mustQuery } from './support/graphql-client';
import { CHROMIUM_PATH, chromiumAvailable, withChromium } from './support/chromium';
import { fillEditor } from './support/graphiql';
import { CHANGE_SEVERITY, DECLARE } from './support/operations';
import { removeDataDir, RunningServer, startServer } from './support/server';

/**
 * GraphiQL and the server's front page, on a machine without internet: every
 * file the page loads comes from this server, under a policy that runs
 * nothing else.
 */

/** Like the review report's test: skipped, loudly, without a Chromium, unless REQUIRE_CHROMIUM (CI) makes that a failure. */
const browserIt = chromiumAvailable() || process.env.REQUIRE_CHROMIUM ? it : it.skip;
if (!chromiumAvailable()) {
  process.stderr.write(`graphiql: no Chromium at ${CHROMIUM_PATH} (apt-get install chromium, or set CHROMIUM_PATH): GraphiQL is not tried in a browser\n`);
}

/** What the page's global offers in Chromium (this project's TypeScript has no DOM library). */
type PageGlobal = {
  addEventListener(type: string, listener: (event: { violatedDirective: string; blockedURI: string }) => void): void;
  cspViolations: string[];
};

const baseOf = (server: RunningServer) => server.url.replace(/\/graphql$/, '');

describe('GraphiQL', () => {
  let server: RunningServer;
  let incidentId: string;
  let version: number;

  beforeAll(async () => {
    server = await startServer();
    ({ declareIncident: { id: incidentId, version } } = await mustQuery(server.admin, DECLARE, { input: { title: 'Checkout answers 502', severity: 'SEV3' } }));
  });

  afterAll(async () => {
    await server.stop();
    removeDataDir(server.dataDir);
  });

  it('is where the front page sends a browser', async () => {
    const response = await fetch(`${baseOf(server)}/`, { redirect: 'manual' });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/graphiql');
  });

  it('is served under a policy that runs scripts from this server only, and names no other host', async () => {
    const response = await fetch(`${baseOf(server)}/graphiql`);
    expect(response.status).toBe(200);
    const directives = (response.headers.get('content-security-policy') ?? '').split(/\s*;\s*/);
    expect(directives).toEqual(expect.arrayContaining(["default-src 'none'", "script-src 'self'", "connect-src 'self'", "frame-ancestors 'none'"]));
    expect(directives.join(';')).not.toMatch(/unsafe-eval|https?:|\*/);
    expect(await response.text()).not.toMatch(/(src|href)="(https?:)?\/\//);
  });

  browserIt('works offline in Chromium: a query and a subscription with a key, nothing loaded from elsewhere, no policy violated', async () => {
    const base = baseOf(server);
    const { key } = await server.as('graphiql-user', 'VIEWER');
    const outcome = await withChromium(async (browser) => {
      const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
      // The machine has no internet: anything not for this server fails, and is noted.
      const elsewhere: string[] = [];
      await context.route('**/*', (route) => {
        if (route.request().url().startsWith(`${base}/`)) return route.continue();
        elsewhere.push(route.request().url());
        return route.abort('internetdisconnected');
      });
      const page = await context.newPage();
      page.on('websocket', (socket) => {
        if (!socket.url().startsWith(base.replace(/^http/, 'ws'))) elsewhere.push(socket.url());
      });
      const consoleErrors: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') consoleErrors.push(message.text());
      });
      await page.addInitScript(() => {
        const page = globalThis as unknown as PageGlobal;
        page.cspViolations = [];
        page.addEventListener('securitypolicyviolation', (event) => page.cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`));
      });

      const response = await page.goto(`${base}/`);
      expect(page.url()).toBe(`${base}/graphiql`);
      const policy = response?.headers()['content-security-policy'];
      await page.locator('.graphiql-container').waitFor({ timeout: 15_000 });

      // The user puts the key in the Headers tab, as the README says.
      await page.getByRole('button', { name: 'Headers' }).click();
      await fillEditor(page, '.graphiql-editor-tool', 'headers', JSON.stringify({ Authorization: `Bearer ${key}` }));
      await fillEditor(page, '.graphiql-query-editor', 'query', '{ activeIncidents { id title severity } }');
      await page.locator('.graphiql-execute-button').click();
      const result = page.locator('.result-window');
      await result.getByText('Checkout answers 502').waitFor({ timeout: 15_000 });
      const queried = await result.innerText();

      // A subscription goes over graphql-ws, with the same headers in connection_init. The timeline feed
      // delivers what follows the version it is given, so the change counts however soon it is made.
      await fillEditor(page, '.graphiql-query-editor', 'query', `subscription { incidentTimeline(incidentId: "${incidentId}", afterVersion: ${version}) { type severity } }`);
      await page.locator('.graphiql-execute-button').click();
      await mustQuery(server.admin, CHANGE_SEVERITY, { input: { incidentId, severity: 'SEV1' } });
      await result.getByText('SEV1').waitFor({ timeout: 15_000 });

      // Its dialogs too (they lock the page's scrolling with a style element of their own).
      await page.getByRole('button', { name: 'Open settings dialog' }).click();
      await page.getByRole('dialog').waitFor();
      await page.keyboard.press('Escape');

      const cspViolations = await page.evaluate(() => (globalThis as unknown as PageGlobal).cspViolations);
      await context.close();
      return { policy, queried, elsewhere, consoleErrors, cspViolations };
    });

    expect(outcome.policy).toContain("script-src 'self';");
    expect(outcome.queried).toContain(incidentId);
    expect(outcome.elsewhere).toEqual([]);
    expect(outcome.cspViolations).toEqual([]);
    expect(outcome.consoleErrors.filter((text) => /Content Security Policy/i.test(text))).toEqual([]);
  });
});

describe('the front page without GraphiQL', () => {
  let server: RunningServer;

  beforeAll(async () => {
    server = await startServer({ env: { GRAPHIQL: 'false' } });
  });

  afterAll(async () => {
    await server.stop();
    removeDataDir(server.dataDir);
  });

  it('says what the server is and where its API is, under the policy that loads nothing', async () => {
    const response = await fetch(`${baseOf(server)}/`, { redirect: 'manual' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    expect(response.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
    const text = await response.text();
    expect(text).toContain('Incident Ledger');
    expect(text).toContain('href="/graphql"');
    expect((await fetch(`${baseOf(server)}/graphiql`)).status).toBe(404);
  });
});
