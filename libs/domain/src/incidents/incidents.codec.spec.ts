import { UndecodableEventError } from '../shared/event-codec';
import { FixedClock } from '../shared/clock';
import { incidentDecider } from './incident.decider';
import { IncidentKind } from './incident-kind';
import { EMPTY_REPORT_CONTENT } from './incident-report';
import { incidentEventCodec } from './incidents.codec';
import { Severity } from './severity';

const at = '2026-03-01T09:00:00.000Z';
/** A declaration as the ledger stored it before private incidents, drills and tags existed. */
const declaredBeforeTags = {
  incidentId: 'inc-1',
  at,
  by: 'alice',
  title: 'Checkout errors',
  description: null,
  severity: 'SEV2',
  services: ['checkout'],
  impactStartedAt: null,
  detectedAt: at,
};

describe('the incidents codec', () => {
  it('reads a declaration stored in version 1, before private incidents, drills and tags, as version 2', () => {
    const { data } = incidentEventCodec.decode('IncidentDeclared', declaredBeforeTags, 1);
    expect(data).toEqual({ ...declaredBeforeTags, private: false, kind: IncidentKind.NORMAL, tags: [] });
  });

  it('keeps what a version-1 declaration written since then says', () => {
    const stored = { ...declaredBeforeTags, private: true, kind: 'DRILL', tags: ['database'] };
    expect(incidentEventCodec.decode('IncidentDeclared', stored, 1).data).toEqual(stored);
  });

  it('writes a declaration as version 2, and other events as version 1', () => {
    const clock = new FixedClock(new Date(at));
    const [declared] = incidentDecider.decide(
      { type: 'DeclareIncident', incidentId: 'inc-1', title: 'Checkout errors', severity: Severity.SEV2, actor: 'alice' },
      incidentDecider.initialState,
      clock.now(),
    );
    expect(incidentEventCodec.encode(declared)).toMatchObject({ type: 'IncidentDeclared', schemaVersion: 2 });
    expect(incidentEventCodec.encode({ type: 'IncidentAcknowledged', data: { incidentId: 'inc-1', at, by: 'bob' } }).schemaVersion).toBe(1);
  });

  it('refuses a declaration with an unknown severity, naming it', () => {
    expect(() => incidentEventCodec.decodeRecorded({ type: 'IncidentDeclared', data: { ...declaredBeforeTags, severity: 'CRITICAL' }, metadata: { schemaVersion: 1 }, streamId: 'incident-inc-1', position: 3 })).toThrow(
      new UndecodableEventError('IncidentDeclared', 'incident-inc-1', 3, 'data.severity', 'must be one of SEV1, SEV2, SEV3, SEV4, SEV5, not "CRITICAL"'),
    );
  });

  describe('an alert group attached', () => {
    const attached = {
      type: 'AlertGroupAttached' as const,
      data: {
        incidentId: 'inc-1',
        at,
        by: 'integration:am-prod',
        alertGroupId: 'ag-1',
        integrationId: 'am-prod',
        title: 'Checkout 5xx above 2%',
        alertCount: 12,
        links: [
          { kind: 'RUNBOOK' as const, url: 'https://runbooks.example.com/checkout-5xx', text: 'Runbook' },
          { kind: 'GENERATOR' as const, url: 'http://prometheus:9090/graph', text: null },
        ],
        firstTime: true,
      },
    };

    it('is read back as it was written, links and all, and so is its resolution', () => {
      const { data, schemaVersion } = incidentEventCodec.encode(attached);
      expect(incidentEventCodec.decode('AlertGroupAttached', JSON.parse(JSON.stringify(data)), schemaVersion)).toEqual(attached);
      const resolved = { type: 'AttachedAlertGroupResolved' as const, data: { incidentId: 'inc-1', at, by: 'integration:am-prod', alertGroupId: 'ag-1', title: 'Checkout 5xx above 2%' } };
      expect(incidentEventCodec.decode('AttachedAlertGroupResolved', incidentEventCodec.encode(resolved).data, 1)).toEqual(resolved);
    });

    it('names the link that does not fit', () => {
      const links = [attached.data.links[0], { kind: 'WIKI', url: 'https://wiki.example.com', text: null }];
      expect(() => incidentEventCodec.decode('AlertGroupAttached', { ...attached.data, links }, 1)).toThrow(
        'data.links[1].kind must be one of GENERATOR, RUNBOOK, SILENCE, DASHBOARD, PANEL, IMAGE, LINK, not "WIKI"',
      );
    });
  });

  it('names the section of a report draft that does not fit', () => {
    const draft = { incidentId: 'inc-1', at, by: 'carol', revision: 1, internal: { ...EMPTY_REPORT_CONTENT, rootCause: 42 }, external: EMPTY_REPORT_CONTENT, causeTags: [] };
    expect(() => incidentEventCodec.decode('IncidentReportDrafted', draft, 1)).toThrow('data.internal.rootCause must be a string or null, not a number');
  });
});
