import { invalidInput } from '../shared/domain-error';
import { ALERTING_LIMITS } from './alerting.limits';
import {
  ANNOTATION_LIMITS,
  JsonObject,
  LABEL_LIMITS,
  httpUrl,
  optionalCount,
  optionalLink,
  optionalString,
  optionalTime,
  requireArray,
  requireObject,
  stringMap,
} from './alert-fields';
import { labelsFingerprint } from './alert-fingerprint';
import type { AlertBatch, AlertLink, AlertSource, AlertStatus, NormalisedAlert } from './alert.types';

/**
 * Prometheus Alertmanager's webhook (version 4): one notification for one alert group, with every alert of the group
 * (firing and resolved) unless `max_alerts` cut some (`truncatedAlerts`). Operators can replace the body with a
 * template, so every field the ledger reads is checked; `version`, `receiver`, `groupLabels`, `commonLabels` and
 * `commonAnnotations` are not read (each alert carries its own labels and annotations).
 */
export function parseAlertmanagerPayload(body: unknown): AlertBatch {
  return parseAlertGroupNotification(body, 'ALERTMANAGER', () => []);
}

/** The links a format adds to each alert beyond Alertmanager's (Grafana's silence, dashboard and panel URLs). */
export type ExtraAlertLinks = (alert: JsonObject) => AlertLink[];

/** The notification shape Alertmanager and Grafana share (Grafana's alerting is built on Alertmanager's). */
export function parseAlertGroupNotification(body: unknown, source: AlertSource, extraLinks: ExtraAlertLinks): AlertBatch {
  const payload = requireObject(body, 'body');
  const groupKey = optionalString(payload.groupKey, 'groupKey', ALERTING_LIMITS.groupKeyMaxLength);
  const payloadStatus = payload.status;
  const alerts = requireArray(payload.alerts, 'alerts', ALERTING_LIMITS.alertsMaxCount).map((alert, index) =>
    parseAlert(requireObject(alert, `alerts[${index}]`), `alerts[${index}]`, { groupKey, payloadStatus, extraLinks }),
  );
  return {
    source,
    alerts,
    truncatedAlerts: optionalCount(payload.truncatedAlerts, 'truncatedAlerts'),
    groupResolved: payloadStatus === 'resolved',
    senderUrl: httpUrl(payload.externalURL),
  };
}

interface AlertContext {
  readonly groupKey: string | null;
  readonly payloadStatus: unknown;
  readonly extraLinks: ExtraAlertLinks;
}

function parseAlert(alert: JsonObject, field: string, context: AlertContext): NormalisedAlert {
  const labels = stringMap(alert.labels, `${field}.labels`, LABEL_LIMITS);
  const annotations = stringMap(alert.annotations, `${field}.annotations`, ANNOTATION_LIMITS);
  const fingerprint = optionalString(alert.fingerprint, `${field}.fingerprint`, ALERTING_LIMITS.fingerprintMaxLength) ?? labelsFingerprint(labels);
  const startsAt = optionalTime(alert.startsAt, `${field}.startsAt`);
  if (startsAt === null) throw invalidInput(`${field}.startsAt`, `${field}.startsAt is required: it is when the alert started`);
  return {
    // Webhook receivers written for Alertmanager before 0.15 sent no status per alert: the notification's then holds.
    status: alertStatus(alert.status ?? context.payloadStatus, `${field}.status`),
    fingerprint,
    groupKey: context.groupKey ?? fingerprint,
    labels,
    annotations,
    startsAt,
    endsAt: optionalTime(alert.endsAt, `${field}.endsAt`),
    summary: annotations.summary ?? labels.alertname ?? null,
    severityHint: labels.severity?.trim().toLowerCase() || null,
    links: [
      ...optionalLink('GENERATOR', alert.generatorURL),
      ...optionalLink('RUNBOOK', annotations.runbook_url),
      ...context.extraLinks(alert),
    ],
  };
}

function alertStatus(value: unknown, field: string): AlertStatus {
  if (value === 'firing') return 'FIRING';
  if (value === 'resolved') return 'RESOLVED';
  throw invalidInput(field, `${field} must be "firing" or "resolved"`);
}
