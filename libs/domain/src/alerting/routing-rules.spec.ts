import { ServiceTier } from '../catalogue/service-tier';
import { Severity } from '../incidents/severity';
import { DomainError } from '../shared/domain-error';
import { NormalisedAlert } from './alert.types';
import { checkRoutingRules, routeAlert, RoutingRule } from './routing-rules';

function alert(labels: Record<string, string>, extra: Partial<NormalisedAlert> = {}): NormalisedAlert {
  return { status: 'FIRING', fingerprint: 'f1', groupKey: 'g', labels, annotations: {}, startsAt: null, endsAt: null, summary: null, severityHint: labels.severity ?? null, links: [], ...extra };
}
const rule = (parts: Partial<RoutingRule>): RoutingRule => ({ name: null, matchers: [], service: null, severity: null, title: null, ...parts });
const tiers: Record<string, ServiceTier> = { checkout: ServiceTier.TIER_1, reports: ServiceTier.TIER_3 };
const tierOf = (service: string) => tiers[service] ?? null;

describe('routing rules', () => {
  it('without rules: the integration’s service, the default severity map, the alert’s summary or name as title', () => {
    const route = (a: NormalisedAlert) => routeAlert(a, 'ALERTMANAGER', [], 'checkout', tierOf);
    expect(route(alert({ alertname: 'CheckoutLatency', severity: 'critical' }))).toMatchObject({ service: 'checkout', severity: Severity.SEV2, title: 'CheckoutLatency', rule: null });
    expect(route(alert({ alertname: 'X', severity: 'error' })).severity).toBe(Severity.SEV3);
    expect(route(alert({ alertname: 'X', severity: 'WARNING' })).severity).toBe(Severity.SEV4);
    expect(route(alert({ alertname: 'X', severity: 'info' })).severity).toBe(Severity.SEV5);
    expect(route(alert({ alertname: 'X' }))).toMatchObject({ severity: Severity.SEV3, severityReason: 'the sender gave no severity: the default' });
    expect(route(alert({ alertname: 'X' }, { summary: 'Checkout  is\nslow' })).title).toBe('Checkout is slow');
  });

  it('makes an availability alert on a TIER_1 service SEV1 (the seed’s rule), and not on a lower tier', () => {
    const availability = alert({ alertname: 'Down', severity: 'warning', category: 'availability' });
    expect(routeAlert(availability, 'ALERTMANAGER', [], 'checkout', tierOf)).toMatchObject({ severity: Severity.SEV1, severityReason: 'an availability alert on checkout, a TIER_1 service' });
    expect(routeAlert(availability, 'ALERTMANAGER', [], 'reports', tierOf).severity).toBe(Severity.SEV4);
    expect(routeAlert(alert({ source: 'lb-1', class: 'Availability', severity: 'error' }), 'PAGERDUTY', [], 'checkout', tierOf).severity).toBe(Severity.SEV1);
  });

  it('takes the first rule whose matchers all hold; what it leaves unset falls to the defaults', () => {
    const rules = checkRoutingRules([
      rule({ name: 'db', matchers: [{ field: 'labels.team', operator: 'EQUALS', value: 'db' }, { field: 'labels.env', operator: 'NOT_EQUALS', value: 'staging' }], service: 'postgres' }),
      rule({ matchers: [{ field: 'labels.alertname', operator: 'MATCHES', value: 'Disk.*' }], severity: Severity.SEV5, title: '{{labels.alertname}} on {{ labels.instance }} ({{service}})' }),
      rule({ matchers: [{ field: 'labels.team', operator: 'EQUALS', value: 'db' }], severity: Severity.SEV1 }),
    ]);
    const route = (labels: Record<string, string>) => routeAlert(alert(labels), 'ALERTMANAGER', rules, 'checkout', tierOf);
    expect(route({ team: 'db', env: 'prod', severity: 'critical', alertname: 'PgDown' })).toMatchObject({ service: 'postgres', severity: Severity.SEV2, rule: 1 });
    expect(route({ team: 'db', env: 'staging', alertname: 'PgDown' })).toMatchObject({ service: 'checkout', severity: Severity.SEV1, rule: 3 });
    expect(route({ alertname: 'DiskFull', instance: 'db-1' })).toMatchObject({ severity: Severity.SEV5, title: 'DiskFull on db-1 (checkout)', rule: 2 });
    // A regular expression matches the whole value, as Alertmanager's =~ does.
    expect(route({ alertname: 'NoDiskFull' }).rule).toBeNull();
  });

  it('refuses rules that cannot work, naming the rule and field', () => {
    const refusal = (rules: RoutingRule[]) => {
      try {
        checkRoutingRules(rules);
      } catch (error) {
        return { field: (error as DomainError).details.field, message: (error as DomainError).message };
      }
      return null;
    };
    expect(refusal([rule({ severity: Severity.SEV1 }), rule({ matchers: [{ field: 'labels.a', operator: 'MATCHES', value: '(' }], severity: Severity.SEV2 })])).toMatchObject({ field: 'rules[1].matchers[0].value' });
    expect(refusal([rule({ matchers: [{ field: 'hostname', operator: 'EQUALS', value: 'x' }], severity: Severity.SEV2 })])).toMatchObject({ field: 'rules[0].matchers[0].field' });
    expect(refusal([rule({ matchers: [] })])).toMatchObject({ field: 'rules[0]', message: 'rules[0] sets nothing: give it a service, a severity or a title' });
    expect(refusal([rule({ title: '{{ whoami }}' })])).toMatchObject({ field: 'rules[0].title' });
    expect(refusal([rule({ service: 'Not A Slug' })])).toMatchObject({ field: 'rules[0].service' });
    expect(refusal([])).toBeNull();
  });
});
