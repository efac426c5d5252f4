import acknowledge from '../../../../test/fixtures/alerting/pagerduty/acknowledge.json';
import alertmanagerResolve from '../../../../test/fixtures/alerting/pagerduty/alertmanager-resolve.json';
import alertmanagerTrigger from '../../../../test/fixtures/alerting/pagerduty/alertmanager-trigger.json';
import trigger from '../../../../test/fixtures/alerting/pagerduty/trigger.json';
import { ALERTING_LIMITS } from './alerting.limits';
import { copyOf, refusalOf } from './alerting.testing';
import { parsePagerDutyEvent } from './pagerduty-event';

const ALERTMANAGER_DEDUP_KEY = 'd6640e256f34443ac15d8272d08b16f1fca413786d273339392857071d283600';

describe('PagerDuty Events API v2 events', () => {
  it("reads PagerDuty's own example trigger: its dedup key is the group, its fields are labels, its details annotations", () => {
    const event = parsePagerDutyEvent(trigger);

    expect(event).toMatchObject({
      source: 'PAGERDUTY',
      action: 'TRIGGER',
      routingKey: 'e93facc04764012d7bfb002500d5d1a6',
      dedupKey: 'srv01/mysql',
      dedupKeyGenerated: false,
      truncatedAlerts: 0,
      senderUrl: 'https://monitoring.service.com',
    });
    expect(event.alerts).toEqual([
      {
        status: 'FIRING',
        fingerprint: 'srv01/mysql',
        groupKey: 'srv01/mysql',
        labels: { source: 'prod-datapipe03.example.com', severity: 'critical', component: 'mysql', group: 'prod-datapipe', class: 'disk' },
        annotations: { 'free space': '1%', 'ping time': '1500ms', 'load avg': '0.75' },
        startsAt: '2015-07-17T08:42:58.315Z',
        endsAt: null,
        summary: 'DISK at 99% on machine prod-datapipe03.example.com',
        severityHint: 'critical',
        links: [
          { kind: 'LINK', url: 'http://pagerduty.example.com', text: 'An example link.' },
          { kind: 'IMAGE', url: 'https://chart.googleapis.com/chart?chs=600x400&chd=t:6,2,9,5,2,5,7,4,8,2,1&cht=lc&chds=a&chxt=y&chm=D,0033FF,0,0,5,1', text: 'An example link with an image' },
          { kind: 'LINK', url: 'https://google.com', text: 'An example link with an image' },
        ],
      },
    ]);
  });

  it('reads an acknowledgement as the key of the group it acknowledges, with no alert', () => {
    expect(parsePagerDutyEvent(acknowledge)).toMatchObject({ action: 'ACKNOWLEDGE', dedupKey: 'srv01/mysql', alerts: [] });
  });

  it("reads what Alertmanager's pagerduty_configs sends: a trigger, then the resolution of the same group", () => {
    const triggered = parsePagerDutyEvent(alertmanagerTrigger);
    const resolved = parsePagerDutyEvent(alertmanagerResolve);

    expect(triggered.alerts[0]).toMatchObject({
      status: 'FIRING',
      groupKey: ALERTMANAGER_DEDUP_KEY,
      summary: '[FIRING:1] PaymentsDown payments (payments-1:8080 pd critical)',
      labels: { source: 'Alertmanager', severity: 'critical' },
      annotations: { num_firing: '1', num_resolved: '0' },
      links: [
        { kind: 'LINK', url: 'https://runbooks.example.com/checkout-latency', text: 'Runbook' },
        { kind: 'IMAGE', url: 'https://grafana.example.com/render/d-solo/checkout?panelId=2', text: 'p99 latency' },
        { kind: 'LINK', url: 'https://grafana.example.com/d/checkout', text: 'p99 latency' },
      ],
    });
    expect(triggered.senderUrl).toBe('http://alertmanager.example.com:9093/#/alerts?receiver=pd');
    expect(resolved).toMatchObject({ action: 'RESOLVE', dedupKey: ALERTMANAGER_DEDUP_KEY, alerts: [{ status: 'RESOLVED', groupKey: ALERTMANAGER_DEDUP_KEY }] });
  });

  it('makes a dedup key for a trigger without one, the same for the same event, as PagerDuty answers one back', () => {
    const keyless = copyOf(trigger) as Partial<typeof trigger>;
    delete keyless.dedup_key;
    const other = copyOf(keyless);
    other.payload!.summary = 'DISK at 98% on machine prod-datapipe03.example.com';

    const event = parsePagerDutyEvent(keyless);

    expect(event.dedupKeyGenerated).toBe(true);
    expect(event.dedupKey).toMatch(/^[0-9a-f]{16}$/);
    expect(event.alerts[0].groupKey).toBe(event.dedupKey);
    expect(parsePagerDutyEvent(copyOf(keyless)).dedupKey).toBe(event.dedupKey);
    expect(parsePagerDutyEvent(other).dedupKey).not.toBe(event.dedupKey);
  });

  it('ignores fields it does not know', () => {
    const extended = { ...copyOf(trigger), event_class: 'x', payload: { ...trigger.payload, priority: 'P1' } };

    expect(parsePagerDutyEvent(extended)).toEqual(parsePagerDutyEvent(trigger));
  });

  it("cuts custom details to the annotation limit instead of refusing the page (Alertmanager puts a whole storm's text there)", () => {
    const storm = copyOf(alertmanagerTrigger);
    storm.payload.custom_details.firing = 'Labels:\n'.repeat(50_000);

    const firingText = parsePagerDutyEvent(storm).alerts[0].annotations.firing;

    expect(firingText).toHaveLength(ALERTING_LIMITS.annotationValueMaxLength);
    expect(firingText.endsWith('…')).toBe(true);
  });

  it('accepts a summary of exactly 1,024 characters, counting characters rather than UTF-16 units', () => {
    const long = copyOf(trigger);
    long.payload.summary = '🔥'.repeat(ALERTING_LIMITS.summaryMaxLength);

    expect(parsePagerDutyEvent(long).alerts[0].summary).toBe(long.payload.summary);
  });

  it.each([
    ['the routing key is not 32 characters', (e: Event) => void (e.routing_key = 'short'), 'routing_key'],
    ['the routing key is missing', (e: Event) => void delete (e as Partial<Event>).routing_key, 'routing_key'],
    ['event_action is unknown', (e: Event) => void (e.event_action = 'escalate'), 'event_action'],
    ['a trigger has no payload', (e: Event) => void delete (e as Partial<Event>).payload, 'payload'],
    ['the summary is longer than 1,024 characters', (e: Event) => void (e.payload.summary = 'x'.repeat(1_025)), 'payload.summary'],
    ['the summary is empty', (e: Event) => void (e.payload.summary = ' '), 'payload.summary'],
    ['the source is missing', (e: Event) => void delete (e.payload as Partial<Event['payload']>).source, 'payload.source'],
    ['the severity is not one of PagerDuty’s four', (e: Event) => void (e.payload.severity = 'high'), 'payload.severity'],
    ['the timestamp is not a time', (e: Event) => void (e.payload.timestamp = 'now'), 'payload.timestamp'],
    ['the component is not a string', (e: Event) => void (e.payload.component = 7 as never), 'payload.component'],
    ['the dedup key is longer than 255 characters', (e: Event) => void (e.dedup_key = 'k'.repeat(256)), 'dedup_key'],
    ['a link has no http(s) href', (e: Event) => void (e.links[0].href = 'javascript:alert(1)'), 'links[0].href'],
    ['an image has no src', (e: Event) => void delete (e.images[0] as Partial<Event['images'][0]>).src, 'images[0].src'],
    ['links is not an array', (e: Event) => void (e.links = {} as never), 'links'],
  ])('refuses a trigger where %s, naming the field', (_, change, field) => {
    const event = copyOf(trigger);
    change(event);

    expect(refusalOf(() => parsePagerDutyEvent(event)).field).toBe(field);
  });

  it('refuses an acknowledgement or a resolution without the dedup key that names its alert', () => {
    const keyless = copyOf(acknowledge) as Partial<typeof acknowledge>;
    delete keyless.dedup_key;

    expect(refusalOf(() => parsePagerDutyEvent(keyless))).toEqual({ field: 'dedup_key', message: 'dedup_key is required to acknowledge: it names the alert' });
    expect(refusalOf(() => parsePagerDutyEvent({ ...keyless, event_action: 'resolve' })).field).toBe('dedup_key');
  });
});

type Event = typeof trigger;
