/**
 * Alertmanager webhook bodies (version 4) for the alerting scenario, shaped
 * like test/fixtures/alerting/alertmanager/firing.json (a real capture): one
 * notification for one alert group, `alerts` of it firing, each with the
 * labels, annotations, generator URL and fingerprint a Prometheus alert
 * carries. The alerts of a group differ by instance and pod, as a fleet's do.
 */

/** The catalogue service the bench's integration and alerts are about. */
export const BENCH_SERVICE = 'checkout';

export interface AlertGroupSpec {
  /** Names the group: its alertname, group key, fingerprints and summary (so the incident's title) hold it. */
  group: string;
  alerts: number;
  /** The alerts' `severity` label: `critical` maps to SEV2 (an incident), `warning` to SEV4 (recorded only). */
  severity: 'critical' | 'warning';
  /** When the alerts started (ISO 8601). */
  startsAt: string;
}

/** The incident title the ledger gives a group of this name (its alerts' summary: no routing rule sets one). */
export const alertGroupTitle = (group: string): string => `Bench alert group ${group}: checkout errors`;

export function alertmanagerPayload(spec: AlertGroupSpec): Record<string, unknown> {
  const alertname = `BenchCheckoutErrors${spec.group}`;
  const commonLabels = { alertname, job: BENCH_SERVICE, service: BENCH_SERVICE, severity: spec.severity };
  const commonAnnotations = { runbook_url: 'https://runbooks.example.com/checkout', summary: alertGroupTitle(spec.group) };
  const alerts = Array.from({ length: spec.alerts }, (_, index) => ({
    status: 'firing',
    labels: { ...commonLabels, instance: `checkout-${index}.prod.internal:9100`, pod: `checkout-7d9f8c6b5-${index}` },
    annotations: { ...commonAnnotations, description: `5xx rate above 5% on checkout-${index} for 5 minutes` },
    startsAt: spec.startsAt,
    endsAt: '0001-01-01T00:00:00Z',
    generatorURL: 'http://prometheus.example.com:9090/graph?g0.expr=sum+by+%28instance%29+%28rate%28http_requests_total%7Bcode%3D~%225..%22%7D%5B5m%5D%29%29+%3E+0.05',
    fingerprint: `${spec.group}-${index.toString(16).padStart(4, '0')}`,
  }));
  return {
    receiver: 'ledger',
    status: 'firing',
    alerts,
    groupLabels: { alertname },
    commonLabels,
    commonAnnotations,
    externalURL: 'http://alertmanager.example.com:9093',
    version: '4',
    groupKey: `{}:{alertname="${alertname}"}`,
    truncatedAlerts: 0,
  };
}

/** Stands for the group's name in a body template; no label, annotation or URL of the payload holds it otherwise. */
const GROUP_TOKEN = '\u0000group\u0000';

/**
 * A body of `alerts` alerts for any group name, built by joining a template
 * cut at the group's name: the load generator sends hundreds of 100-alert
 * bodies a second, and serialising each would take its CPU from the server
 * it measures (they share the machine).
 */
export function alertmanagerBodyTemplate(spec: Omit<AlertGroupSpec, 'group'>): (group: string) => string {
  // JSON escapes the token's NULs as \u0000: cut at the escaped form.
  const parts = JSON.stringify(alertmanagerPayload({ ...spec, group: GROUP_TOKEN })).split(JSON.stringify(GROUP_TOKEN).slice(1, -1));
  return (group) => parts.join(group);
}
