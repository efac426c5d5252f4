import { optionalLink } from './alert-fields';
import { parseAlertGroupNotification } from './alertmanager-payload';
import type { AlertBatch } from './alert.types';

/**
 * Grafana alerting's webhook contact point: Alertmanager's notification plus, per alert, links to silence it and to
 * its dashboard, panel and screenshot. `orgId`, `title`, `state`, `message` and each alert's `values` are not read:
 * Grafana's documentation marks `title`, `state` and `message` "will be deprecated soon", and the alert's own
 * labels and annotations say the same.
 */
export function parseGrafanaPayload(body: unknown): AlertBatch {
  return parseAlertGroupNotification(body, 'GRAFANA', (alert) => [
    ...optionalLink('SILENCE', alert.silenceURL),
    ...optionalLink('DASHBOARD', alert.dashboardURL),
    ...optionalLink('PANEL', alert.panelURL),
    ...optionalLink('IMAGE', alert.imageURL),
  ]);
}
