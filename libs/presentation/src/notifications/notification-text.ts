import { NotificationMessage } from '@incident-ledger/domain';
import { formatTimestamp } from '../review-report.html';

// What every channel's format says, in the same words: the tags that lead a
// message ([SEV1] [DRILL]), its one-line headline, the facts under it, and how
// text is shortened where a format has a limit. Each format only lays these out.

/** The word every message about a drill carries, where a reader sees it first. */
export const DRILL_LABEL = 'DRILL';

/** The label of the link to the incident, in every format that shows one. */
export const OPEN_LINK_LABEL = 'Open in Incident Ledger';

/** What ends text cut to fit a limit. */
export const ELLIPSIS = '…';

/** The tags that lead a message: the severity and DRILL for an incident, TEST for a test message. */
export function messageTags(message: NotificationMessage): string[] {
  const tags: string[] = [];
  if (message.incident) tags.push(message.incident.severity);
  if (message.incident?.drill) tags.push(DRILL_LABEL);
  if (message.kind === 'TEST') tags.push('TEST');
  return tags;
}

/** "[SEV1] [DRILL]": the tags as they lead a subject or a header. */
export function tagPrefix(message: NotificationMessage): string {
  return messageTags(message)
    .map((tag) => `[${tag}]`)
    .join(' ');
}

/** What a header names: the incident's title; the ledger itself for a message about no incident (its summary follows). */
export function messageTitle(message: NotificationMessage): string {
  return oneLine(message.incident?.title ?? 'Incident Ledger');
}

/** "[SEV1] [DRILL] Checkout errors: Severity changed from SEV3 to SEV1", on one line: an email's subject, a chat fallback's first line. */
export function headline(message: NotificationMessage): string {
  const what = message.incident ? `${message.incident.title}: ${message.summary}` : message.summary;
  return oneLine([tagPrefix(message), what].filter(Boolean).join(' '));
}

/** A label and its value, shown as "Severity: SEV1" or in a table. */
export interface MessageFact {
  label: string;
  value: string;
}

/** What the incident was when the event happened: severity, status, services, commander, id; none without an incident. */
export function incidentFacts(message: NotificationMessage): MessageFact[] {
  const { incident } = message;
  if (!incident) return [];
  return [
    { label: 'Severity', value: incident.severity },
    { label: 'Status', value: incident.status },
    { label: 'Services', value: incident.services.join(', ') || 'none' },
    { label: 'Commander', value: incident.commander ?? 'none' },
    { label: 'Incident', value: incident.id },
  ];
}

/** Who did it and when (in UTC: a channel has many readers in many time zones). */
export function eventFacts(message: NotificationMessage): MessageFact[] {
  const when = { label: 'When', value: `${formatTimestamp(message.occurredAt, 'UTC')} UTC` };
  return message.actor === null ? [when] : [{ label: 'By', value: message.actor }, when];
}

/** Every fact, in the same order in every format that lists them all. */
export function messageFacts(message: NotificationMessage): MessageFact[] {
  return [...incidentFacts(message), ...eventFacts(message)];
}

/** Said under the headline of every message about a drill, so nobody mistakes it for an outage. */
export function drillNotice(message: NotificationMessage): string | null {
  return message.incident?.drill ? `${DRILL_LABEL}: this incident is an exercise, not a real outage.` : null;
}

/**
 * The link to the incident when a chat client may follow it: an absolute
 * http(s) URL (a card's or a button's URL cannot be relative), else null.
 * The server builds it from PUBLIC_URL, so this guards a misconfiguration.
 */
export function followableLink(message: NotificationMessage): string | null {
  if (message.link === null) return null;
  try {
    const { protocol } = new URL(message.link);
    return protocol === 'http:' || protocol === 'https:' ? message.link : null;
  } catch {
    return null;
  }
}

/** Text cut to at most `max` UTF-16 units, ending with an ellipsis when cut, never in the middle of a surrogate pair. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  return withoutBrokenPair(text.slice(0, max - ELLIPSIS.length)) + ELLIPSIS;
}

/**
 * Like `truncate`, for text already escaped with HTML entities (`&amp;`):
 * the limit counts what is sent, and a cut never leaves half an entity.
 */
export function truncateEscaped(escaped: string, max: number): string {
  if (escaped.length <= max) return escaped;
  const cut = escaped.slice(0, max - ELLIPSIS.length).replace(/&[a-z#0-9]*$/i, '');
  return withoutBrokenPair(cut) + ELLIPSIS;
}

function withoutBrokenPair(text: string): string {
  return /[\uD800-\uDBFF]$/.test(text) ? text.slice(0, -1) : text;
}

/** Line breaks and runs of spaces become one space: for subjects and headers, which are one line. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
