import { MessageIncident, NotificationMessage } from '@incident-ledger/domain';

// The body of a signed webhook, in the Standard Webhooks payload convention:
// `type` (dotted), `timestamp` (when the event happened, not when it was
// sent) and `data`. Receivers code against these field names: they only grow.

/** What `data` holds. Every field is always present; those a message does not have are null. */
export interface WebhookData {
  kind: NotificationMessage['kind'];
  summary: string;
  detail: string | null;
  actor: string | null;
  link: string | null;
  incident: WebhookIncident | null;
}

/** The incident as it stood when the event happened. */
export interface WebhookIncident {
  id: string;
  title: string;
  severity: string;
  status: string;
  services: string[];
  drill: boolean;
  commander: string | null;
}

export interface WebhookPayload {
  type: string;
  timestamp: string;
  data: WebhookData;
}

/**
 * The JSON body a webhook channel sends, minified: the signature covers these
 * exact bytes, so the sender signs and sends this string as it is.
 */
export function webhookPayload(message: NotificationMessage): string {
  const payload: WebhookPayload = {
    type: message.type,
    timestamp: message.occurredAt,
    data: {
      kind: message.kind,
      summary: message.summary,
      detail: message.detail,
      actor: message.actor,
      link: message.link,
      incident: message.incident && webhookIncident(message.incident),
    },
  };
  return JSON.stringify(payload);
}

/** Field by field, so a field added to the message later is not sent until it is chosen and documented. */
function webhookIncident(incident: MessageIncident): WebhookIncident {
  return {
    id: incident.id,
    title: incident.title,
    severity: incident.severity,
    status: incident.status,
    services: [...incident.services],
    drill: incident.drill,
    commander: incident.commander,
  };
}
