import { NotificationMessage } from '@incident-ledger/domain';
import { html } from '../html';

// What a status page subscriber receives: the public message only (a
// subscriber's message never names an internal incident: it has none), with
// the link to the public page and the link that unsubscribes, in every message.

const UNSUBSCRIBE_LABEL = 'Unsubscribe';

/** An email to a subscriber: its subject is the message's summary. */
export function subscriberEmail(message: NotificationMessage, unsubscribeUrl: string | null): { subject: string; text: string; html: string } {
  const text = [message.summary, message.detail, message.link && `More: ${message.link}`, unsubscribeUrl && `${UNSUBSCRIBE_LABEL}: ${unsubscribeUrl}`].filter((part): part is string => Boolean(part)).join('\n\n');
  const body = html`<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>${message.summary}</title></head>
<body style="font-family: -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif; color: #1f2328; line-height: 1.4;">
<h1 style="font-size: 20px; margin: 0 0 8px;">${message.summary}</h1>
${message.detail !== null && html`<p style="white-space: pre-wrap;">${message.detail}</p>`}
${message.link !== null && html`<p><a href="${message.link}">${message.type === 'statuspage.subscription_confirmation' ? 'Confirm your subscription' : 'See the status page'}</a></p>`}
${unsubscribeUrl !== null && html`<p style="font-size: 12px; color: #57606a;"><a href="${unsubscribeUrl}">${UNSUBSCRIBE_LABEL}</a> from these messages.</p>`}
</body>
</html>
`;
  return { subject: message.summary, text: `${text}\n`, html: String(body) };
}

/** A webhook subscriber's JSON: the message, and `meta.unsubscribe` as Statuspage's webhooks carry it. */
export function subscriberWebhook(message: NotificationMessage, unsubscribeUrl: string | null): string {
  return JSON.stringify({ meta: { unsubscribe: unsubscribeUrl }, type: message.type, occurred_at: message.occurredAt, summary: message.summary, detail: message.detail, link: message.link });
}
