import firing from '../../../../test/fixtures/alerting/grafana/firing.json';
import { copyOf, refusalOf } from './alerting.testing';
import { parseGrafanaPayload } from './grafana-payload';

describe('Grafana alerting webhook payloads', () => {
  it("reads the documentation's example: two firing alerts of one group, with silence links and no end", () => {
    const batch = parseGrafanaPayload(firing);

    expect(batch).toMatchObject({ source: 'GRAFANA', truncatedAlerts: 0, senderUrl: 'https://play.grafana.org/' });
    expect(batch.alerts.map((alert) => [alert.status, alert.fingerprint, alert.groupKey, alert.startsAt, alert.endsAt])).toEqual([
      ['FIRING', 'c6eadffa33fcdf37', '{}:{}', '2021-10-12T07:51:03.157Z', null],
      ['FIRING', 'bc97ff14869b13e3', '{}:{}', '2021-10-12T07:56:03.157Z', null],
    ]);
    expect(batch.alerts[0]).toMatchObject({
      labels: { alertname: 'High memory usage', team: 'blue', zone: 'us-1' },
      summary: 'This alert was triggered for zone us-1',
      severityHint: null,
      links: [
        { kind: 'GENERATOR', url: 'https://play.grafana.org/alerting/1afz29v7z/edit', text: null },
        { kind: 'RUNBOOK', url: 'https://myrunbook.com/runbook/1234', text: null },
        { kind: 'SILENCE', url: 'https://play.grafana.org/alerting/silence/new?alertmanager=grafana&matchers=alertname%3DT2%2Cteam%3Dblue%2Czone%3Dus-1', text: null },
      ],
    });
  });

  it('adds the dashboard, panel and screenshot links when Grafana sends them', () => {
    const withDashboard = copyOf(firing);
    Object.assign(withDashboard.alerts[0], {
      dashboardURL: 'http://localhost/d/abcd?orgId=1',
      panelURL: 'http://localhost/d/abcd?orgId=1&viewPanel=efgh',
      imageURL: 'https://images.example.com/panel.png',
    });

    const kinds = parseGrafanaPayload(withDashboard).alerts[0].links.map((link) => [link.kind, link.url]);

    expect(kinds.slice(3)).toEqual([
      ['DASHBOARD', 'http://localhost/d/abcd?orgId=1'],
      ['PANEL', 'http://localhost/d/abcd?orgId=1&viewPanel=efgh'],
      ['IMAGE', 'https://images.example.com/panel.png'],
    ]);
  });

  it('reads the severity label as the severity hint, lower-cased', () => {
    const severe = copyOf(firing);
    (severe.alerts[1].labels as Record<string, string>).severity = ' Warning ';

    expect(parseGrafanaPayload(severe).alerts[1].severityHint).toBe('warning');
  });

  it('refuses a value that is not a string among the labels, naming it', () => {
    const bad = copyOf(firing);
    (bad.alerts[1].labels as Record<string, unknown>).zone = { region: 'eu' };

    expect(refusalOf(() => parseGrafanaPayload(bad))).toEqual({ field: 'alerts[1].labels.zone', message: 'alerts[1].labels.zone must be a string' });
  });
});
