import { IncidentStatus } from '../incidents/incident-status';
import { Severity } from '../incidents/severity';
import { NotificationKind } from './notifications.types';

/** The incident a message is about, as it stood when the event happened. */
export interface MessageIncident {
  id: string;
  title: string;
  severity: Severity;
  status: IncidentStatus;
  services: string[];
  /** A drill: every message about it says DRILL. */
  drill: boolean;
  commander: string | null;
}

/**
 * What a delivery says, before it is put in a channel's format (a signed
 * webhook's JSON, Slack blocks, a Teams card, an email): one message per
 * event and channel kind, the same words everywhere.
 */
export interface NotificationMessage {
  /** The webhook's `type`, dotted and stable: `incident.declared`, `incident.status_update_posted`, `notification.test`… */
  type: string;
  /** What a subscription heard; TEST for `testNotificationChannel`; TIMELINE for other entries heard by following an incident. */
  kind: NotificationKind | 'TEST' | 'TIMELINE' | 'STATUS_PAGE';
  /** When it happened: the event's time, ISO 8601. */
  occurredAt: string;
  incident: MessageIncident | null;
  /** One line saying what happened: "Severity changed from SEV3 to SEV1". */
  summary: string;
  /** Longer text, when there is some: a status update's or a note's message. */
  detail: string | null;
  /** Who did it. */
  actor: string | null;
  /** The incident in the ledger, when the server knows its public URL (PUBLIC_URL). */
  link: string | null;
}
