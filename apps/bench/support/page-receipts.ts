import type { Receipt } from './webhook-receiver';

/** What a channel subscribed to PAGE is sent for each page (Standard Webhooks payload, libs/presentation's webhookPayload). */
const PAGE_TYPE = 'incident.responder_paged';

interface PagePayload {
  type?: string;
  data?: { incident?: { title?: string } | null };
}

/**
 * The pages a local receiver got, by the incident's title (the alert
 * group's). Reads the receipts as they come: `seen` is asked for every few
 * milliseconds while the alerts are sent, so each body is parsed once.
 */
export class PageReceipts {
  private readonly firstAt = new Map<string, number>();
  private readonly titles: string[] = [];
  private readonly others: string[] = [];
  private read = 0;

  constructor(private readonly receipts: () => readonly Receipt[]) {}

  /** When the first page of each title arrived: performance.timeOrigin + now(), ms. */
  get seen(): ReadonlyMap<string, number> {
    this.readNew();
    return this.firstAt;
  }

  /**
   * Throws, saying what went wrong, unless every one of `titles` was paged
   * exactly once and nothing else arrived: a page sent twice (the same
   * webhook-id again, or a second page for one incident) or lost, or a
   * delivery that is not a page, would make the latency a figure of
   * something else.
   */
  expectOnceEach(titles: readonly string[]): void {
    this.readNew();
    const receipts = this.receipts();
    const problems: string[] = [];
    const ids = new Set(receipts.map((receipt) => receipt.id));
    if (ids.size !== receipts.length) problems.push(`${receipts.length - ids.size} deliveries repeated a webhook-id`);
    const counts = new Map<string, number>();
    for (const title of this.titles) counts.set(title, (counts.get(title) ?? 0) + 1);
    const expected = new Set(titles);
    const missing = titles.filter((title) => !counts.has(title));
    const repeated = [...counts].filter(([title, count]) => expected.has(title) && count > 1).map(([title, count]) => `${title} (${count}×)`);
    const unexpected = [...counts.keys()].filter((title) => !expected.has(title));
    if (missing.length > 0) problems.push(`${missing.length} alert groups never paged: ${missing.slice(0, 3).join('; ')}`);
    if (repeated.length > 0) problems.push(`${repeated.length} alert groups paged more than once: ${repeated.slice(0, 3).join('; ')}`);
    if (unexpected.length > 0) problems.push(`${unexpected.length} pages for incidents no alert group sent: ${unexpected.slice(0, 3).join('; ')}`);
    if (this.others.length > 0) problems.push(`${this.others.length} deliveries were not pages: ${this.others.slice(0, 3).join('; ')}`);
    if (problems.length > 0) throw new Error(`of ${titles.length} alert groups' pages, the receiver got ${receipts.length} deliveries: ${problems.join('; ')}`);
  }

  private readNew(): void {
    const receipts = this.receipts();
    for (; this.read < receipts.length; this.read++) {
      const { body, at } = receipts[this.read];
      const payload = parse(body);
      const title = payload?.data?.incident?.title;
      if (payload?.type !== PAGE_TYPE || typeof title !== 'string') {
        this.others.push(body.slice(0, 200));
        continue;
      }
      this.titles.push(title);
      if (!this.firstAt.has(title)) this.firstAt.set(title, at);
    }
  }
}

function parse(body: string): PagePayload | undefined {
  try {
    return JSON.parse(body) as PagePayload;
  } catch {
    return undefined;
  }
}
