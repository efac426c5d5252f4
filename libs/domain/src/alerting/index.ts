// Alerts in: the monitoring formats the ledger reads, normalised to one shape; integrations, their routing rules, and alert groups.
export * from './alert.types';
export * from './alerting.limits';
export { labelsFingerprint } from './alert-fingerprint';
export { parseAlertmanagerPayload } from './alertmanager-payload';
export { parseGrafanaPayload } from './grafana-payload';
export { parsePagerDutyEvent, PAGERDUTY_SEVERITIES } from './pagerduty-event';
export * from './alert-severity';
export * from './routing-rules';
export * from './integration.events';
export * from './integration.decider';
export * from './alert-group.events';
export * from './alert-group.decider';
export * from './alerting.errors';
export * from './alert-incidents.checkpoint';
