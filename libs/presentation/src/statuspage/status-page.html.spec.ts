import { NEUTRALISED_URL } from '../html';
import { statusIncidentHtml, statusPageHtml, uptimeSummary } from './status-page.html';
import {
  HOSTILE,
  publicComponent,
  publicIncident,
  publicMaintenance,
  publicStatusPage,
  publicUpdate,
  statusPageSettings,
  uptimeDays,
} from './testing/status-page-fixtures';

const ESCAPED_HOSTILE = '&lt;script&gt;alert(1)&lt;/script&gt; &quot;quoted&quot; &#39;single&#39; &amp; ]]&gt; &lt;img src=x onerror=alert(2)&gt;';

/** The page's headings' levels, in document order. */
function headingLevels(page: string): number[] {
  return [...page.matchAll(/<h([1-6])[\s>]/g)].map((m) => Number(m[1]));
}

/** WCAG's contrast ratio between two #rrggbb colours. */
function contrast(a: string, b: string): number {
  const luminance = (hex: string) => {
    const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

describe('the public status page', () => {
  const settings = statusPageSettings();
  const page = statusPageHtml(settings, publicStatusPage());

  it('is one small document without script or external resources, for phones, in English, titled with the page name', () => {
    expect(page).toMatch(/^<!DOCTYPE html>\n<html lang="en">/);
    expect(page).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(page).toContain('<title>Acme Cloud Status</title>');
    expect(page).not.toMatch(/<script/i);
    expect(page).not.toMatch(/<link rel="stylesheet"|<img|<iframe|@import|url\(/);
    expect(page.match(/<h1>/g)).toHaveLength(1);
    expect(page).toContain('<h1>Acme Cloud</h1>');
  });

  it('shows the logo as the heading, its alternative text the page name', () => {
    const withLogo = statusPageHtml(statusPageSettings({ logoUrl: 'https://acme.example/logo.png' }), publicStatusPage());
    expect(withLogo).toContain('<h1><img src="https://acme.example/logo.png" alt="Acme Cloud"></h1>');
  });

  it('has headings in order: one h1, and no level skipped on the way down', () => {
    const levels = headingLevels(page);
    expect(levels[0]).toBe(1);
    expect(levels.filter((level) => level === 1)).toHaveLength(1);
    levels.forEach((level, i) => i > 0 && expect(level - levels[i - 1]).toBeLessThanOrEqual(1));
    expect(page.match(/<h2 id="[a-z-]+">[^<]+<\/h2>/g)).toEqual([
      '<h2 id="active-incidents">Active incidents</h2>',
      '<h2 id="maintenance">Scheduled maintenance</h2>',
      '<h2 id="components">Components</h2>',
      '<h2 id="history">Past incidents</h2>',
      '<h2 id="subscribe">Get updates by email</h2>',
    ]);
  });

  it('says the overall status in words, in a banner announced as a status', () => {
    expect(page).toContain('<div class="banner i-minor" role="status">Partial System Outage</div>');
  });

  it('links the header links, the feeds (discoverable in the head) and the API', () => {
    expect(page).toContain('<nav aria-label="Acme Cloud"><ul><li><a href="https://acme.example">Acme home</a></li><li><a href="https://acme.example/support">Support</a></li></ul></nav>');
    expect(page).toContain('<link rel="alternate" type="application/atom+xml" title="Acme Cloud incident history (Atom)" href="https://status.acme.example/history.atom">');
    expect(page).toContain('<link rel="alternate" type="application/rss+xml" title="Acme Cloud incident history (RSS)" href="https://status.acme.example/history.rss">');
    expect(page).toContain('<a href="https://status.acme.example/api/v2/summary.json">API</a>');
  });

  describe('components', () => {
    it('says each state in words next to its coloured mark, groups holding their components', () => {
      expect(page).toContain(
        '<div class="row"><span class="name">API</span><span class="state s-operational"><span class="mark" aria-hidden="true"></span>Operational</span></div>',
      );
      expect(page).toMatch(
        /<li class="group">\n<div class="row"><h3>Web<\/h3><span class="state s-partial_outage"><span class="mark" aria-hidden="true"><\/span>Partial outage<\/span><\/div>\n<ul class="components">\n<li>\n<div class="row"><span class="name">Website<\/span>/,
      );
      expect(page).toContain('<p class="meta">The shop</p>');
    });

    it('colours every state word and the overall banner with at least 4.5:1 contrast', () => {
      const words = [...page.matchAll(/\.s-(\w+) \{ color: (#[0-9a-f]{6}); \}/g)];
      expect(words.map(([, status]) => status)).toEqual(['operational', 'degraded_performance', 'partial_outage', 'major_outage', 'under_maintenance']);
      words.forEach(([, , colour]) => expect(contrast(colour, '#ffffff')).toBeGreaterThanOrEqual(4.5));
      const banners = [...page.matchAll(/\.i-(\w+) \{ background: (#[0-9a-f]{6}); \}/g)];
      expect(banners).toHaveLength(4);
      banners.forEach(([, , colour]) => expect(contrast('#ffffff', colour)).toBeGreaterThanOrEqual(4.5));
    });

    it('hides a component shown only while degraded while it is operational, and a group left with none', () => {
      expect(page).not.toContain('CDN');
      expect(page).not.toContain('Legacy FTP');
      const onlyDegraded = publicStatusPage({
        components: [
          publicComponent({ id: 'g', name: 'Hidden group', isGroup: true, componentIds: ['quiet'] }),
          publicComponent({ id: 'quiet', name: 'Quiet', groupId: 'g', onlyShowIfDegraded: true }),
          publicComponent({ id: 'loud', name: 'Loud', onlyShowIfDegraded: true, status: 'major_outage' }),
        ],
      });
      const shown = statusPageHtml(settings, onlyDegraded);
      expect(shown).not.toContain('Hidden group');
      expect(shown).not.toContain('Quiet');
      expect(shown).toContain('<span class="name">Loud</span><span class="state s-major_outage"><span class="mark" aria-hidden="true"></span>Major outage</span>');
    });

    it("draws each component's last 90 days as a list whose days say their date, share and worst state", () => {
      const api = page.match(/<ol class="days" aria-label="API: uptime by day, oldest first">(.*?)<\/ol>/)?.[1] ?? '';
      const days = [...api.matchAll(/<li class="s-(\w+)"><span>([^<]+)<\/span><\/li>/g)];
      expect(days).toHaveLength(90);
      expect(days[0][2]).toBe('2026-09-04: 100 % uptime, operational');
      expect(days[88]).toEqual(expect.arrayContaining(['partial_outage', '2026-12-01: 99.5 % uptime, partial outage']));
      expect(days[89][2]).toBe('2026-12-02: 100 % uptime, operational');
      expect(page).toContain('<p class="meta">99.99 % uptime over the last 90 days</p>');
    });

    it('counts uptime over the days a component existed, rounded down so that an outage never reads 100 %', () => {
      const young = uptimeDays({ ...Object.fromEntries(Array.from({ length: 80 }, (_, i) => [i + 10, { uptime: null, worstStatus: null }])), 0: { uptime: 0.9999, worstStatus: 'major_outage' } });
      expect(uptimeSummary(young)).toBe('99.99 % uptime over the last 10 days');
      expect(uptimeSummary(uptimeDays({ 3: { uptime: 0.99999, worstStatus: 'degraded_performance' } }))).toBe('99.99 % uptime over the last 90 days');
      expect(uptimeSummary(uptimeDays().map((day) => ({ ...day, uptime: null, worstStatus: null })))).toBe('No uptime recorded yet');
      // A component made today has one day of history: "the last day", not "the last 1 days".
      const today = uptimeDays(Object.fromEntries(Array.from({ length: 89 }, (_, i) => [i + 1, { uptime: null, worstStatus: null }])));
      expect(uptimeSummary(today)).toBe('100 % uptime over the last day');
      const html = statusPageHtml(settings, publicStatusPage({ components: [publicComponent({ id: 'new', name: 'New', uptimeDays: young })] }));
      expect(html).toContain('<li class="s-none"><span>2026-09-04: no data</span></li>');
    });
  });

  describe('incidents and maintenance', () => {
    it('shows unresolved incidents with their updates: label, body with its line breaks, time, and the components moved', () => {
      const active = page.match(/<section aria-labelledby="active-incidents">([\s\S]*?)<\/section>/)?.[1] ?? '';
      expect(active).toContain('<h3><a href="https://status.acme.example/status/incidents/inc-open">Slow checkout</a></h3>');
      expect(active).toContain('<p class="meta">Identified · Impact: Major</p>\n<p class="meta">Affects: Website</p>');
      expect(active).toContain('<p><strong>Identified</strong> – <span class="body">A database index is missing.\nWe are adding it.</span></p>');
      expect(active).toContain('<p class="meta">Website: Operational → Partial outage</p>');
      expect(active).toContain('<time datetime="2026-12-02T10:30:00.000Z">2026-12-02 10:30 UTC</time>');
      expect(active).not.toContain('API errors');
      expect(page).toContain('.body { white-space: pre-line;');
    });

    it('labels an update that keeps the status "Update", as Statuspage does', () => {
      const incident = publicIncident({
        id: 'i',
        name: 'Still looking',
        updates: [
          publicUpdate({ id: 'u2', status: 'investigating', at: '2026-12-02T10:20:00.000Z', body: 'Still looking.' }),
          publicUpdate({ id: 'u1', status: 'investigating', at: '2026-12-02T10:00:00.000Z', body: 'Looking.' }),
        ],
      });
      const html = statusPageHtml(settings, publicStatusPage({ incidents: [incident] }));
      expect(html).toContain('<strong>Update</strong> – <span class="body">Still looking.</span>');
      expect(html).toContain('<strong>Investigating</strong> – <span class="body">Looking.</span>');
    });

    it('lists running maintenance, then upcoming, with their windows; completed maintenance is not listed', () => {
      const completed = publicMaintenance({ id: 'done', name: 'Old work', status: 'completed' });
      const html = statusPageHtml(settings, publicStatusPage({ maintenances: [...publicStatusPage().maintenances, completed] }));
      const section = html.match(/<section aria-labelledby="maintenance">([\s\S]*?)<\/section>/)?.[1] ?? '';
      expect(section.indexOf('Network work')).toBeLessThan(section.indexOf('Database upgrade'));
      expect(section).toContain(
        '<p class="meta">Scheduled · Scheduled for <time datetime="2026-12-05T02:00:00.000Z">2026-12-05 02:00 UTC</time> – <time datetime="2026-12-05T04:00:00.000Z">2026-12-05 04:00 UTC</time></p>\n<p class="meta">Affects: API</p>',
      );
      expect(section).toContain('<p class="meta">In progress · Scheduled for');
      expect(section).not.toContain('Old work');
    });

    it('leaves out the sections with nothing in them', () => {
      const quiet = statusPageHtml(settings, publicStatusPage({ incidents: [], maintenances: [] }));
      expect(quiet).not.toContain('Active incidents');
      expect(quiet).not.toContain('Scheduled maintenance');
      expect(quiet).toContain('<p>No incidents reported in the last 90 days.</p>');
    });

    it('gives the history of 90 days by day, newest first, each incident linking to its page', () => {
      const old = publicIncident({ id: 'ancient', name: 'Ancient outage', status: 'resolved', createdAt: '2026-08-01T10:00:00.000Z' });
      const html = statusPageHtml(settings, publicStatusPage({ incidents: [...publicStatusPage().incidents, old] }));
      const history = html.match(/<section aria-labelledby="history">([\s\S]*?)<\/section>/)?.[1] ?? '';
      expect(history.match(/<h3><time datetime="[\d-]+">[^<]+<\/time><\/h3>/g)).toEqual([
        '<h3><time datetime="2026-12-02">Dec 2, 2026</time></h3>',
        '<h3><time datetime="2026-12-01">Dec 1, 2026</time></h3>',
        '<h3><time datetime="2026-11-20">Nov 20, 2026</time></h3>',
      ]);
      expect(history).toContain(
        '<li><a href="https://status.acme.example/status/incidents/inc-yesterday">API errors</a> <span class="meta">Resolved · Impact: Minor</span></li>',
      );
      expect(history).not.toContain('Ancient outage');
    });
  });

  describe('escaping', () => {
    const hostilePage = publicStatusPage({
      status: { indicator: 'critical', description: HOSTILE },
      components: [
        publicComponent({ id: 'g', name: HOSTILE, isGroup: true, componentIds: ['c'], status: 'major_outage' }),
        publicComponent({ id: 'c', name: HOSTILE, groupId: 'g', description: HOSTILE, status: 'major_outage' }),
      ],
      incidents: [
        publicIncident({
          id: 'inc"1<',
          name: HOSTILE,
          componentIds: ['c'],
          updates: [
            publicUpdate({ id: 'u', status: 'identified', at: '2026-12-02T10:00:00.000Z', body: HOSTILE, affectedComponents: [{ id: 'c', name: HOSTILE, oldStatus: 'operational', newStatus: 'major_outage' }] }),
          ],
        }),
      ],
      maintenances: [publicMaintenance({ id: 'm', name: HOSTILE, updates: [publicUpdate({ id: 'mu', status: 'scheduled', at: '2026-11-30T09:00:00.000Z', body: HOSTILE })] })],
    });
    const hostileSettings = statusPageSettings({
      name: HOSTILE,
      logoUrl: 'javascript:alert(3)',
      links: [
        { label: HOSTILE, url: 'javascript:alert(4)' },
        { label: 'Tabbed', url: ' java\tscript:alert(5)' },
      ],
    });

    it('escapes every published text on the page: names, descriptions, bodies, the page name and the links', () => {
      const html = statusPageHtml(hostileSettings, hostilePage);
      expect(html).not.toContain('<script>alert');
      expect(html).not.toContain('<img src=x');
      expect(html).not.toContain('"quoted"');
      expect(html).not.toMatch(/javascript:|java\tscript:/i);
      expect(html).not.toMatch(/<script/i);
      // the page name (title, alt, nav label), the banner, the group, the component and its description, the day list's label,
      // the incident, its update and the component it moved, the maintenance and its update, and a link label
      expect(html.split(ESCAPED_HOSTILE).length - 1).toBeGreaterThanOrEqual(14);
      expect(html).toContain(`<img src="${NEUTRALISED_URL}" alt="${ESCAPED_HOSTILE}">`);
      expect(html).toContain(`<li><a href="${NEUTRALISED_URL}">${ESCAPED_HOSTILE}</a></li><li><a href="${NEUTRALISED_URL}">Tabbed</a></li>`);
      expect(html).toContain('href="https://status.acme.example/status/incidents/inc%221%3C"');
    });

    it('escapes them on the incident page too', () => {
      const html = statusIncidentHtml(hostileSettings, hostilePage, 'inc"1<') ?? '';
      expect(html).not.toContain('<script>alert');
      expect(html).not.toMatch(/<script|javascript:/i);
      expect(html).toContain(`<h2>${ESCAPED_HOSTILE}</h2>`);
      expect(html).toContain(`<span class="body">${ESCAPED_HOSTILE}</span>`);
    });
  });
});

describe('the page of one incident', () => {
  const settings = statusPageSettings();

  it('shows the incident with all its updates and the components it affects, under the page name', () => {
    const html = statusIncidentHtml(settings, publicStatusPage(), 'inc-old') ?? '';
    expect(html).toContain('<title>Login delays · Acme Cloud Status</title>');
    expect(headingLevels(html)).toEqual([1, 2, 3]);
    expect(html).toContain('<h1>Acme Cloud</h1>');
    expect(html).toContain('<h2>Login delays</h2>\n<p class="meta">Postmortem · Impact: Minor</p>');
    expect(html.match(/<strong>(\w+)<\/strong>/g)).toEqual(['<strong>Postmortem</strong>', '<strong>Resolved</strong>', '<strong>Investigating</strong>']);
    expect(html).toContain('<p><a href="https://status.acme.example/status">← Current status</a></p>');
    expect(statusIncidentHtml(settings, publicStatusPage(), 'inc-yesterday')).toContain('<p class="meta">Affects: API</p>');
    expect(html).not.toMatch(/<script/i);
  });

  it('shows a scheduled maintenance at the same address, with its window', () => {
    const html = statusIncidentHtml(settings, publicStatusPage(), 'mnt-upcoming') ?? '';
    expect(html).toContain('<h2>Database upgrade</h2>\n<p class="meta">Scheduled · Scheduled for <time datetime="2026-12-05T02:00:00.000Z">');
    expect(html).toContain('<p class="meta">Affects: API</p>');
  });

  it('is null for an id that is not on the page (the server answers 404)', () => {
    expect(statusIncidentHtml(settings, publicStatusPage(), 'nope')).toBeNull();
  });

  it('shows times in the page time zone, named, with the instant in the datetime attribute', () => {
    const html = statusIncidentHtml(statusPageSettings({ timeZone: 'Europe/Paris' }), publicStatusPage(), 'inc-yesterday') ?? '';
    expect(html).toContain('<time datetime="2026-12-01T09:00:00.000Z">2026-12-01 10:00 Europe/Paris</time>');
  });
});
