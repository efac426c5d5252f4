// Alerts in: the monitoring formats the ledger reads, normalised to one shape, and the default severity map.
export * from './alert.types';
export * from './alerting.limits';
export { labelsFingerprint } from './alert-fingerprint';
export { parseAlertmanagerPayload } from './alertmanager-payload';
export { parseGrafanaPayload } from './grafana-payload';
export { parsePagerDutyEvent, PAGERDUTY_SEVERITIES } from './pagerduty-event';
export * from './alert-severity';
