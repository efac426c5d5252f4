import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { IncidentCommandExecutor, PageLinks } from '@incident-ledger/application';
import { Severity, systemClock } from '@incident-ledger/domain';
import { SqliteEventStore } from '@incident-ledger/event-store';
import { mustQuery } from './support/graphql-client';
import { removeDataDir, RunningServer, startServer, tempDataDir } from './support/server';

/**
 * A person paged for an incident opens their page's link on a phone and
 * acknowledges it, without an API key: GET asks, POST (the page's form, sent
 * as a browser sends it) acknowledges, once.
 */
describe('acknowledging a page from its link', () => {
  const key = randomBytes(32).toString('base64');
  let server: RunningServer;
  let link: string;

  beforeAll(async () => {
    // rosa's page, as the escalation writes it: in the store before the server starts.
    const dataDir = tempDataDir();
    const store = new SqliteEventStore({ path: join(dataDir, 'events.sqlite') });
    const incidents = new IncidentCommandExecutor(store, systemClock);
    const context = { actor: 'ana', correlationId: 'e2e' };
    await incidents.execute({ type: 'DeclareIncident', incidentId: 'inc-paged', actor: 'ana', title: 'Checkout <errors>', severity: Severity.SEV2 }, context);
    const start = { policyId: 'pol-1', policyName: 'Payments', levels: [{ targets: [{ kind: 'PERSON' as const, id: 'rosa', mode: null }], delayMinutes: 5 }], repeat: 0, turn: 0 };
    const pages = [{ pageId: 'page-1', person: 'rosa', via: ['EMAIL' as const] }];
    await incidents.execute({ type: 'EscalateIncident', incidentId: 'inc-paged', actor: 'escalation', step: 1, start, pages, skipReason: null, manual: false }, context);
    await store.close();

    server = await startServer({ dataDir, env: { EVENT_STORE: 'sqlite', LEDGER_SECRET_KEY: key } });
    const base = new URL(server.url).origin;
    // The link the page's email carried (the server signs it with the same key).
    link = PageLinks.fromSettings({ LEDGER_SECRET_KEY: key, publicUrl: base, PAGE_LINK_TTL_HOURS: 24 }, systemClock).linkFor({
      incidentId: 'inc-paged',
      pageId: 'page-1',
      person: 'rosa',
      sentAt: new Date().toISOString(),
    })!;
  });

  afterAll(async () => {
    await server?.stop();
    if (server) removeDataDir(server.dataDir);
  });

  /** The page's form, as a browser posts it: text/plain, no fields. */
  const submit = (url: string) => fetch(url, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '' });

  it('asks first, with no credential: the incident, its severity and who acknowledges, and a form; nothing is acknowledged', async () => {
    const answer = await fetch(link);
    const page = await answer.text();

    expect(answer.status).toBe(200);
    expect(page).toContain('Acknowledge incident Checkout &lt;errors&gt; (SEV2) as rosa?');
    expect(page).toContain('<form method="post" action="" enctype="text/plain">');
    expect(answer.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(answer.headers.get('referrer-policy')).toBe('no-referrer');
    expect(answer.headers.get('x-robots-tag')).toBe('noindex');
    expect(answer.headers.get('content-security-policy')).toContain("form-action 'self'");
    const { incident } = await mustQuery(server.admin, 'query { incident(id: "inc-paged") { acknowledgedAt } }');
    expect(incident.acknowledgedAt).toBeNull();
  });

  it('acknowledges on POST as rosa, and only once', async () => {
    const answer = await submit(link);
    expect(answer.status).toBe(200);
    expect(await answer.text()).toContain('rosa, you acknowledged incident Checkout &lt;errors&gt; (SEV2)');

    const { incident } = await mustQuery(server.admin, 'query { incident(id: "inc-paged") { acknowledgedAt timeline { actor summary } } }');
    expect(incident.acknowledgedAt).not.toBeNull();
    expect(incident.timeline.slice(-2)).toEqual([
      { actor: 'rosa', summary: 'rosa acknowledged their page' },
      expect.objectContaining({ actor: 'rosa' }),
    ]);

    const again = await submit(link);
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('This page was already acknowledged by rosa');
  });

  it('refuses an altered link with a page saying so', async () => {
    const answer = await fetch(`${link.slice(0, -2)}xx`);
    expect(answer.status).toBe(404);
    expect(await answer.text()).toContain('This link does not open a page');
  });
});
