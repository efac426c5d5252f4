import {
  ComponentDay,
  ComponentStatus,
  isActiveMaintenance,
  isUnresolved,
  isUpcoming,
  PublicComponent,
  PublicImpact,
  PublicIncident,
  PublicMaintenance,
  PublicStatusPage,
  PublicUpdate,
  StatusPageSettings,
  PUBLIC_STATUS_WORDS,
  STATUS_PAGE_HISTORY_DAYS,
  publicAddress,
  publicItemUrl,
} from '@incident-ledger/read-models';
import { html, joinHtml, SafeHtml, unsafeRaw } from '../html';
import { formatTimestamp } from '../review-report.html';

// The public status page. It is read hardest during an outage, by customers
// on any device: one small document with its styles inline, nothing else to
// load (but the logo the operator chose), no script, and every state said in
// words as well as in colour. Everything published is text: escaped by the
// `html` template, and links pass its URL check.

/** How the page names each state, and the colour of its word and its mark (each ≥ 4.5:1 on white, and white on it). */
const COMPONENT_STATES: Readonly<Record<ComponentStatus, { word: string; colour: string }>> = {
  operational: { word: 'Operational', colour: '#1a7f37' },
  degraded_performance: { word: 'Degraded performance', colour: '#8a5a00' },
  partial_outage: { word: 'Partial outage', colour: '#b34700' },
  major_outage: { word: 'Major outage', colour: '#c21f2c' },
  under_maintenance: { word: 'Under maintenance', colour: '#0761c9' },
};

/** The page's overall indicator shares the component colours: none is all green, critical is red. */
const IMPACT_COLOURS: Readonly<Record<PublicImpact, string>> = {
  none: COMPONENT_STATES.operational.colour,
  minor: COMPONENT_STATES.degraded_performance.colour,
  major: COMPONENT_STATES.partial_outage.colour,
  critical: COMPONENT_STATES.major_outage.colour,
};

const IMPACT_WORDS: Readonly<Record<PublicImpact, string>> = { none: 'None', minor: 'Minor', major: 'Major', critical: 'Critical' };

const DAY_MS = 86_400_000;

/** `/status`: the page's overall state, its components with their uptime, open incidents, maintenance and 90 days of history. */
export function statusPageHtml(settings: StatusPageSettings, page: PublicStatusPage): string {
  const body = html`<div class="banner i-${page.status.indicator}" role="status">${page.status.description}</div>
${activeIncidents(settings, page)}
${maintenanceSection(settings, page)}
${componentsSection(page)}
${historySection(settings, page)}
${settings.subscriptions && subscribeSection(page)}`;
  return pageDocument(settings, page, `${settings.name} Status`, body);
}

/**
 * A short page of the status page's own (a subscription's confirmation, its
 * unsubscription): a heading, a few lines, and at most one button, which
 * posts back to the page's own address (a link preview or a mail scanner
 * that opens the link changes nothing).
 */
export function statusNoticeHtml(settings: StatusPageSettings, page: PublicStatusPage, notice: { title: string; lines: readonly string[]; button: string | null }): string {
  const body = html`<section class="notice">
<h2>${notice.title}</h2>
${notice.lines.map((line) => html`<p>${line}</p>`)}
${notice.button !== null && html`<form method="post"><button type="submit">${notice.button}</button></form>`}
<p><a href="${settings.url}">← Current status</a></p>
</section>`;
  return pageDocument(settings, page, `${notice.title} · ${settings.name} Status`, body);
}

/** Email updates: an address, and optionally the components to hear of (none chosen: all). */
function subscribeSection(page: PublicStatusPage): SafeHtml {
  // The components the page shows: one shown only while degraded is offered only while it is.
  const components = page.components.filter((component) => !component.isGroup && isShown(component));
  return html`<section aria-labelledby="subscribe">
<h2 id="subscribe">Get updates by email</h2>
<form method="post" action="/status/subscribe">
<p><label for="subscribe-email">Email address</label>
<input id="subscribe-email" name="email" type="email" required autocomplete="email" maxlength="254">
<button type="submit">Subscribe</button></p>
${
  components.length > 0 &&
  html`<fieldset><legend>Only these components (none chosen: all)</legend>
${components.map((component) => html`<label><input type="checkbox" name="components" value="${component.id}"> ${component.name}</label> `)}
</fieldset>`
}
<p class="hint">We send a link to confirm the address first. Every message has a link to unsubscribe.</p>
</form>
</section>`;
}

/**
 * `/status/incidents/<id>`: one incident (or one scheduled maintenance, which
 * Statuspage serves at the same address) with all its updates and the
 * components it affects; null when the id is not on the page.
 */
