import { historyAtom, historyRss } from './status-feed';
import { HOSTILE, publicIncident, publicStatusPage, publicUpdate, statusPageSettings } from './testing/status-page-fixtures';

/** An element as a reader gets it: its name, its attributes, its text (CDATA and entities decoded) and its children. */
interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  text: string;
  children: XmlElement[];
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (_, entity: string) => {
    if (entity.startsWith('#x')) return String.fromCodePoint(parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return String.fromCodePoint(Number(entity.slice(1)));
    if (!(entity in ENTITIES)) throw new Error(`unknown entity &${entity};`);
    return ENTITIES[entity];
  });
}

/**
 * A tiny XML reader, enough for a feed: it throws where a parser would (a tag
 * left open or closed out of turn, a stray "<", "&" or "]]>" in text, two
 * roots), so a passing read means the document is well-formed for these.
 */
function parseXml(xml: string): XmlElement {
  const token = /<\?[\s\S]*?\?>|<!\[CDATA\[([\s\S]*?)\]\]>|<\/([\w:]+)\s*>|<([\w:]+)((?:\s+[\w:]+="[^"<]*")*)\s*(\/?)>|([^<]+)|</gy;
  const root: XmlElement = { name: '#document', attributes: {}, text: '', children: [] };
  const open = [root];
  for (const m of xml.matchAll(token)) {
    const [whole, cdata, closing, opening, attributes, selfClosing, text] = m;
    const current = open[open.length - 1];
    if (cdata !== undefined) current.text += cdata;
    else if (closing) {
      if (closing !== current.name) throw new Error(`</${closing}> closes <${current.name}>`);
      open.pop();
    } else if (opening) {
      const element: XmlElement = { name: opening, attributes: {}, text: '', children: [] };
      for (const [, name, value] of attributes.matchAll(/([\w:]+)="([^"]*)"/g)) element.attributes[name] = decode(value);
      current.children.push(element);
      if (!selfClosing) open.push(element);
    } else if (text !== undefined) {
      if (text.includes(']]>')) throw new Error('"]]>" in text');
      if (open.length === 1 && text.trim()) throw new Error('text outside the root');
      current.text += decode(text);
    } else if (!whole.startsWith('<?')) throw new Error(`a stray "<" at ${m.index}`);
  }
  if (open.length !== 1) throw new Error(`<${open[open.length - 1].name}> is not closed`);
  if (root.children.length !== 1) throw new Error('not one root element');
  return root.children[0];
}

function child(element: XmlElement, name: string): XmlElement {
  const found = element.children.find((c) => c.name === name);
  if (!found) throw new Error(`no <${name}> in <${element.name}>`);
  return found;
}

function children(element: XmlElement, name: string): XmlElement[] {
  return element.children.filter((c) => c.name === name);
}

/** What a reader shows of an Atom text construct: type="html" is markup, read as the browser would (here: tags dropped, entities decoded). */
function shownText(element: XmlElement): string {
  return element.attributes.type === 'html' ? decode(element.text.replace(/<[^>]+>/g, '')) : element.text;
}

describe('the tiny XML reader the feed specs rely on', () => {
  it.each([
    ['<a><b></a></b>', '</a> closes <b>'],
    ['<a><![CDATA[x]]>]]></a>', '"]]>" in text'],
    ['<a>&nope;</a>', 'unknown entity'],
    ['<a>1 < 2</a>', 'a stray "<"'],
    ['<a>', 'is not closed'],
    ['<a/><b/>', 'not one root'],
  ])('refuses %s', (xml, problem) => expect(() => parseXml(xml)).toThrow(problem));
});

describe('the history feeds', () => {
  const settings = statusPageSettings();
  const page = publicStatusPage();

  describe('Atom', () => {
    const feed = parseXml(historyAtom(settings, page));

    it('is an Atom feed titled like Statuspage, linking to the page and to itself, updated when the page last changed', () => {
      expect(feed.name).toBe('feed');
      expect(feed.attributes.xmlns).toBe('http://www.w3.org/2005/Atom');
      expect(child(feed, 'title').text).toBe('Acme Cloud - Incident History');
      expect(child(feed, 'updated').text).toBe('2026-12-02T10:30:00.000Z');
      expect(children(feed, 'link').map((l) => l.attributes)).toEqual([
        { rel: 'alternate', href: 'https://status.acme.example/status' },
        { rel: 'self', href: 'https://status.acme.example/history.atom' },
      ]);
      expect(feed.children.map((c) => c.name)).not.toContain('generator');
    });

    it('has one entry per incident and per maintenance, most recently changed first, each with a stable id and a link to its page', () => {
      const entries = children(feed, 'entry');
      expect(entries.map((e) => shownText(child(e, 'title')))).toEqual(['Network work', 'Slow checkout', 'API errors', 'Database upgrade', 'Login delays']);
      const checkout = entries[1];
      expect(child(checkout, 'id').text).toBe('https://status.acme.example/status/incidents/inc-open');
      expect(child(checkout, 'link').attributes.href).toBe('https://status.acme.example/status/incidents/inc-open');
      expect(child(checkout, 'updated').text).toBe('2026-12-02T10:30:00.000Z');
      expect(child(checkout, 'published').text).toBe('2026-12-02T10:00:00.000Z');
      expect(parseXml(historyAtom(settings, page))).toEqual(feed);
    });

    it("gives an incident's updates newest first as HTML, like Statuspage: time, label, body with its line breaks, then the components affected", () => {
      const content = child(children(feed, 'entry')[1], 'content');
      expect(content.attributes.type).toBe('html');
      expect(content.text).toBe(
        '<p><small>2026-12-02 10:30 UTC</small><br><strong>Identified</strong> - A database index is missing.<br>We are adding it.</p>' +
          '<p><small>2026-12-02 10:00 UTC</small><br><strong>Investigating</strong> - Checkout is slow.</p>' +
          '<p>This incident affected: Website.</p>',
      );
    });

    it("starts a maintenance's content with its window", () => {
      const content = child(children(feed, 'entry')[3], 'content');
      expect(content.text).toMatch(/^<p><strong>Scheduled maintenance<\/strong> from 2026-12-05 02:00 UTC to 2026-12-05 04:00 UTC<\/p><p><small>2026-11-30 09:00 UTC<\/small><br><strong>Scheduled<\/strong> - We will upgrade the database.<\/p>/);
      expect(content.text).toMatch(/<p>This scheduled maintenance affected: API.<\/p>$/);
    });

    it('is empty of entries for a page with nothing published', () => {
      expect(children(parseXml(historyAtom(settings, publicStatusPage({ incidents: [], maintenances: [] }))), 'entry')).toEqual([]);
    });
  });

  describe('RSS', () => {
    const rss = parseXml(historyRss(settings, page));
    const channel = child(rss, 'channel');

    it('is an RSS 2.0 channel with the same items, each linking to its page with its id as guid', () => {
      expect(rss.attributes.version).toBe('2.0');
      expect(child(channel, 'title').text).toBe('Acme Cloud - Incident History');
      expect(child(channel, 'link').text).toBe('https://status.acme.example/status');
      expect(child(channel, 'lastBuildDate').text).toBe('Wed, 02 Dec 2026 10:30:00 GMT');
      const items = children(channel, 'item');
      expect(items.map((i) => child(i, 'title').text)).toEqual(['Network work', 'Slow checkout', 'API errors', 'Database upgrade', 'Login delays']);
      expect(child(items[2], 'link').text).toBe('https://status.acme.example/status/incidents/inc-yesterday');
      expect(child(items[2], 'guid').text).toBe('https://status.acme.example/status/incidents/inc-yesterday');
      expect(child(items[2], 'pubDate').text).toBe('Tue, 01 Dec 2026 08:00:00 GMT');
      expect(child(items[2], 'description').text).toBe(
        '<p><small>2026-12-01 09:00 UTC</small><br><strong>Resolved</strong> - Fixed.</p><p><small>2026-12-01 08:00 UTC</small><br><strong>Investigating</strong> - Some calls fail.</p><p>This incident affected: API.</p>',
      );
    });
  });

  describe('published text', () => {
    const title = `${HOSTILE} and a second ]]> too`;
    const hostile = publicStatusPage({
      incidents: [publicIncident({ id: 'h', name: title, updates: [publicUpdate({ id: 'hu', status: 'investigating', at: '2026-12-02T10:00:00.000Z', body: `${HOSTILE}\nline two` })] })],
      maintenances: [],
    });
    const hostileSettings = statusPageSettings({ name: HOSTILE });

    it('stays text in Atom: titles with "<", "&" and "]]>" read as written, bodies are escaped HTML', () => {
      const feed = parseXml(historyAtom(hostileSettings, hostile));
      expect(child(feed, 'title').text).toBe(`${HOSTILE} - Incident History`);
      const entry = child(feed, 'entry');
      expect(shownText(child(entry, 'title'))).toBe(title);
      const content = child(entry, 'content').text;
      expect(content).not.toContain('<script');
      expect(content).not.toContain('<img');
      expect(shownText(child(entry, 'content'))).toContain(`Investigating - ${HOSTILE}line two`);
    });

    it('stays text in RSS too', () => {
      const channel = child(parseXml(historyRss(hostileSettings, hostile)), 'channel');
      expect(child(channel, 'title').text).toBe(`${HOSTILE} - Incident History`);
      const item = child(channel, 'item');
      expect(child(item, 'title').text).toBe(title);
      expect(child(item, 'description').text).not.toMatch(/<script|<img/);
    });
  });
});
