/** The monitoring formats the ledger reads alerts in. */
export type AlertSource = 'ALERTMANAGER' | 'GRAFANA' | 'PAGERDUTY';

export type AlertStatus = 'FIRING' | 'RESOLVED';

/** What a link on an alert leads to, so a page can show "silence" apart from "dashboard". */
export type AlertLinkKind = 'GENERATOR' | 'RUNBOOK' | 'SILENCE' | 'DASHBOARD' | 'PANEL' | 'IMAGE' | 'LINK';

/** An absolute http(s) URL from the payload: nothing else is ever kept, since the ledger shows these as links. */
export interface AlertLink {
  readonly kind: AlertLinkKind;
  readonly url: string;
  readonly text: string | null;
}

/**
 * One alert, the same whichever format it came in. `groupKey` is the alert group it belongs to: Alertmanager's and
 * Grafana's `groupKey`, PagerDuty's `dedup_key`, and the alert's fingerprint when a payload names no group.
 */
export interface NormalisedAlert {
  readonly status: AlertStatus;
  readonly fingerprint: string;
  readonly groupKey: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  /** ISO 8601 in UTC; null when the sender did not say (PagerDuty's timestamp is optional). */
  readonly startsAt: string | null;
  /** Null while the alert fires: Alertmanager and Grafana send the zero time 0001-01-01T00:00:00Z then. */
  readonly endsAt: string | null;
  readonly summary: string | null;
  /** The sender's word for severity (PagerDuty's payload.severity, the `severity` label), lower-cased; see `severityFromHint`. */
  readonly severityHint: string | null;
  readonly links: readonly AlertLink[];
}

/** What one request carried. */
export interface AlertBatch {
  readonly source: AlertSource;
  readonly alerts: readonly NormalisedAlert[];
  /** Alerts the sender left out (`max_alerts`): the group holds `alerts.length + truncatedAlerts`. */
  readonly truncatedAlerts: number;
  /**
   * The sender says every alert of the group resolved, those it left out too: Alertmanager's and Grafana's
   * `status: resolved` (the group's status, firing while any alert fires), PagerDuty's resolve.
   */
  readonly groupResolved: boolean;
  /** The sender's own page (Alertmanager's and Grafana's externalURL, PagerDuty's client_url). */
  readonly senderUrl: string | null;
}

/** A PagerDuty event: an acknowledgement carries no alert, only the key of the group it acknowledges. */
export type PagerDutyAction = 'TRIGGER' | 'ACKNOWLEDGE' | 'RESOLVE';

export interface PagerDutyEvent extends AlertBatch {
  readonly source: 'PAGERDUTY';
  readonly action: PagerDutyAction;
  readonly routingKey: string;
  readonly dedupKey: string;
  /** The trigger named no dedup_key, so the ledger made one; answer it back (`202 { dedup_key }`) as PagerDuty does. */
  readonly dedupKeyGenerated: boolean;
}
