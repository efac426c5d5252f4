import { NotificationMessage } from '@incident-ledger/domain';
import { emailMessage } from './email-message';
import { declaredSev1, drillSeverityChanged, everyMessage, HOSTILE, hostileMessage, LINK, longStatusUpdate, testMessage } from './testing/message-fixtures';

/** HOSTILE as the html template escapes it. */
const HOSTILE_ESCAPED = HOSTILE.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function withTitle(title: string): NotificationMessage {
  const message = declaredSev1();
  return { ...message, incident: message.incident && { ...message.incident, title } };
}

describe('emailMessage', () => {
  it('writes a declared SEV1 incident as a subject, a text part and an HTML part that say the same', () => {
    const email = emailMessage(declaredSev1());
    expect(email.subject).toBe('[SEV1] Checkout errors: Declared at SEV1');
    expect(email.text).toBe(
      [
        '[SEV1] Checkout errors: Declared at SEV1',
        '',
        'Severity: SEV1\nStatus: INVESTIGATING\nServices: checkout, payments\nCommander: alice\nIncident: inc-1\nBy: bob\nWhen: 2026-03-04 05:06 UTC',
        '',
        `Open in Incident Ledger: ${LINK}`,
        '',
      ].join('\n'),
    );
    expect(email.html).toContain('<title>[SEV1] Checkout errors: Declared at SEV1</title>');
    expect(email.html).toContain('<h1 style="font-size: 20px; margin: 0 0 8px;">[SEV1] Checkout errors</h1>');
    expect(email.html).toContain('<tr><th style="text-align: left; padding: 2px 12px 2px 0;">Commander</th><td>alice</td></tr>');
    expect(email.html).toContain(`<a href="${LINK}">Open in Incident Ledger</a>`);
  });

  it('keeps a long status update whole in both parts: an email has room', () => {
    const message = longStatusUpdate();
    const email = emailMessage(message);
    expect(email.text).toContain(`\n\n${message.detail}\n\n`);
    expect(email.html).toContain(`<p style="white-space: pre-wrap;">${message.detail?.replace(/&/g, '&amp;')}</p>`);
  });

  it('labels a drill DRILL in the subject, the text part and on top of the HTML part', () => {
    const email = emailMessage(drillSeverityChanged());
    expect(email.subject).toBe('[SEV1] [DRILL] Checkout errors: Severity changed from SEV3 to SEV1');
    expect(email.text.split('\n\n').slice(0, 2)).toEqual([email.subject, 'DRILL: this incident is an exercise, not a real outage.']);
    expect(email.html).toMatch(/<body[^>]*>\n<p [^>]*>DRILL: this incident is an exercise, not a real outage\.<\/p>\n<h1[^>]*>\[SEV1\] \[DRILL\] Checkout errors<\/h1>/);
  });

  it('writes a test message, about no incident, without incident facts or a link', () => {
    const email = emailMessage(testMessage());
    expect(email.subject).toBe('[TEST] Test notification from Incident Ledger');
    expect(email.text).toBe('[TEST] Test notification from Incident Ledger\n\nBy: admin\nWhen: 2026-03-04 05:06 UTC\n');
    expect(email.html).not.toContain('<a ');
  });

  it.each(everyMessage())('keeps the subject of %s on one line', (_, message) => {
    expect(emailMessage(message).subject).not.toMatch(/[\r\n]/);
  });

  it('keeps a title with line breaks from adding a header to the mail: the subject stays one line', () => {
    expect(emailMessage(withTitle('Checkout\r\nBcc: everyone@example.com')).subject).toBe('[SEV1] Checkout Bcc: everyone@example.com: Declared at SEV1');
  });

  describe('hostile text', () => {
    const email = emailMessage(hostileMessage());

    it('escapes it everywhere in the HTML part: no tag, script or link of its own', () => {
      expect(email.html).not.toContain('<script');
      expect(email.html).not.toContain('<!channel>');
      expect(email.html).not.toContain('href="https://evil');
      expect(email.html.match(/<a /g)).toHaveLength(1);
      expect(email.html).toContain(`<h1 style="font-size: 20px; margin: 0 0 8px;">[SEV1] ${HOSTILE_ESCAPED}</h1>`);
      expect(email.html).toContain(`<td>${HOSTILE_ESCAPED}</td>`);
      expect(email.html).toContain(`<p style="white-space: pre-wrap;">${HOSTILE_ESCAPED}\n${HOSTILE_ESCAPED}</p>`);
    });

    it('keeps it as typed in the subject and the text part, which no client reads as markup', () => {
      expect(email.subject).toBe(`[SEV1] ${HOSTILE}: INTERNAL status update posted`);
      expect(email.text).toContain(`${HOSTILE}\n${HOSTILE}`);
      expect(email.text).toContain(`By: ${HOSTILE}`);
    });
  });

  it('links only to an http(s) URL', () => {
    const email = emailMessage({ ...declaredSev1(), link: 'javascript:alert(1)' });
    expect(email.html).not.toContain('javascript:');
    expect(email.html).not.toContain('<a ');
    expect(email.text).not.toContain('javascript:');
  });
});
