import firing from '../../../../test/fixtures/alerting/alertmanager/firing-truncated.json';
import resolved from '../../../../test/fixtures/alerting/alertmanager/resolved-truncated.json';
import { parseAlertmanagerPayload } from './alertmanager-payload';
import { ALERTING_LIMITS } from './alerting.limits';
import { copyOf, refusalOf } from './alerting.testing';

const GROUP_KEY = '{}:{alertname="CheckoutLatencyHigh", service="checkout"}';
const GENERATOR_URL =
  'http://prometheus.example.com:9090/graph?g0.expr=histogram_quantile%280.99%2C+rate%28http_request_duration_seconds_bucket%7Bjob%3D%22checkout%22%7D%5B5m%5D%29%29+%3E+2&g0.tab=1';

describe('Alertmanager webhook payloads', () => {
  it('reads a firing group as Alertmanager 0.25 sent it: two alerts sent, one truncated, no end while firing', () => {
    const batch = parseAlertmanagerPayload(firing);

    expect(batch.source).toBe('ALERTMANAGER');
    expect(batch.alerts).toHaveLength(2);
    expect(batch.truncatedAlerts).toBe(1);
    expect(batch.groupResolved).toBe(false);
    expect(batch.senderUrl).toBe('http://alertmanager.example.com:9093');
    expect(batch.alerts[0]).toEqual({
      status: 'FIRING',
      fingerprint: 'c64e3c04248fe83d',
      groupKey: GROUP_KEY,
      labels: { alertname: 'CheckoutLatencyHigh', instance: 'checkout-1:8080', job: 'checkout', service: 'checkout', severity: 'critical' },
      annotations: { runbook_url: 'https://runbooks.example.com/checkout-latency', summary: 'p99 latency of checkout above 2s on checkout-1' },
      startsAt: '2026-12-02T07:49:32.000Z',
      endsAt: null,
      summary: 'p99 latency of checkout above 2s on checkout-1',
      severityHint: 'critical',
      links: [
        { kind: 'GENERATOR', url: GENERATOR_URL, text: null },
        { kind: 'RUNBOOK', url: 'https://runbooks.example.com/checkout-latency', text: null },
      ],
    });
    expect(batch.alerts[1]).toMatchObject({ status: 'FIRING', fingerprint: '8a446f6200e572c8', groupKey: GROUP_KEY, endsAt: null });
  });

  it('reads the same group resolved, with its end time, the alert it left out resolved too', () => {
    const batch = parseAlertmanagerPayload(resolved);

    expect(batch.alerts.map((alert) => [alert.status, alert.groupKey, alert.endsAt])).toEqual([
      ['RESOLVED', GROUP_KEY, '2026-12-02T07:49:32.000Z'],
      ['RESOLVED', GROUP_KEY, '2026-12-02T07:49:32.000Z'],
    ]);
    expect(batch.truncatedAlerts).toBe(1);
    expect(batch.groupResolved).toBe(true);
  });

  it('counts a storm of 1,000 alerts in one group', () => {
    const storm = copyOf(firing);
    storm.alerts = Array.from({ length: 1_000 }, (_, index) => ({ ...firing.alerts[0], labels: { ...firing.alerts[0].labels, instance: `checkout-${index}:8080` }, fingerprint: '' }));
    storm.truncatedAlerts = 0;

    const batch = parseAlertmanagerPayload(storm);

    expect(batch.alerts).toHaveLength(1_000);
    expect(new Set(batch.alerts.map((alert) => alert.groupKey))).toEqual(new Set([GROUP_KEY]));
    expect(new Set(batch.alerts.map((alert) => alert.fingerprint)).size).toBe(1_000);
  });

  it('ignores fields it does not know, at every level', () => {
    const extended = { ...copyOf(firing), notification_reason: 'new', tenant: { id: 7 } };
    extended.alerts[0] = { ...extended.alerts[0], ...{ amixr_demo: true, values: { B: 1 } } };

    expect(parseAlertmanagerPayload(extended)).toEqual(parseAlertmanagerPayload(firing));
  });

  it("computes Alertmanager's own fingerprint when the sender leaves it out, and groups by it when there is no group key", () => {
    const bare = copyOf(firing) as Record<string, unknown> & typeof firing;
    delete (bare as Partial<typeof firing>).groupKey;
    delete (bare.alerts[0] as Partial<(typeof firing.alerts)[0]>).fingerprint;

    const [alert] = parseAlertmanagerPayload(bare).alerts;

    expect(alert.fingerprint).toBe('c64e3c04248fe83d');
    expect(alert.groupKey).toBe('c64e3c04248fe83d');
  });

  it("reads null annotations (Go's empty map) as none and an alert without status by the notification's", () => {
    const old = copyOf(firing) as { alerts: Record<string, unknown>[] };
    old.alerts[0].annotations = null;
    delete old.alerts[0].status;

    const [alert] = parseAlertmanagerPayload(old).alerts;

    expect(alert).toMatchObject({ status: 'FIRING', annotations: {}, summary: 'CheckoutLatencyHigh' });
  });

  it('leaves out a URL that is not an absolute http(s) one instead of refusing the alert', () => {
    const odd = copyOf(firing);
    odd.externalURL = 'http://:9093';
    odd.alerts[0].generatorURL = 'javascript:alert(1)';
    odd.alerts[0].annotations.runbook_url = '/runbooks/checkout';

    const batch = parseAlertmanagerPayload(odd);

    expect(batch.senderUrl).toBeNull();
    expect(batch.alerts[0].links).toEqual([]);
  });

  it.each([
    ['the body is not an object', () => [], 'body'],
    ['alerts is missing', (p: Payload) => void delete (p as Partial<Payload>).alerts, 'alerts'],
    ['an alert is not an object', (p: Payload) => void (p.alerts[1] = 'x' as never), 'alerts[1]'],
    ['labels are not an object', (p: Payload) => void (p.alerts[1].labels = ['a'] as never), 'alerts[1].labels'],
    ['a label value is not a string', (p: Payload) => void (p.alerts[0].labels.instance = 3 as never), 'alerts[0].labels.instance'],
    ['a status is unknown', (p: Payload) => void (p.alerts[0].status = 'pending'), 'alerts[0].status'],
    ['startsAt is missing', (p: Payload) => void delete (p.alerts[0] as Partial<Alert>).startsAt, 'alerts[0].startsAt'],
    ['startsAt is not a time', (p: Payload) => void (p.alerts[0].startsAt = 'yesterday'), 'alerts[0].startsAt'],
    ['endsAt is not a time', (p: Payload) => void (p.alerts[1].endsAt = '2026-13-45T99:00:00Z'), 'alerts[1].endsAt'],
    ['groupKey is not a string', (p: Payload) => void (p.groupKey = 42 as never), 'groupKey'],
    ['truncatedAlerts is negative', (p: Payload) => void (p.truncatedAlerts = -1), 'truncatedAlerts'],
  ])('refuses a payload where %s, naming the field', (_, change, field) => {
    const payload = copyOf(firing);
    const body = change(payload) ?? payload;

    expect(refusalOf(() => parseAlertmanagerPayload(body)).field).toBe(field);
  });

  it('refuses labels and annotations past their limits, naming the alert', () => {
    const tooMany = copyOf(firing);
    tooMany.alerts[1].labels = Object.fromEntries(Array.from({ length: ALERTING_LIMITS.labelsMaxCount + 1 }, (_, i) => [`l${i}`, 'v'])) as never;
    const tooLong = copyOf(firing);
    tooLong.alerts[0].annotations.summary = 'x'.repeat(ALERTING_LIMITS.annotationValueMaxLength + 1);

    expect(refusalOf(() => parseAlertmanagerPayload(tooMany))).toEqual({ field: 'alerts[1].labels', message: `alerts[1].labels must have at most ${ALERTING_LIMITS.labelsMaxCount} entries` });
    expect(refusalOf(() => parseAlertmanagerPayload(tooLong)).field).toBe('alerts[0].annotations.summary');
  });

  it('refuses more alerts than one payload may carry', () => {
    const flood = copyOf(firing);
    flood.alerts = Array.from({ length: ALERTING_LIMITS.alertsMaxCount + 1 }, () => firing.alerts[0]);

    expect(refusalOf(() => parseAlertmanagerPayload(flood)).field).toBe('alerts');
  });
});

type Payload = typeof firing;
type Alert = Payload['alerts'][number];
