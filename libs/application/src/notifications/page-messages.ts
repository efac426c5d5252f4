import { EscalationExhausted, IncidentEvent, NotificationMessage, ResponderPaged } from '@incident-ledger/domain';

/**
 * The paged person, on the contact methods their page names (email, for
 * now). Only they are sent the page's acknowledgement link: it acknowledges
 * as them.
 */
export function pagedPeople(event: IncidentEvent): string[] {
  return event.type === 'ResponderPaged' && event.data.via.includes('EMAIL') ? [event.data.person] : [];
}

/**
 * A page as its person reads it, most likely on a phone: who is paged, for
 * which incident and at which level, and the link that acknowledges it
 * without an API key (the message's link, shown as plain text too). Without
 * one (the server has no LEDGER_SECRET_KEY) the message keeps the link to
 * the console, if any, and says to acknowledge there.
 */
export function personalPageMessage(event: ResponderPaged, message: NotificationMessage, acknowledgeLink: string | null): NotificationMessage {
  const { person, level, round, reason } = event.data;
  const about = message.incident ? ` for ${message.incident.title} (${message.incident.severity})` : '';
  const where = reason === 'REASSIGN' ? 'the incident was reassigned to you' : `escalation level ${level}${round !== null && round > 1 ? `, round ${round}` : ''}`;
  const how = acknowledgeLink === null ? 'Acknowledge in your console.' : 'Open the link below to acknowledge this page: it works once, and for a limited time.';
  return { ...message, link: acknowledgeLink ?? message.link, detail: `${person}, you are paged${about}: ${where}. ${how}` };
}

/** The alarm of an escalation nobody acknowledged, told in one line that names the incident. */
export function unacknowledgedMessage(event: EscalationExhausted, message: NotificationMessage): NotificationMessage {
  const { rounds } = event.data;
  const about = message.incident ? ` ${message.incident.title} (${message.incident.severity})` : '';
  return { ...message, summary: `Nobody acknowledged${about}: every level was paged ${rounds === 1 ? 'once' : `${rounds} times`}` };
}