export function statusIncidentHtml(settings: StatusPageSettings, page: PublicStatusPage, incidentId: string): string | null {
  const incident = page.incidents.find((i) => i.id === incidentId);
  const maintenance = page.maintenances.find((m) => m.id === incidentId);
  const event = incident ?? maintenance;
  if (!event) return null;
  const facts = incident ? incidentFacts(page, incident) : maintenance && maintenanceFacts(settings, page, maintenance);
  const body = html`<p><a href="${settings.url}">← Current status</a></p>
<article class="event">
<h2>${event.name}</h2>
${facts}
<h3>Updates</h3>
${updateList(settings, event.updates)}
</article>`;
  return pageDocument(settings, page, `${event.name} · ${settings.name} Status`, body);
}


/**
 * Each update's label, as Statuspage shows it: its status when the status
 * changed with it, "Update" when it only added news (updates newest first).
 */
export function updateLabels(updates: readonly PublicUpdate[]): string[] {
  return updates.map((update, i) => (updates[i + 1]?.status === update.status ? 'Update' : PUBLIC_STATUS_WORDS[update.status]));
}

/** "2026-12-02 10:30 UTC": an instant in the page's time zone, named. */
export function formatPageTime(settings: StatusPageSettings, at: string): string {
  return `${formatTimestamp(at, settings.timeZone)} ${settings.timeZone}`;
}

/** The names of the components an incident or a maintenance affects, in page order. */
export function affectedComponentNames(page: PublicStatusPage, componentIds: readonly string[]): string[] {
  return page.components.filter((c) => componentIds.includes(c.id)).map((c) => c.name);
}

function activeIncidents(settings: StatusPageSettings, page: PublicStatusPage): SafeHtml | null {
  const open = page.incidents.filter(isUnresolved);
  if (open.length === 0) return null;
  return html`<section aria-labelledby="active-incidents">
<h2 id="active-incidents">Active incidents</h2>
${open.map(
  (incident) => html`<article class="event">
<h3><a href="${publicItemUrl(settings, incident.id)}">${incident.name}</a></h3>
${incidentFacts(page, incident)}
${updateList(settings, incident.updates)}
</article>`,
)}
</section>`;
}

function maintenanceSection(settings: StatusPageSettings, page: PublicStatusPage): SafeHtml | null {
  // Running first: it affects customers now; then the upcoming, soonest first.
  const running = page.maintenances.filter(isActiveMaintenance);
  const upcoming = page.maintenances.filter(isUpcoming).sort((a, b) => a.scheduledFor.localeCompare(b.scheduledFor));
  if (running.length + upcoming.length === 0) return null;
  return html`<section aria-labelledby="maintenance">
<h2 id="maintenance">Scheduled maintenance</h2>
${[...running, ...upcoming].map(
  (maintenance) => html`<article class="event">
<h3><a href="${publicItemUrl(settings, maintenance.id)}">${maintenance.name}</a></h3>
${maintenanceFacts(settings, page, maintenance)}
${updateList(settings, maintenance.updates)}
</article>`,
)}
</section>`;
}

function incidentFacts(page: PublicStatusPage, incident: PublicIncident): SafeHtml {
  return html`<p class="meta">${PUBLIC_STATUS_WORDS[incident.status]} · Impact: ${IMPACT_WORDS[incident.impact]}</p>
${affects(page, incident.componentIds)}`;
}

function maintenanceFacts(settings: StatusPageSettings, page: PublicStatusPage, maintenance: PublicMaintenance): SafeHtml {
  return html`<p class="meta">${PUBLIC_STATUS_WORDS[maintenance.status]} · Scheduled for ${time(settings, maintenance.scheduledFor)} – ${time(settings, maintenance.scheduledUntil)}</p>
${affects(page, maintenance.componentIds)}`;
}

function affects(page: PublicStatusPage, componentIds: readonly string[]): SafeHtml | null {
  const names = affectedComponentNames(page, componentIds);
  return names.length > 0 ? html`<p class="meta">Affects: ${names.join(', ')}</p>` : null;
}

/** Updates newest first; each body is plain text whose line breaks the page keeps (white-space: pre-line). */
function updateList(settings: StatusPageSettings, updates: readonly PublicUpdate[]): SafeHtml {
  const labels = updateLabels(updates);
  return html`<ol class="updates">
${updates.map(
  (update, i) => html`<li>
<p><strong>${labels[i]}</strong> – <span class="body">${update.body}</span></p>
${update.affectedComponents && html`<p class="meta">${joinHtml(update.affectedComponents.map((c) => `${c.name}: ${COMPONENT_STATES[c.oldStatus].word} → ${COMPONENT_STATES[c.newStatus].word}`), '; ')}</p>`}
<p class="meta">${time(settings, update.at)}</p>
</li>`,
)}
</ol>`;
}

