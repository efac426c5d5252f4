/**
 * Limits on alert payloads, enforced by the parsers. They bound the work one request may cause and what an alert
 * group's stream holds; each is well above what the real senders send, so a refusal means a broken template or an
 * abuse, not a busy day.
 */
export const ALERTING_LIMITS = {
  /**
   * Alerts in one Alertmanager or Grafana payload. Both send every alert of the group in each notification unless
   * `max_alerts` is set, and neither retries a 400: a storm of 1,000 alerts must parse, and a limit too close to
   * that would lose the notification outright. Past it, set `max_alerts`: `truncatedAlerts` keeps the count right.
   */
  alertsMaxCount: 10_000,
  /** Prometheus sets no limit; 100 labels is several times what a Kubernetes alert carries. */
  labelsMaxCount: 100,
  labelNameMaxLength: 256,
  /** Label values are routing keys and group names: short by nature (image names and URLs are the long ones). */
  labelValueMaxLength: 2_048,
  annotationsMaxCount: 100,
  annotationNameMaxLength: 256,
  /** Annotations are prose (descriptions, runbook text): longer, but still not a log dump. */
  annotationValueMaxLength: 16_384,
  /** Alertmanager group keys name the route and every `group_by` value. */
  groupKeyMaxLength: 4_096,
  fingerprintMaxLength: 256,
  /** Generator URLs carry a whole PromQL expression, so they outgrow the catalogue's 2,000. */
  urlMaxLength: 8_192,
  /** PagerDuty: "The maximum permitted length of this property is 1024 characters." */
  summaryMaxLength: 1_024,
  /** PagerDuty: a dedup_key of at most 255 characters. */
  dedupKeyMaxLength: 255,
  /** PagerDuty's integration keys are 32 characters ("Length of 'routing_key' is incorrect (should be 32 characters)"). */
  routingKeyLength: 32,
  /** payload.source, component, group and class: short identifiers (a host name, "mysql", "prod-datapipe"). */
  pagerDutyFieldMaxLength: 1_024,
  linksMaxCount: 50,
  linkTextMaxLength: 1_024,
} as const;
