import { NotificationMessage } from '@incident-ledger/domain';
import { html, SafeHtml } from '../html';
import { drillNotice, followableLink, headline, MessageFact, messageFacts, messageTitle, OPEN_LINK_LABEL, tagPrefix } from './notification-text';

// An email's subject, text part and HTML part. The HTML is built with the
// escaping `html` template only, so user text is always text, and the one link
// goes through safeUrl (the template applies it to every href). Styles are
// inline: mail clients drop stylesheets.

export interface EmailMessage {
  /** One line: "[SEV1] [DRILL] Checkout errors: Severity changed from SEV3 to SEV1". */
  subject: string;
  text: string;
  html: string;
}

export function emailMessage(message: NotificationMessage): EmailMessage {
  return { subject: headline(message), text: textPart(message), html: String(htmlPart(message)) };
}

/** Paragraphs a reader of plain text sees in the same order as the HTML part's. */
function textPart(message: NotificationMessage): string {
  const link = followableLink(message);
  const paragraphs = [
    headline(message),
    drillNotice(message),
    message.detail,
    messageFacts(message)
      .map(({ label, value }) => `${label}: ${value}`)
      .join('\n'),
    link === null ? null : `${OPEN_LINK_LABEL}: ${link}`,
  ];
  return `${paragraphs.filter((paragraph): paragraph is string => paragraph !== null).join('\n\n')}\n`;
}

function htmlPart(message: NotificationMessage): SafeHtml {
  const drill = drillNotice(message);
  const link = followableLink(message);
  const title = [tagPrefix(message), messageTitle(message)].filter(Boolean).join(' ');
  return html`<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>${headline(message)}</title></head>
<body style="font-family: -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif; color: #1f2328; line-height: 1.4;">
${drill && html`<p style="background: #9a6700; color: #ffffff; padding: 8px 12px; font-weight: bold;">${drill}</p>`}
<h1 style="font-size: 20px; margin: 0 0 8px;">${title}</h1>
<p style="font-weight: bold;">${message.summary}</p>
${message.detail !== null && html`<p style="white-space: pre-wrap;">${message.detail}</p>`}
<table style="border-collapse: collapse;">${messageFacts(message).map(factRow)}</table>
${link !== null && html`<p><a href="${link}">${OPEN_LINK_LABEL}</a></p>`}
</body>
</html>
`;
}

function factRow({ label, value }: MessageFact): SafeHtml {
  return html`<tr><th style="text-align: left; padding: 2px 12px 2px 0;">${label}</th><td>${value}</td></tr>`;
}
