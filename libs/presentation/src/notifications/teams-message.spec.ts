import { AdaptiveCard, CardElement, RichTextBlock, TEAMS_DETAIL_MAX, teamsMessage } from './teams-message';
import { declaredSev1, drillSeverityChanged, everyMessage, HOSTILE, hostileMessage, LINK, longStatusUpdate, testMessage } from './testing/message-fixtures';
import { NotificationMessage } from '@incident-ledger/domain';

function cardOf(message: NotificationMessage): AdaptiveCard {
  return teamsMessage(message).attachments[0].content;
}

function blocksOf(card: AdaptiveCard): RichTextBlock[] {
  return card.body.flatMap((element: CardElement) => (element.type === 'Container' ? element.items : [element]));
}

/** Each RichTextBlock as one line of text: its runs joined. */
function lines(card: AdaptiveCard): string[] {
  return blocksOf(card).map((block) => block.inlines.map((run) => run.text).join(''));
}

/**
 * The parts of the Adaptive Card 1.4 schema (adaptivecards.io/explorer) this card uses, checked by hand: each
 * element's type, its properties and their allowed values. Anything else fails, TextBlock above all (it reads Markdown).
 */
function expectValidCard(card: AdaptiveCard): void {
  expect(Object.keys(card).sort()).toEqual(['$schema', 'actions', 'body', 'msteams', 'type', 'version']);
  expect(card).toMatchObject({ $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', type: 'AdaptiveCard', version: '1.4', msteams: { width: 'Full' } });
  for (const element of card.body) {
    if (element.type === 'Container') {
      expect(Object.keys(element).sort()).toEqual(['items', 'style', 'type']);
      expect(['default', 'emphasis', 'good', 'attention', 'warning', 'accent']).toContain(element.style);
    } else expect(element.type).toBe('RichTextBlock');
  }
  for (const block of blocksOf(card)) {
    expect(block.type).toBe('RichTextBlock');
    expect(['inlines', 'spacing', 'type']).toEqual(expect.arrayContaining(Object.keys(block)));
    if (block.spacing) expect(['None', 'Small', 'Default', 'Medium', 'Large', 'ExtraLarge', 'Padding']).toContain(block.spacing);
    for (const run of block.inlines) {
      expect(run.type).toBe('TextRun');
      expect(typeof run.text).toBe('string');
      expect(['color', 'size', 'text', 'type', 'weight']).toEqual(expect.arrayContaining(Object.keys(run)));
      if (run.weight) expect(['Lighter', 'Default', 'Bolder']).toContain(run.weight);
      if (run.size) expect(['Small', 'Default', 'Medium', 'Large', 'ExtraLarge']).toContain(run.size);
      if (run.color) expect(['Default', 'Dark', 'Light', 'Accent', 'Good', 'Warning', 'Attention']).toContain(run.color);
    }
  }
  for (const action of card.actions) {
    expect(Object.keys(action).sort()).toEqual(['title', 'type', 'url']);
    expect(action.type).toBe('Action.OpenUrl');
    expect(new URL(action.url).protocol).toMatch(/^https?:$/);
  }
}

describe('teamsMessage', () => {
  it('wraps one Adaptive Card the way a Teams Workflows webhook takes it', () => {
    const body = teamsMessage(declaredSev1());
    expect(Object.keys(body)).toEqual(['type', 'attachments']);
    expect(body.type).toBe('message');
    expect(body.attachments).toHaveLength(1);
    expect(body.attachments[0]).toMatchObject({ contentType: 'application/vnd.microsoft.card.adaptive', contentUrl: null });
  });

  it.each(everyMessage())('builds a valid card with no TextBlock (it reads Markdown) for %s', (_, message) => {
    const card = cardOf(message);
    expectValidCard(card);
    expect(JSON.stringify(card)).not.toContain('"TextBlock"');
  });

  it('shows a declared SEV1 incident: title, summary, facts, and a button to the incident', () => {
    const card = cardOf(declaredSev1());
    expect(lines(card)).toEqual([
      '[SEV1] Checkout errors',
      'Declared at SEV1',
      'Severity: SEV1',
      'Status: INVESTIGATING',
      'Services: checkout, payments',
      'Commander: alice',
      'Incident: inc-1',
      'By: bob',
      'When: 2026-03-04 05:06 UTC',
    ]);
    expect(card.actions).toEqual([{ type: 'Action.OpenUrl', title: 'Open in Incident Ledger', url: LINK }]);
  });

  it(`cuts a long status update to ${TEAMS_DETAIL_MAX} characters with an ellipsis`, () => {
    const detail = lines(cardOf(longStatusUpdate()))[2];
    expect(detail).toHaveLength(TEAMS_DETAIL_MAX);
    expect(detail.startsWith('We are rolling back & watching.')).toBe(true);
    expect(detail.endsWith('…')).toBe(true);
  });

  it('labels a drill DRILL on top, in an attention container, and in the title', () => {
    const card = cardOf(drillSeverityChanged());
    expect(card.body[0]).toEqual({
      type: 'Container',
      style: 'attention',
      items: [{ type: 'RichTextBlock', inlines: [{ type: 'TextRun', text: 'DRILL: this incident is an exercise, not a real outage.', weight: 'Bolder', color: 'Attention' }] }],
    });
    expect(lines(card)[1]).toBe('[SEV1] [DRILL] Checkout errors');
  });

  it('shows a test message, about no incident, without incident facts or a button', () => {
    const card = cardOf(testMessage());
    expect(lines(card)).toEqual(['[TEST] Incident Ledger', 'Test notification from Incident Ledger', 'By: admin', 'When: 2026-03-04 05:06 UTC']);
    expect(card.actions).toEqual([]);
  });

  it('carries hostile text as TextRuns, which read no Markdown, so the only link is the card’s own button', () => {
    const card = cardOf(hostileMessage());
    expect(lines(card)).toEqual(
      expect.arrayContaining([`[SEV1] ${HOSTILE}`, `${HOSTILE}\n${HOSTILE}`, `Services: ${HOSTILE}`, `Commander: ${HOSTILE}`, `By: ${HOSTILE}`]),
    );
    const urls: string[] = [];
    JSON.stringify(card, (key, value: unknown) => (key === 'url' && typeof value === 'string' && urls.push(value), value));
    expect(urls).toEqual([LINK]);
  });

  it('shows no button for a link a client must not follow', () => {
    expect(cardOf({ ...declaredSev1(), link: 'javascript:alert(1)' }).actions).toEqual([]);
    expect(cardOf({ ...declaredSev1(), link: '/incidents/inc-1' }).actions).toEqual([]);
  });
});