function componentsSection(page: PublicStatusPage): SafeHtml {
  const byId = new Map(page.components.map((c) => [c.id, c]));
  const items = page.components
    .filter((c) => c.groupId === null && isShown(c))
    .map((c) => (c.isGroup ? groupItem(c, c.componentIds.flatMap((id) => byId.get(id) ?? []).filter(isShown)) : componentItem(c)));
  return html`<section aria-labelledby="components">
<h2 id="components">Components</h2>
<ul class="components">
${items}
</ul>
</section>`;
}

/** Statuspage's `only_show_if_degraded`: such a component appears only while it is not operational. */
function isShown(component: PublicComponent): boolean {
  return !component.onlyShowIfDegraded || component.status !== 'operational';
}

function groupItem(group: PublicComponent, children: PublicComponent[]): SafeHtml | null {
  if (children.length === 0) return null;
  return html`<li class="group">
<div class="row"><h3>${group.name}</h3>${stateWord(group.status)}</div>
<ul class="components">
${children.map(componentItem)}
</ul>
</li>`;
}

function componentItem(component: PublicComponent): SafeHtml {
  return html`<li>
<div class="row"><span class="name">${component.name}</span>${stateWord(component.status)}</div>
${component.description && html`<p class="meta">${component.description}</p>`}
${uptimeBar(component)}
</li>`;
}

function stateWord(status: ComponentStatus): SafeHtml {
  return html`<span class="state s-${status}"><span class="mark" aria-hidden="true"></span>${COMPONENT_STATES[status].word}</span>`;
}

/**
 * The last 90 days as a list: a summary in words, then one item per day whose
 * text (its date, share and worst state) a screen reader reads and a mouse
 * shows on hover; its colour is its worst state.
 */
function uptimeBar(component: PublicComponent): SafeHtml | null {
  if (component.uptimeDays.length === 0) return null;
  return html`<div class="uptime">
<p class="meta">${uptimeSummary(component.uptimeDays)}</p>
<ol class="days" aria-label="${component.name}: uptime by day, oldest first">${component.uptimeDays.map(
    (day) => html`<li class="s-${day.worstStatus ?? 'none'}"><span>${dayText(day)}</span></li>`,
  )}</ol>
</div>`;
}

/** "99.95 % uptime over the last 90 days", over the days the component existed ("the last day" on its first). */
export function uptimeSummary(days: readonly ComponentDay[]): string {
  const known = days.flatMap((d) => (d.uptime === null ? [] : [d.uptime]));
  if (known.length === 0) return 'No uptime recorded yet';
  const share = known.reduce((sum, uptime) => sum + uptime, 0) / known.length;
  return `${formatPercent(share)} % uptime over the last ${known.length === 1 ? 'day' : `${known.length} days`}`;
}

function dayText(day: ComponentDay): string {
  if (day.uptime === null || day.worstStatus === null) return `${day.date}: no data`;
  return `${day.date}: ${formatPercent(day.uptime)} % uptime, ${COMPONENT_STATES[day.worstStatus].word.toLowerCase()}`;
}

/** Rounded down to two decimals, so that a day with any outage never reads as 100 %. */
function formatPercent(share: number): string {
  return String(Math.floor(share * 10_000 + 1e-9) / 100);
}

/** Incidents that started in the last 90 days, by UTC day, newest day first, each linking to its own page. */
function historySection(settings: StatusPageSettings, page: PublicStatusPage): SafeHtml {
  const since = Date.parse(page.asOf) - STATUS_PAGE_HISTORY_DAYS * DAY_MS;
  const days = new Map<string, PublicIncident[]>();
  for (const incident of page.incidents.filter((i) => Date.parse(i.startedAt) >= since)) {
    const day = incident.startedAt.slice(0, 10);
    days.set(day, [...(days.get(day) ?? []), incident]);
  }
  const newestFirst = [...days.entries()].sort(([a], [b]) => b.localeCompare(a));
  return html`<section aria-labelledby="history">
<h2 id="history">Past incidents</h2>
${newestFirst.length === 0 && html`<p>No incidents reported in the last ${STATUS_PAGE_HISTORY_DAYS} days.</p>`}
${newestFirst.map(
  ([day, incidents]) => html`<h3><time datetime="${day}">${formatDay(day)}</time></h3>
<ul class="history">
${incidents.map(
  (incident) => html`<li><a href="${publicItemUrl(settings, incident.id)}">${incident.name}</a> <span class="meta">${PUBLIC_STATUS_WORDS[incident.status]} · Impact: ${IMPACT_WORDS[incident.impact]}</span></li>`,
)}
</ul>`,
)}
</section>`;
}

