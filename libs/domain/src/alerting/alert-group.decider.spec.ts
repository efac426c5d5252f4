import { Severity } from '../incidents/severity';
import { foldEvents } from '../shared/decider';
import { deciderSpecification } from '../testing/decider-specification';
import { NormalisedAlert } from './alert.types';
import { alertGroupDecider, AlertGroupCommand } from './alert-group.decider';
import { AlertGroupEvent } from './alert-group.events';

const now = new Date('2027-01-10T12:00:00Z');
const at = now.toISOString();
const stamp = { alertGroupId: 'prom-1', at, by: 'integration:prom' };
const route = { service: 'checkout', severity: Severity.SEV2, title: 'Checkout down' };
const spec = deciderSpecification(alertGroupDecider, now);

function alert(fingerprint: string, status: 'FIRING' | 'RESOLVED' = 'FIRING'): NormalisedAlert {
  return { status, fingerprint, groupKey: 'g', labels: { alertname: 'CheckoutDown', n: fingerprint }, annotations: {}, startsAt: null, endsAt: null, summary: null, severityHint: 'critical', links: [] };
}
const recorded = ({ groupKey: _groupKey, ...rest }: NormalisedAlert) => rest;

const receive = (alerts: NormalisedAlert[], truncatedAlerts = 0, groupResolved = false): AlertGroupCommand => ({
  type: 'ReceiveAlerts',
  alertGroupId: 'prom-1',
  actor: 'integration:prom',
  integrationId: 'prom',
  groupKey: 'g',
  alerts,
  truncatedAlerts,
  groupResolved,
  route,
});
const triggered = (episode = 1): AlertGroupEvent => ({ type: 'AlertGroupTriggered', data: { ...stamp, integrationId: 'prom', groupKey: 'g', ...route, episode } });
const received = (alerts: NormalisedAlert[], truncatedAlerts = 0): AlertGroupEvent => ({ type: 'AlertsReceived', data: { ...stamp, alerts: alerts.map(recorded), truncatedAlerts } });
const resolved: AlertGroupEvent = { type: 'AlertGroupResolved', data: { ...stamp, episode: 1 } };

