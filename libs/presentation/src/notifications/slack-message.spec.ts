import { NotificationMessage } from '@incident-ledger/domain';
import { SLACK_LIMITS, SlackBlock, SlackMessage, slackMessage, SlackMrkdwn } from './slack-message';
import { declaredSev1, drillSeverityChanged, everyMessage, HOSTILE, hostileMessage, LINK, longStatusUpdate, testMessage } from './testing/message-fixtures';

function mrkdwnTexts(slack: SlackMessage): SlackMrkdwn[] {
  return slack.blocks.flatMap((block): SlackMrkdwn[] => {
    if (block.type === 'section') return 'text' in block ? [block.text] : block.fields;
    return block.type === 'context' ? block.elements : [];
  });
}

function headerText(slack: SlackMessage): string {
  const header = slack.blocks.find((block): block is Extract<SlackBlock, { type: 'header' }> => block.type === 'header');
  return header?.text.text ?? '';
}

function sectionTexts(slack: SlackMessage): string[] {
  return slack.blocks.flatMap((block) => (block.type === 'section' && 'text' in block ? [block.text.text] : []));
}

function withTitle(title: string): NotificationMessage {
  const message = declaredSev1();
  return { ...message, incident: message.incident && { ...message.incident, title } };
}

describe('slackMessage', () => {
  it('shows a declared SEV1 incident: header, summary, facts, who and when, and a button to the incident', () => {
    const slack = slackMessage(declaredSev1());
    expect(slack.blocks.map((block) => block.type)).toEqual(['header', 'section', 'section', 'context', 'actions']);
    expect(headerText(slack)).toBe('[SEV1] Checkout errors');
    expect(sectionTexts(slack)).toEqual(['Declared at SEV1']);
    expect(slack.blocks[2]).toEqual({
      type: 'section',
      fields: [
        { type: 'mrkdwn', text: '*Severity*\nSEV1', verbatim: true },
        { type: 'mrkdwn', text: '*Status*\nINVESTIGATING', verbatim: true },
        { type: 'mrkdwn', text: '*Services*\ncheckout, payments', verbatim: true },
        { type: 'mrkdwn', text: '*Commander*\nalice', verbatim: true },
        { type: 'mrkdwn', text: '*Incident*\ninc-1', verbatim: true },
      ],
    });
    expect(slack.blocks[3]).toEqual({
      type: 'context',
      elements: [
        { type: 'mrkdwn', text: '*By*\nbob', verbatim: true },
        { type: 'mrkdwn', text: '*When*\n2026-03-04 05:06 UTC', verbatim: true },
      ],
    });
    expect(slack.blocks[4]).toEqual({ type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'Open in Incident Ledger', emoji: false }, url: LINK }] });
  });

  it('says everything important in the fallback text alone, for Mattermost and Rocket.Chat', () => {
    expect(slackMessage(declaredSev1()).text).toBe(
      [
        '[SEV1] Checkout errors: Declared at SEV1',
        'Severity: SEV1 · Status: INVESTIGATING · Services: checkout, payments · Commander: alice · Incident: inc-1 · By: bob · When: 2026-03-04 05:06 UTC',
        LINK,
      ].join('\n'),
    );
  });

  it.each(everyMessage())('keeps Block Kit limits for %s', (_, message) => {
    const slack = slackMessage(message);
    expect(slack.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
    expect(headerText(slack).length).toBeLessThanOrEqual(SLACK_LIMITS.headerText);
    for (const block of slack.blocks) {
      if (block.type === 'section' && 'text' in block) expect(block.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
      if (block.type === 'section' && 'fields' in block) {
        expect(block.fields.length).toBeLessThanOrEqual(SLACK_LIMITS.fields);
        for (const field of block.fields) expect(field.text.length).toBeLessThanOrEqual(SLACK_LIMITS.fieldText);
      }
      if (block.type === 'context') expect(block.elements.length).toBeLessThanOrEqual(SLACK_LIMITS.contextElements);
    }
  });

  it('cuts a long status update to a section with an ellipsis, never in the middle of an escaped &', () => {
    const slack = slackMessage(longStatusUpdate());
    const detail = sectionTexts(slack)[1];
    expect(detail).toHaveLength(SLACK_LIMITS.sectionText);
    expect(detail.endsWith('…')).toBe(true);
    expect(detail.startsWith('We are rolling back &amp; watching. ')).toBe(true);
    expect(detail.slice(0, -1)).not.toMatch(/&[a-z]*$/);
    const cutInEntity = slackMessage({ ...longStatusUpdate(), detail: '&'.repeat(4000) });
    expect(sectionTexts(cutInEntity)[1]).toBe(`${'&amp;'.repeat(599)}…`);
    expect(slack.text.split('\n')[2]).toMatch(/^We are rolling back &amp; watching\. .*…$/);
  });

  it('cuts a long title in the header to 150 characters with an ellipsis', () => {
    const header = headerText(slackMessage(withTitle('x'.repeat(200))));
    expect(header).toHaveLength(SLACK_LIMITS.headerText);
    expect(header).toBe(`[SEV1] ${'x'.repeat(142)}…`);
  });

  it('labels a drill DRILL in the header, in its own line, and first in the fallback', () => {
    const slack = slackMessage(drillSeverityChanged());
    expect(headerText(slack)).toBe('[SEV1] [DRILL] Checkout errors');
    expect(sectionTexts(slack)[0]).toBe('*DRILL: this incident is an exercise, not a real outage.*');
    expect(slack.text.split('\n').slice(0, 2)).toEqual(['[SEV1] [DRILL] Checkout errors: Severity changed from SEV3 to SEV1', 'DRILL: this incident is an exercise, not a real outage.']);
  });

  it('shows a test message, about no incident, without incident facts or a button', () => {
    const slack = slackMessage(testMessage());
    expect(slack.blocks.map((block) => block.type)).toEqual(['header', 'section', 'context']);
    expect(headerText(slack)).toBe('[TEST] Incident Ledger');
    expect(slack.text).toBe('[TEST] Test notification from Incident Ledger\nBy: admin · When: 2026-03-04 05:06 UTC');
  });

  describe('hostile text', () => {
    const slack = slackMessage(hostileMessage());
    const escaped = HOSTILE.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

    it('escapes &, < and > in every mrkdwn text, so nothing can ping, link or open a tag, and Slack auto-links nothing', () => {
      for (const text of mrkdwnTexts(slack)) {
        expect(text.text).not.toMatch(/[<>]|&(?!amp;|lt;|gt;)/);
        expect(text.verbatim).toBe(true);
      }
      expect(sectionTexts(slack)[1].startsWith(`${escaped}\n${escaped}`)).toBe(true);
      expect(mrkdwnTexts(slack)).toContainEqual({ type: 'mrkdwn', text: `*By*\n${escaped}`, verbatim: true });
      expect(escaped).toContain('&lt;!channel&gt;');
      expect(escaped).toContain('&amp;amp;');
    });

    it('puts the title in the plain-text header as typed: Slack parses nothing there', () => {
      expect(headerText(slack)).toBe(`[SEV1] ${HOSTILE}`);
    });

    it('keeps the fallback from pinging or linking in Slack, Mattermost or Rocket.Chat', () => {
      const userText = slack.text.split('\n').slice(0, -1).join('\n');
      expect(userText).not.toMatch(/[<>]|&(?!amp;|lt;|gt;)/);
      expect(userText).not.toMatch(/\]\(|(^|\W)@\w/);
      expect(userText).toContain('[link]\u200B(https://evil.example)');
      expect(userText).toContain('@\u200Bhere');
      expect(slack.text.split('\n').at(-1)).toBe(LINK);
    });

    it('makes the only button the link to the incident', () => {
      expect(slack.blocks.filter((block) => block.type === 'actions')).toEqual([expect.objectContaining({ elements: [expect.objectContaining({ url: LINK })] })]);
    });
  });

  it('shows no button, and no link in the fallback, for a link a client must not follow', () => {
    const slack = slackMessage({ ...declaredSev1(), link: 'javascript:alert(1)' });
    expect(slack.blocks.some((block) => block.type === 'actions')).toBe(false);
    expect(slack.text).not.toContain('javascript:');
  });
});
