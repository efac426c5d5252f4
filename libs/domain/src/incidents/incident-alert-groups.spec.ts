import { AlertLink } from '../alerting/alert.types';
import { ALERTING_LIMITS } from '../alerting/alerting.limits';
import { IncidentEvent } from './incident.events';
import { INCIDENT_LIMITS } from './incident.limits';
import { IncidentStatus } from './incident-status';
import { at, command, declared, fact, historyTo, spec } from './testing/incident-history';

// The alerting process attaches alert groups to the incident it declared from them, under its integration's name.
const integration = 'integration:am-prod';
const runbook: AlertLink = { kind: 'RUNBOOK', url: 'https://runbooks.example.com/checkout-5xx', text: 'Runbook' };
const graph: AlertLink = { kind: 'GENERATOR', url: 'http://prometheus:9090/graph?g0.expr=rate%28http_requests_total%5B5m%5D%29', text: null };
const group = { alertGroupId: 'ag-1', integrationId: 'am-prod', title: 'Checkout 5xx above 2%', alertCount: 12, links: [runbook, graph] };

const attach = (fields: Partial<typeof group> = {}) => ({ ...command('AttachAlertGroup', { ...group, ...fields }), actor: integration });
const resolveGroup = (alertGroupId = group.alertGroupId) => ({ ...command('RecordAlertGroupResolved', { alertGroupId }), actor: integration });

const attached = (fields: Partial<typeof group> & { firstTime?: boolean } = {}): IncidentEvent => ({
  type: 'AlertGroupAttached',
  data: { ...fact, by: integration, ...group, firstTime: true, ...fields },
});
const groupResolved = (title = group.title): IncidentEvent => ({
  type: 'AttachedAlertGroupResolved',
  data: { ...fact, by: integration, alertGroupId: group.alertGroupId, title },
});
/** What the decider records now, by the integration. */
const now = { at, by: integration };

describe('alert groups on an incident', () => {
  describe('attaching one', () => {
    it('attaches a group for the first time, with its count and links', () => {
      spec.given([declared]).when(attach()).then([{ type: 'AlertGroupAttached', data: { ...fact, ...now, ...group, firstTime: true } }]);
    });

    it.each([IncidentStatus.IDENTIFIED, IncidentStatus.MONITORING])('attaches to a %s incident too', (status) => {
      spec.given(historyTo(status)).when(attach()).then([{ type: 'AlertGroupAttached', data: { ...fact, ...now, ...group, firstTime: true } }]);
    });

    it('says the group fired again when it was attached before, with its count and links as they are now', () => {
      spec
        .given([declared, attached(), groupResolved()])
        .when(attach({ alertCount: 30, links: [runbook] }))
        .then([{ type: 'AlertGroupAttached', data: { ...fact, ...now, ...group, alertCount: 30, links: [runbook], firstTime: false } }]);
    });

    it('counts another group as a first time', () => {
      spec
        .given([declared, attached()])
        .when(attach({ alertGroupId: 'ag-2', title: 'Payments latency' }))
        .then([{ type: 'AlertGroupAttached', data: { ...fact, ...now, ...group, alertGroupId: 'ag-2', title: 'Payments latency', firstTime: true } }]);
    });

    it('refuses a RESOLVED incident as INCIDENT_NOT_OPEN: a group firing after the resolution declares a new one', () => {
      spec.given(historyTo(IncidentStatus.RESOLVED)).when(attach()).thenFails('INCIDENT_NOT_OPEN', { status: IncidentStatus.RESOLVED });
    });

    it('refuses a CLOSED incident as INCIDENT_CLOSED, and a merged one as INCIDENT_MERGED naming the survivor', () => {
      spec.given(historyTo(IncidentStatus.CLOSED)).when(attach()).thenFails('INCIDENT_CLOSED');
      spec.given([declared, { type: 'IncidentMerged', data: { ...fact, into: 'inc-0' } }]).when(attach()).thenFails('INCIDENT_MERGED', { mergedInto: 'inc-0' });
    });

    it.each<[string, Partial<typeof group>, string]>([
      ['an empty title', { title: '  ' }, 'title'],
      ['a title longer than an incident title', { title: 'x'.repeat(INCIDENT_LIMITS.titleMaxLength + 1) }, 'title'],
      ['no alert group id', { alertGroupId: '' }, 'alertGroupId'],
      ['no integration id', { integrationId: '' }, 'integrationId'],
      ['no alerts', { alertCount: 0 }, 'alertCount'],
      ['a count that is not whole', { alertCount: 2.5 }, 'alertCount'],
      ['more links than a payload may carry', { links: Array.from({ length: ALERTING_LIMITS.linksMaxCount + 1 }, () => runbook) }, 'links'],
      ['a link that is not http(s)', { links: [runbook, { kind: 'LINK', url: 'javascript:alert(1)', text: null }] }, 'links[1].url'],
      ['a link URL longer than a payload may carry', { links: [{ ...graph, url: `https://grafana.example.com/${'x'.repeat(ALERTING_LIMITS.urlMaxLength)}` }] }, 'links[0].url'],
      ['a link of an unknown kind', { links: [{ ...runbook, kind: 'WIKI' as AlertLink['kind'] }] }, 'links[0].kind'],
      ['a link text longer than a payload may carry', { links: [{ ...runbook, text: 'x'.repeat(ALERTING_LIMITS.linkTextMaxLength + 1) }] }, 'links[0].text'],
    ])('refuses %s, naming the field', (_case, fields, field) => {
      spec.given([declared]).when(attach(fields)).thenFails('INVALID_INPUT', { field });
    });

    it('keeps a generator URL as long as the payload parsers accept (a whole PromQL expression)', () => {
      const long = { ...graph, url: `http://prometheus:9090/graph?g0.expr=${'x'.repeat(4_000)}` };
      spec.given([declared]).when(attach({ links: [long] })).then([{ type: 'AlertGroupAttached', data: { ...fact, ...now, ...group, links: [long], firstTime: true } }]);
    });
  });

  describe('recording its resolution', () => {
    it('records it with the title the group was attached with', () => {
      spec.given([declared, attached(), attached({ title: 'Checkout 5xx above 5%', firstTime: false })]).when(resolveGroup()).then([
        { type: 'AttachedAlertGroupResolved', data: { ...fact, ...now, alertGroupId: group.alertGroupId, title: 'Checkout 5xx above 5%' } },
      ]);
    });

    it.each([IncidentStatus.RESOLVED, IncidentStatus.CLOSED])('records it on a %s incident: a fact about the alerts, not a change of the response', (status) => {
      const [first, ...rest] = historyTo(status);
      spec.given([first, attached(), ...rest]).when(resolveGroup()).then([
        { type: 'AttachedAlertGroupResolved', data: { ...fact, ...now, alertGroupId: group.alertGroupId, title: group.title } },
      ]);
    });

    it('refuses a group that was never attached as ALERT_GROUP_NOT_ATTACHED', () => {
      spec.given([declared, attached()]).when(resolveGroup('ag-9')).thenFails('ALERT_GROUP_NOT_ATTACHED', { field: 'alertGroupId', alertGroupId: 'ag-9' });
    });

    it('records nothing for a resolution repeated', () => {
      spec.given([declared, attached(), groupResolved()]).when(resolveGroup()).then([]);
    });

    it('records it again once the group fired again after its resolution', () => {
      spec.given([declared, attached(), groupResolved(), attached({ firstTime: false })]).when(resolveGroup()).then([
        { type: 'AttachedAlertGroupResolved', data: { ...fact, ...now, alertGroupId: group.alertGroupId, title: group.title } },
      ]);
    });
  });
});
