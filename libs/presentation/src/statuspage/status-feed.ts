import { publicAddress, PublicIncident, publicItemUrl, PublicMaintenance, PublicStatusPage, PublicUpdate, StatusPageSettings } from '@incident-ledger/read-models';
import { Feed, Item } from 'feed';
import { html, joinHtml, SafeHtml } from '../html';
import { affectedComponentNames, formatPageTime, updateLabels } from './status-page.html';

// The page's history as feeds (`/history.atom`, `/history.rss`), shaped like
// Statuspage's own: the feed titled "<page> - Incident History", one entry per
// incident and per scheduled maintenance, linking to its page, updated when it
// last changed, its content the public updates newest first ("<time>, <label>
// - <body>") and the components it affected. Like the page, the feeds are
// given the public view only.

type FeedFormat = 'atom' | 'rss';

/** `/history.atom`. */
export function historyAtom(settings: StatusPageSettings, page: PublicStatusPage): string {
  return historyFeed(settings, page, 'atom').atom1();
}

/** `/history.rss`. */
export function historyRss(settings: StatusPageSettings, page: PublicStatusPage): string {
  return historyFeed(settings, page, 'rss').rss2();
}

function historyFeed(settings: StatusPageSettings, page: PublicStatusPage, format: FeedFormat): Feed {
  const atom = publicAddress(settings, '/history.atom');
  const feed = new Feed({
    id: atom,
    title: `${settings.name} - Incident History`,
    description: `Incidents and scheduled maintenance on the ${settings.name} status page`,
    link: settings.url,
    feedLinks: { atom, rss: publicAddress(settings, '/history.rss') },
    // The page's last change, not the time of the request: the same page gives the same feed (and ETag).
    updated: new Date(page.updatedAt),
    language: 'en',
    author: { name: settings.name, link: settings.url },
    // Nothing about the server that runs the page.
    generator: false,
  });
  const entries = [
    ...page.incidents.map((incident) => ({ event: incident, content: incidentContent(settings, page, incident) })),
    ...page.maintenances.map((maintenance) => ({ event: maintenance, content: maintenanceContent(settings, page, maintenance) })),
  ];
  // Most recently changed first, as a reader polling the feed wants to see it; the id breaks ties, for a stable order.
  entries.sort((a, b) => b.event.updatedAt.localeCompare(a.event.updatedAt) || a.event.id.localeCompare(b.event.id));
  for (const { event, content } of entries) feed.addItem(entry(settings, event, content.toString(), format));
  return feed;
}

function entry(settings: StatusPageSettings, event: PublicIncident | PublicMaintenance, content: string, format: FeedFormat): Item {
  const link = publicItemUrl(settings, event.id);
  const common = { id: link, link, date: new Date(event.updatedAt), published: new Date(event.createdAt) };
  if (format === 'atom') {
    // feed writes an Atom title as type="html": the public title is text, so it goes in as escaped HTML.
    return { ...common, title: html`${event.name}`.toString(), content };
  }
  // feed wraps an RSS title in CDATA, and its XML writer splits only the first "]]>" of a CDATA section, so a
  // title with two would end the section early and its rest would be read as XML. An RSS title is plain text:
  // given as an element's text (no title of feed's own), the writer escapes it as any text.
  return { ...common, title: '', extensions: [{ name: 'title', objects: { _text: event.name } }], description: content };
}

function incidentContent(settings: StatusPageSettings, page: PublicStatusPage, incident: PublicIncident): SafeHtml {
  return html`${updatesContent(settings, incident.updates)}${affectedContent(page, 'This incident affected', incident.componentIds)}`;
}

function maintenanceContent(settings: StatusPageSettings, page: PublicStatusPage, maintenance: PublicMaintenance): SafeHtml {
  const window = html`<p><strong>Scheduled maintenance</strong> from ${formatPageTime(settings, maintenance.scheduledFor)} to ${formatPageTime(settings, maintenance.scheduledUntil)}</p>`;
  return html`${window}${updatesContent(settings, maintenance.updates)}${affectedContent(page, 'This scheduled maintenance affected', maintenance.componentIds)}`;
}

/** Statuspage's paragraph per update; a body is plain text, its line breaks kept as <br>. */
function updatesContent(settings: StatusPageSettings, updates: readonly PublicUpdate[]): SafeHtml[] {
  const labels = updateLabels(updates);
  return updates.map(
    (update, i) =>
      html`<p><small>${formatPageTime(settings, update.at)}</small><br><strong>${labels[i]}</strong> - ${joinHtml(update.body.split(/\r?\n/), html`<br>`)}</p>`,
  );
}

function affectedContent(page: PublicStatusPage, intro: string, componentIds: readonly string[]): SafeHtml | null {
  const names = affectedComponentNames(page, componentIds);
  return names.length > 0 ? html`<p>${intro}: ${names.join(', ')}.</p>` : null;
}
