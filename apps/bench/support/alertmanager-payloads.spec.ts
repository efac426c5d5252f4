import { parseAlertmanagerPayload, routeAlert, ServiceTier, Severity } from '@incident-ledger/domain';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { alertGroupTitle, alertmanagerBodyTemplate, alertmanagerPayload, BENCH_SERVICE } from './alertmanager-payloads';

/** What the ledger makes of a body: the alerts as parsed, and each one's route with the bench's TIER_1 service and no rule. */
function asTheLedgerReadsIt(body: string) {
  const batch = parseAlertmanagerPayload(JSON.parse(body));
  return batch.alerts.map((alert) => ({ alert, route: routeAlert(alert, 'ALERTMANAGER', [], BENCH_SERVICE, () => ServiceTier.TIER_1) }));
}

const STARTS_AT = '2026-12-02T10:17:47.228Z';

describe('the alerting bench’s Alertmanager payloads', () => {
  it('are one group of 100 distinct firing alerts, titled for the group: what the throughput figures count', () => {
    const body = alertmanagerBodyTemplate({ alerts: 100, severity: 'warning', startsAt: STARTS_AT })('g17');
    const routed = asTheLedgerReadsIt(body);

    expect(routed).toHaveLength(100);
    expect(new Set(routed.map(({ alert }) => alert.groupKey)).size).toBe(1);
    expect(new Set(routed.map(({ alert }) => alert.fingerprint)).size).toBe(100);
    expect(routed.every(({ alert }) => alert.status === 'FIRING' && alert.endsAt === null)).toBe(true);
    expect(routed.every(({ route }) => route.title === alertGroupTitle('g17'))).toBe(true);
  });

  it('make another group for another name, and the same group with the same alerts for the same name', () => {
    const body = alertmanagerBodyTemplate({ alerts: 3, severity: 'warning', startsAt: STARTS_AT });
    const [a, again, b] = [body('a'), body('a'), body('b')].map((each) => asTheLedgerReadsIt(each));

    expect(again).toEqual(a);
    expect(b[0].alert.groupKey).not.toBe(a[0].alert.groupKey);
    expect(b.map(({ alert }) => alert.fingerprint)).not.toEqual(a.map(({ alert }) => alert.fingerprint));
  });

  it('are SEV4 when warning (recorded, no incident) and SEV2 when critical (an incident)', () => {
    const severityOf = (severity: 'warning' | 'critical') =>
      asTheLedgerReadsIt(alertmanagerBodyTemplate({ alerts: 1, severity, startsAt: STARTS_AT })('x'))[0].route.severity;

    expect(severityOf('warning')).toBe(Severity.SEV4);
    expect(severityOf('critical')).toBe(Severity.SEV2);
  });

  it('have the shape of a real Alertmanager capture, and the template builds the payload itself', () => {
    const capture = JSON.parse(readFileSync(join(__dirname, '../../../test/fixtures/alerting/alertmanager/firing.json'), 'utf8'));
    const payload = alertmanagerPayload({ group: 'g1', alerts: 2, severity: 'critical', startsAt: STARTS_AT });
    const keysOf = (value: object) => Object.keys(value).sort();

    expect(keysOf(payload)).toEqual(keysOf(capture));
    expect(keysOf((payload.alerts as object[])[0])).toEqual(keysOf(capture.alerts[0]));
    expect(JSON.parse(alertmanagerBodyTemplate({ alerts: 2, severity: 'critical', startsAt: STARTS_AT })('g1'))).toEqual(payload);
  });
});