function formatDay(day: string): string {
  return new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', year: 'numeric', month: 'short', day: 'numeric' }).format(new Date(`${day}T00:00:00Z`));
}

function time(settings: StatusPageSettings, at: string): SafeHtml {
  return html`<time datetime="${at}">${formatPageTime(settings, at)}</time>`;
}

/** The colour rules, written from the constants above when the module loads: no published value reaches them. */
const COLOUR_RULES = unsafeRaw(
  [
    ...Object.entries(COMPONENT_STATES).map(([status, { colour }]) => `.s-${status} { color: ${colour}; }\n.days .s-${status} { background: ${colour}; }`),
    ...Object.entries(IMPACT_COLOURS).map(([impact, colour]) => `.i-${impact} { background: ${colour}; }`),
  ].join('\n'),
);

/** Contrast: the text is #1d2733 on white (15:1), the muted text #57606a (6.2:1); state colours are in COMPONENT_STATES. */
const PAGE_STYLE = html`<style>
body { font: 16px/1.5 system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; color: #1d2733; background: #ffffff; max-width: 50em; margin: 0 auto; padding: 1em; }
header { display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: 0.5em 1em; }
h1 { font-size: 1.6em; margin: 0.3em 0; }
h1 img { max-height: 2em; vertical-align: middle; }
h2 { font-size: 1.3em; margin-top: 1.5em; }
h3 { font-size: 1.05em; margin: 0.8em 0 0.3em; }
a { color: #0761c9; }
nav ul, ul.components, ul.history, ol.updates { list-style: none; padding: 0; margin: 0; }
nav li { display: inline; margin-left: 1em; }
.banner { color: #ffffff; font-size: 1.2em; font-weight: bold; padding: 0.8em 1em; border-radius: 6px; margin: 1em 0; }
.event { border: 1px solid #d0d7de; border-radius: 6px; padding: 0 1em 0.5em; margin-bottom: 1em; }
.meta { color: #57606a; margin: 0.2em 0; }
.body { white-space: pre-line; overflow-wrap: anywhere; }
ol.updates li { border-top: 1px solid #d0d7de; padding: 0.3em 0; }
ul.components > li { border-top: 1px solid #d0d7de; padding: 0.6em 0; }
ul.components ul.components { margin-left: 1em; }
.row { display: flex; justify-content: space-between; gap: 1em; align-items: baseline; }
.row h3 { margin: 0; }
.name { font-weight: bold; }
.state { font-weight: bold; white-space: nowrap; }
.mark { display: inline-block; width: 0.7em; height: 0.7em; border-radius: 50%; margin-right: 0.4em; background: currentColor; }
${COLOUR_RULES}
.days { display: flex; gap: 1px; list-style: none; padding: 0; margin: 0.3em 0; height: 2em; }
.days li { flex: 1; position: relative; border-radius: 1px; background: #d0d7de; }
.days span { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
.days li:hover span { width: auto; height: auto; clip-path: none; top: 2.2em; right: 0; z-index: 1; padding: 0.2em 0.5em; color: #ffffff; background: #1d2733; border-radius: 4px; }
footer { margin-top: 2em; border-top: 1px solid #d0d7de; color: #57606a; }
footer a { margin-right: 1em; }
form label { margin-right: 0.6em; }
input, button { font: inherit; }
fieldset { border: 1px solid #d0d7de; margin: 0.5em 0; }
.hint { color: #57606a; }
</style>`;

function pageDocument(settings: StatusPageSettings, page: PublicStatusPage, title: string, main: SafeHtml): string {
  const atom = publicAddress(settings, '/history.atom');
  const rss = publicAddress(settings, '/history.rss');
  return html`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<link rel="icon" href="data:,">
<link rel="alternate" type="application/atom+xml" title="${settings.name} incident history (Atom)" href="${atom}">
<link rel="alternate" type="application/rss+xml" title="${settings.name} incident history (RSS)" href="${rss}">
${PAGE_STYLE}
</head>
<body>
<header>
<h1>${settings.logoUrl ? html`<img src="${settings.logoUrl}" alt="${settings.name}">` : settings.name}</h1>
${settings.links.length > 0 && html`<nav aria-label="${settings.name}"><ul>${settings.links.map((link) => html`<li><a href="${link.url}">${link.label}</a></li>`)}</ul></nav>`}
</header>
<main>
${main}
</main>
<footer>
<p><a href="${atom}">Atom feed</a> · <a href="${rss}">RSS feed</a> · <a href="${publicAddress(settings, '/api/v2/summary.json')}">API</a></p>
<p>Last updated ${time(settings, page.updatedAt)}</p>
</footer>
</body>
</html>
`.toString();
}
