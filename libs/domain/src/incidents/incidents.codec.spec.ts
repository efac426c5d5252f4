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

  it('names the section of a report draft that does not fit', () => {
    const draft = { incidentId: 'inc-1', at, by: 'carol', revision: 1, internal: { ...EMPTY_REPORT_CONTENT, rootCause: 42 }, external: EMPTY_REPORT_CONTENT, causeTags: [] };
    expect(() => incidentEventCodec.decode('IncidentReportDrafted', draft, 1)).toThrow('data.internal.rootCause must be a string or null, not a number');
  });
});