describe('alert group', () => {
  it('opens with its first firing alert, with the route it had then', () => {
    spec.given([]).when(receive([alert('a'), alert('b')])).then([triggered(), received([alert('a'), alert('b')])]);
  });

  it('records nothing for a notification that only resolves alerts it never saw firing', () => {
    spec.given([]).when(receive([alert('a', 'RESOLVED')])).then([]);
  });

  it('records a repeated notification once: the same alerts in the same state are no change', () => {
    spec.given([triggered(), received([alert('a'), alert('b')])]).when(receive([alert('b'), alert('a')])).then([]);
  });

  it('records only what changed: a new alert, an alert resolved; and resolves once none fires', () => {
    const history = [triggered(), received([alert('a'), alert('b')])];
    spec.given(history).when(receive([alert('a'), alert('b', 'RESOLVED'), alert('c')])).then([received([alert('b', 'RESOLVED'), alert('c')])]);
    spec
      .given(history)
      .when(receive([alert('a', 'RESOLVED'), alert('b', 'RESOLVED')]))
      .then([received([alert('a', 'RESOLVED'), alert('b', 'RESOLVED')]), resolved]);
  });

  it('stays open while the sender says it left alerts out (truncatedAlerts), and records a change of that count', () => {
    const history = [triggered(), received([alert('a'), alert('b')], 1)];
    spec.given(history).when(receive([alert('a', 'RESOLVED'), alert('b', 'RESOLVED')], 1)).then([received([alert('a', 'RESOLVED'), alert('b', 'RESOLVED')], 1)]);
    spec.given(history).when(receive([alert('a'), alert('b')], 2)).then([received([], 2)]);
  });

  it('resolves when the sender says the whole group resolved, the alerts it left out too (Alertmanager’s status: resolved)', () => {
    const history = [triggered(), received([alert('a'), alert('b')], 1)];
    spec.given(history).when(receive([alert('a', 'RESOLVED'), alert('b', 'RESOLVED')], 1, true)).then([received([alert('a', 'RESOLVED'), alert('b', 'RESOLVED')], 1), resolved]);
    // The sent alerts had resolved already, in a notification that said the group still fired.
    spec.given([...history, received([alert('a', 'RESOLVED'), alert('b', 'RESOLVED')], 1)]).when(receive([alert('a', 'RESOLVED'), alert('b', 'RESOLVED')], 1, true)).then([resolved]);
  });

  it('counts a storm of 1,000 alerts in one group as 1,000 alerts in one group', () => {
    const storm = Array.from({ length: 1_000 }, (_, i) => alert(`f${i}`));
    const events = alertGroupDecider.decide(receive(storm), alertGroupDecider.initialState, now);
    const state = foldEvents(alertGroupDecider, events);
    expect(events.filter((event) => event.type === 'AlertGroupTriggered')).toHaveLength(1);
    expect(state.exists && { alerts: state.alerts.size, firing: state.firing }).toEqual({ alerts: 1_000, firing: 1_000 });
    // The same storm again, in ten notifications of a hundred: nothing new.
    for (let i = 0; i < 10; i += 1) expect(alertGroupDecider.decide(receive(storm.slice(i * 100, i * 100 + 100)), state, now)).toEqual([]);
  });

  it('is triggered again, as a new episode, when an alert fires after the group resolved; the incident of the last episode is kept', () => {
    const history: AlertGroupEvent[] = [
      triggered(),
      received([alert('a')]),
      { type: 'AlertGroupIncidentLinked', data: { ...stamp, incidentId: 'inc-1', episode: 1 } },
      received([alert('a', 'RESOLVED')]),
      resolved,
    ];
    spec.given(history).when(receive([alert('a')])).then([triggered(2), received([alert('a')])]);
    const state = foldEvents(alertGroupDecider, [...history, triggered(2)]);
    expect(state.exists && { status: state.status, incidentId: state.incidentId, incidentEpisode: state.incidentEpisode }).toEqual({ status: 'TRIGGERED', incidentId: 'inc-1', incidentEpisode: 1 });
  });

  it('is acknowledged once; a resolved or unknown group cannot be', () => {
    const acknowledge: AlertGroupCommand = { type: 'AcknowledgeAlertGroup', alertGroupId: 'prom-1', actor: 'alice' };
    const acknowledged: AlertGroupEvent = { type: 'AlertGroupAcknowledged', data: { ...stamp, by: 'alice' } };
    spec.given([triggered()]).when(acknowledge).then([acknowledged]);
    spec.given([triggered(), acknowledged]).when(acknowledge).then([]);
    spec.given([triggered(), resolved]).when(acknowledge).thenFails('ALERT_GROUP_RESOLVED');
    spec.given([]).when(acknowledge).thenFails('ALERT_GROUP_NOT_FOUND');
  });

  it('links an episode to its incident once, and refuses a link for an episode that is over', () => {
    const link = (episode: number): AlertGroupCommand => ({ type: 'LinkAlertGroupToIncident', alertGroupId: 'prom-1', actor: 'alerting', incidentId: 'inc-1', episode });
    const linked: AlertGroupEvent = { type: 'AlertGroupIncidentLinked', data: { ...stamp, by: 'alerting', incidentId: 'inc-1', episode: 1 } };
    spec.given([triggered()]).when(link(1)).then([linked]);
    spec.given([triggered(), linked]).when(link(1)).then([]);
    spec.given([triggered(), linked, resolved, triggered(2)]).when(link(1)).thenFails('ALERT_GROUP_MOVED_ON');
    spec.given([triggered(), linked, resolved, triggered(2)]).when(link(2)).then([{ ...linked, data: { ...linked.data, episode: 2 } }]);
  });
});
