import { SEVERITIES, Severity } from '../incidents/severity';
import { eventCodec, field } from '../shared/event-codec';
import { AlertLink, NormalisedAlert } from './alert.types';

/**
 * An alert group: the alerts one sender groups together (Alertmanager's and
 * Grafana's `groupKey`, PagerDuty's `dedup_key`), with one stream each,
 * `alertgroup-<id>`. It is triggered, acknowledged and resolved, and may be
 * triggered again (a new episode); every alert and every change of an
 * alert's status is on it, each once.
 */
export const ALERT_GROUP_STREAM_PREFIX = 'alertgroup-';

export const alertGroupStreamId = (alertGroupId: string): string => `${ALERT_GROUP_STREAM_PREFIX}${alertGroupId}`;

export type AlertGroupStatus = 'TRIGGERED' | 'ACKNOWLEDGED' | 'RESOLVED';

/** An alert as the group keeps it: what the sender said, without the group key (the group's). */
export type RecordedAlert = Omit<NormalisedAlert, 'groupKey'>;

interface Stamp {
  alertGroupId: string;
  at: string;
  by: string;
}

/** The group starts (again): with what it was routed to when it did. */
export interface AlertGroupTriggered {
  type: 'AlertGroupTriggered';
  data: Stamp & { integrationId: string; groupKey: string; service: string; severity: Severity; title: string; episode: number };
}

/** Alerts that are new to the group, or whose status changed; and how many the sender left out. */
export interface AlertsReceived {
  type: 'AlertsReceived';
  data: Stamp & { alerts: RecordedAlert[]; truncatedAlerts: number };
}

export interface AlertGroupAcknowledged {
  type: 'AlertGroupAcknowledged';
  data: Stamp;
}

/** Every alert of the group's episode is resolved (the sender said so, or a PagerDuty resolve). */
export interface AlertGroupResolved {
  type: 'AlertGroupResolved';
  data: Stamp & { episode: number };
}

/** The incident this episode of the group is part of: one it declared, or one it was attached to. */
export interface AlertGroupIncidentLinked {
  type: 'AlertGroupIncidentLinked';
  data: Stamp & { incidentId: string; episode: number };
}

export type AlertGroupEvent = AlertGroupTriggered | AlertsReceived | AlertGroupAcknowledged | AlertGroupResolved | AlertGroupIncidentLinked;

const stamp = { alertGroupId: field.string, at: field.string, by: field.string };


export const alertGroupEventCodec = eventCodec<AlertGroupEvent>({
  AlertGroupTriggered: {
    shape: { ...stamp, integrationId: field.string, groupKey: field.string, service: field.string, severity: field.oneOf(SEVERITIES), title: field.string, episode: field.integer },
  },
  AlertsReceived: {
    shape: {
      ...stamp,
      alerts: field.objects<RecordedAlert>({
        status: field.oneOf(['FIRING', 'RESOLVED']),
        fingerprint: field.string,
        labels: field.scalars,
        annotations: field.scalars,
        startsAt: field.nullableString,
        endsAt: field.nullableString,
        summary: field.nullableString,
        severityHint: field.nullableString,
        links: field.objects<AlertLink>({ kind: field.string, url: field.string, text: field.nullableString }),
      }),
      truncatedAlerts: field.integer,
    },
  },
  AlertGroupAcknowledged: { shape: stamp },
  AlertGroupResolved: { shape: { ...stamp, episode: field.integer } },
  AlertGroupIncidentLinked: { shape: { ...stamp, incidentId: field.string, episode: field.integer } },
});
