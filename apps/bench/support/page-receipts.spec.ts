import { PageReceipts } from './page-receipts';
import type { Receipt } from './webhook-receiver';

const page = (id: string, title: string, at: number): Receipt => ({
  id,
  at,
  eventAt: NaN,
  body: JSON.stringify({ type: 'incident.responder_paged', timestamp: '2026-12-02T11:00:00.000Z', data: { kind: 'PAGE', summary: 'Paged ann (level 1)', incident: { title } } }),
});

describe('the alerting bench’s pages at the local receiver', () => {
  it('time each alert group by its incident’s first page, as deliveries arrive', () => {
    const receipts: Receipt[] = [page('msg_1', 'group a', 10)];
    const pages = new PageReceipts(() => receipts);

    expect([...pages.seen]).toEqual([['group a', 10]]);
    receipts.push(page('msg_2', 'group b', 25));
    expect([...pages.seen]).toEqual([
      ['group a', 10],
      ['group b', 25],
    ]);
    expect(() => pages.expectOnceEach(['group a', 'group b'])).not.toThrow();
  });

  it('fail loudly when a page arrives twice, whether the same delivery again or a second page of one incident', () => {
    const sameDelivery = new PageReceipts(() => [page('msg_1', 'group a', 10), page('msg_1', 'group a', 900)]);
    const secondPage = new PageReceipts(() => [page('msg_1', 'group a', 10), page('msg_2', 'group a', 900)]);

    expect(() => sameDelivery.expectOnceEach(['group a'])).toThrow(/1 deliveries repeated a webhook-id; 1 alert groups paged more than once: group a \(2×\)/);
    expect(() => secondPage.expectOnceEach(['group a'])).toThrow(/1 alert groups paged more than once: group a \(2×\)/);
    expect(secondPage.seen.get('group a')).toBe(10);
  });

  it('fail loudly when a group is never paged, or something else than its pages arrives', () => {
    const declared: Receipt = { id: 'msg_3', at: 30, eventAt: NaN, body: JSON.stringify({ type: 'incident.declared', data: { incident: { title: 'group a' } } }) };
    const pages = new PageReceipts(() => [page('msg_1', 'group a', 10), page('msg_2', 'someone else', 20), declared]);

    expect(() => pages.expectOnceEach(['group a', 'group b'])).toThrow(
      /1 alert groups never paged: group b; 1 pages for incidents no alert group sent: someone else; 1 deliveries were not pages: .*incident\.declared/,
    );
  });
});
