import {
  AlertLink,
  FixedClock,
  IncidentCommand,
  incidentDecider,
  IncidentEvent,
  incidentEventCodec,
  incidentStreamId,
  IncidentStatus,
  IncidentTimestamp,
  ResponderRole,
  Severity,
  foldEvents,
} from '@incident-ledger/domain';
import { EventStore, InMemoryEventStore } from '@incident-ledger/event-store';
import { Projector } from '../projector';
import { IncidentReadModel, InvalidCursorError } from './incident-read-model';
import { timelineFromStore } from './incident-timeline.reader';
import { IncidentView, incidentViewWarnings } from './incident-view';

type Cmd = IncidentCommand extends infer C ? (C extends IncidentCommand ? Omit<C, 'actor'> : never) : never;

/** Decides and appends like the server does, with a clock the test moves. */
async function run(store: EventStore, clock: FixedClock, command: Cmd): Promise<void> {
  const stream = incidentStreamId(command.incidentId);
  const history: IncidentEvent[] = [];
  let revision = -1;
  for await (const event of store.readStream(stream)) {
    history.push(incidentEventCodec.decodeRecorded(event));
    revision = event.revision;
  }
  const events = incidentDecider.decide(
    { ...command, actor: 'alice' } as IncidentCommand,
    foldEvents(incidentDecider, history),
    clock.now(),
  );
  await store.append(
    stream,
    events.map(incidentEventCodec.encode).map(({ type, data, schemaVersion }, index) => ({
      id: `${command.incidentId}-${revision + 1 + index}`,
      type,
      data,
      metadata: { correlationId: 'c', causationId: null, actor: 'alice', occurredAt: clock.now().toISOString(), schemaVersion },
    })),
    revision < 0 ? 'no-stream' : revision,
  );
}

async function rebuild(store: EventStore): Promise<IncidentReadModel> {
  const model = new IncidentReadModel();
  for await (const event of store.readAll()) model.apply(event);
  return model;
}

describe('incident read models', () => {
  let store: InMemoryEventStore;
  let clock: FixedClock;
  let model: IncidentReadModel;
  let projector: Projector;
  /** The incident's timeline as the server answers it: read from the store, through the view's version. */
  const timeline = (id: string, afterVersion = 0) => timelineFromStore(store)(id, afterVersion, model.get(id)?.version ?? 0);

  beforeEach(async () => {
    store = new InMemoryEventStore();
    clock = new FixedClock(new Date('2026-05-01T12:00:00Z'));
    model = new IncidentReadModel();
    projector = new Projector(store, [{ name: 'incidents', model }]);
    await projector.start();
  });

  afterEach(async () => {
    await projector.stop();
    await store.close();
  });

  const settled = async () => projector.waitFor(await store.headPosition(), 2000);

  it('reads a timeline from the store between two versions, never past the one asked for', async () => {
    await run(store, clock, { type: 'DeclareIncident', incidentId: 't', title: 'Queue backlog', severity: Severity.SEV3 });
    await run(store, clock, { type: 'AddTimelineNote', incidentId: 't', text: 'one' });
    await run(store, clock, { type: 'AddTimelineNote', incidentId: 't', text: 'two' });
    const read = timelineFromStore(store);
    expect((await read('t', 0, 2)).map((entry) => [entry.version, entry.text])).toEqual([
      [1, null],
      [2, 'one'],
    ]);
    expect((await read('t', 1, 3)).map((entry) => entry.version)).toEqual([2, 3]);
    expect((await read('t', 2, 10)).map((entry) => entry.version)).toEqual([3]);
    expect(await read('t', 3, 3)).toEqual([]);
    expect(await read('nowhere', 0, 5)).toEqual([]);
  });

  it('shows a corrected time on the incident and the correction on its timeline, and a rebuild agrees', async () => {
    await run(store, clock, { type: 'DeclareIncident', incidentId: 'c', title: 'Disk full', severity: Severity.SEV3, impactStartedAt: new Date('2026-05-01T11:30:00Z') });
    clock.advance(60_000);
    await run(store, clock, { type: 'CloseIncident', incidentId: 'c' });
    clock.advance(60_000);
    await run(store, clock, {
      type: 'CorrectIncidentTimestamp',
      incidentId: 'c',
      field: IncidentTimestamp.IMPACT_STARTED,
      to: new Date('2026-05-01T11:10:00Z'),
      reason: 'The first alert fired at 11:10',
    });
    await settled();
    expect(model.get('c')).toMatchObject({ impactStartedAt: '2026-05-01T11:10:00.000Z', status: IncidentStatus.CLOSED, version: 4 });
    expect((await timeline('c')).at(-1)).toMatchObject({
      type: 'IncidentTimestampCorrected',
      correctedTimestamp: IncidentTimestamp.IMPACT_STARTED,
      correctedFrom: '2026-05-01T11:30:00.000Z',
      correctedTo: '2026-05-01T11:10:00.000Z',
      text: 'The first alert fired at 11:10',
      summary: 'alice corrected the impact start time from 2026-05-01T11:30:00.000Z to 2026-05-01T11:10:00.000Z: The first alert fired at 11:10',
    });
    expect((await rebuild(store)).snapshot()).toEqual(model.snapshot());
  });

  it('warns of an impact start long before the declaration until a correction sets it right', async () => {
    await run(store, clock, { type: 'DeclareIncident', incidentId: 'w', title: 'Checkout 502s', severity: Severity.SEV2, impactStartedAt: new Date('2026-01-01T09:55:00Z') });
    await settled();
    expect(incidentViewWarnings(model.get('w') as IncidentView)).toEqual([
      expect.objectContaining({ code: 'LONG_BEFORE_DECLARATION', timestamp: IncidentTimestamp.IMPACT_STARTED, message: expect.stringContaining('lies 120 days before the declaration') }),
    ]);
    await run(store, clock, {
      type: 'CorrectIncidentTimestamp',
      incidentId: 'w',
      field: IncidentTimestamp.IMPACT_STARTED,
      to: new Date('2026-05-01T11:55:00Z'),
      reason: 'The year was a typo',
    });
    await settled();
    expect(incidentViewWarnings(model.get('w') as IncidentView)).toEqual([]);
  });

  it('follows an incident through its lifecycle with every first-class timestamp', async () => {
    await run(store, clock, {
      type: 'DeclareIncident',
      incidentId: 'a',
      title: 'API latency',
      severity: Severity.SEV3,
      services: ['api'],
      impactStartedAt: new Date('2026-05-01T11:30:00Z'),
      detectedAt: new Date('2026-05-01T11:50:00Z'),
      commander: 'bob',
    });
    clock.advance(60_000);
    await run(store, clock, { type: 'AcknowledgeIncident', incidentId: 'a' });
    clock.advance(60_000);
    await run(store, clock, { type: 'ChangeIncidentStatus', incidentId: 'a', status: IncidentStatus.MONITORING });
    clock.advance(60_000);
    await run(store, clock, { type: 'ResolveIncident', incidentId: 'a', summary: 'cache warmed' });
    clock.advance(60_000);
    await run(store, clock, { type: 'ReopenIncident', incidentId: 'a', reason: 'again' });
    clock.advance(60_000);
    await run(store, clock, { type: 'ResolveIncident', incidentId: 'a' });
    clock.advance(60_000);
    await run(store, clock, { type: 'CloseIncident', incidentId: 'a' });
    await settled();

    expect(model.get('a')).toMatchObject({
      status: IncidentStatus.CLOSED,
      commander: 'bob',
      impactStartedAt: '2026-05-01T11:30:00.000Z',
      detectedAt: '2026-05-01T11:50:00.000Z',
      declaredAt: '2026-05-01T12:00:00.000Z',
      acknowledgedAt: '2026-05-01T12:01:00.000Z',
      mitigatedAt: '2026-05-01T12:02:00.000Z',
      resolvedAt: '2026-05-01T12:05:00.000Z',
      closedAt: '2026-05-01T12:06:00.000Z',
      acknowledgedBy: 'alice',
      version: 8,
    });
    expect((await timeline('a')).map((entry) => [entry.version, entry.type])).toEqual([
      [1, 'IncidentDeclared'],
      [2, 'ResponderAssigned'],
      [3, 'IncidentAcknowledged'],
      [4, 'IncidentStatusChanged'],
      [5, 'IncidentResolved'],
      [6, 'IncidentReopened'],
      [7, 'IncidentResolved'],
      [8, 'IncidentClosed'],
    ]);
    expect((await timeline('a', 6)).map((entry) => entry.version)).toEqual([7, 8]);
    expect((await timeline('a'))[1].summary).toBe('alice assigned bob as incident commander');
  });

  it('takes the resolution as mitigation when MONITORING was skipped, and clears the resolution on reopen', async () => {
    await run(store, clock, { type: 'DeclareIncident', incidentId: 'b', title: 'x', severity: Severity.SEV4 });
    clock.advance(5_000);
    await run(store, clock, { type: 'ResolveIncident', incidentId: 'b' });
    await settled();
    expect(model.get('b')).toMatchObject({ mitigatedAt: '2026-05-01T12:00:05.000Z', resolvedAt: '2026-05-01T12:00:05.000Z' });
    await run(store, clock, { type: 'ReopenIncident', incidentId: 'b' });
    await settled();
    expect(model.get('b')).toMatchObject({
      status: IncidentStatus.INVESTIGATING,
      mitigatedAt: '2026-05-01T12:00:05.000Z',
      resolvedAt: null,
    });
  });

  it('keeps roles, hand-overs and the latest status update per audience', async () => {
    await run(store, clock, { type: 'DeclareIncident', incidentId: 'c', title: 'x', severity: Severity.SEV1 });
    await run(store, clock, { type: 'AssignResponder', incidentId: 'c', role: ResponderRole.INCIDENT_COMMANDER, responder: 'bob' });
    await run(store, clock, { type: 'AssignResponder', incidentId: 'c', role: ResponderRole.INCIDENT_COMMANDER, responder: 'carol' });
    await run(store, clock, { type: 'AssignResponder', incidentId: 'c', role: ResponderRole.SUBJECT_MATTER_EXPERT, responder: 'dan' });
    await run(store, clock, { type: 'AssignResponder', incidentId: 'c', role: ResponderRole.SUBJECT_MATTER_EXPERT, responder: 'erin' });
    await run(store, clock, { type: 'UnassignResponder', incidentId: 'c', role: ResponderRole.SUBJECT_MATTER_EXPERT, responder: 'dan' });
    await run(store, clock, { type: 'PostStatusUpdate', incidentId: 'c', audience: 'EXTERNAL', message: 'Investigating' });
    await run(store, clock, { type: 'PostStatusUpdate', incidentId: 'c', audience: 'INTERNAL', message: 'DB failover' });
    await run(store, clock, { type: 'PostStatusUpdate', incidentId: 'c', audience: 'EXTERNAL', message: 'Fix deployed' });
    await settled();
    const incident = model.get('c');
    expect(incident).toMatchObject({ commander: 'carol', subjectMatterExperts: ['erin'] });
    expect(incident?.latestExternalUpdate).toMatchObject({ message: 'Fix deployed', status: IncidentStatus.INVESTIGATING });
    expect(incident?.latestInternalUpdate?.message).toBe('DB failover');
    expect((await timeline('c'))[2].summary).toBe('alice assigned carol as incident commander, taking over from bob');
  });

  it('boards active incidents most severe first, then oldest first', async () => {
    const declare = async (incidentId: string, severity: Severity) => {
      clock.advance(1000);
      await run(store, clock, { type: 'DeclareIncident', incidentId, title: incidentId, severity });
    };
    await declare('old-sev3', Severity.SEV3);
    await declare('sev1', Severity.SEV1);
    await declare('new-sev3', Severity.SEV3);
    await declare('resolved-sev1', Severity.SEV1);
    await run(store, clock, { type: 'ResolveIncident', incidentId: 'resolved-sev1' });
    await declare('monitoring-sev5', Severity.SEV5);
    await run(store, clock, { type: 'ChangeIncidentStatus', incidentId: 'monitoring-sev5', status: IncidentStatus.MONITORING });
    await settled();
    expect(model.active().map((incident) => incident.id)).toEqual(['sev1', 'old-sev3', 'new-sev3', 'monitoring-sev5']);
  });

  it('lists incidents newest first with filters and cursor pages', async () => {
    for (let i = 0; i < 12; i++) {
      clock.advance(60_000);
      await run(store, clock, {
        type: 'DeclareIncident',
        incidentId: `i${String(i).padStart(2, '0')}`,
        title: `incident ${i}`,
        severity: i % 2 === 0 ? Severity.SEV2 : Severity.SEV4,
        services: i % 3 === 0 ? ['payments'] : ['search'],
      });
    }
    await run(store, clock, { type: 'ResolveIncident', incidentId: 'i10' });
    await settled();

    const first = model.list({}, 5);
    expect(first.incidents.map((i) => i.id)).toEqual(['i11', 'i10', 'i09', 'i08', 'i07']);
    expect(first).toMatchObject({ hasNextPage: true, totalCount: 12 });
    const second = model.list({}, 5, first.cursors[4]);
    expect(second.incidents.map((i) => i.id)).toEqual(['i06', 'i05', 'i04', 'i03', 'i02']);
    const last = model.list({}, 5, second.cursors[4]);
    expect(last.incidents.map((i) => i.id)).toEqual(['i01', 'i00']);
    expect(last.hasNextPage).toBe(false);

    expect(model.list({ severities: [Severity.SEV2], service: 'payments' }, 10).incidents.map((i) => i.id)).toEqual([
      'i06',
      'i00',
    ]);
    expect(model.list({ statuses: [IncidentStatus.RESOLVED] }, 10).incidents.map((i) => i.id)).toEqual(['i10']);
    const window = model.list(
      { declaredFrom: new Date('2026-05-01T12:03:00Z'), declaredTo: new Date('2026-05-01T12:06:00Z') },
      10,
    );
    expect(window.incidents.map((i) => i.id)).toEqual(['i04', 'i03', 'i02']);
    expect(window.totalCount).toBe(3);
    expect(() => model.list({}, 5, 'not-a-cursor')).toThrow(InvalidCursorError);
  });

  it('lists the alert groups attached, as they last fired, and tells their firing and resolving on the timeline', async () => {
    const runbook: AlertLink = { kind: 'RUNBOOK', url: 'https://runbooks.example.com/checkout-5xx', text: 'Runbook' };
    const silence: AlertLink = { kind: 'SILENCE', url: 'https://grafana.example.com/alerting/silence/new', text: null };
    const attach = (alertGroupId: string, title: string, alertCount: number, links = [runbook]) =>
      run(store, clock, { type: 'AttachAlertGroup', incidentId: 'a', alertGroupId, integrationId: 'am-prod', title, alertCount, links });
    const at = (minutes: number) => new Date(Date.parse('2026-05-01T12:00:00Z') + minutes * 60_000).toISOString();

    await run(store, clock, { type: 'DeclareIncident', incidentId: 'a', title: 'Checkout 5xx above 2%', severity: Severity.SEV2 });
    await attach('ag-1', 'Checkout 5xx above 2%', 12);
    clock.advance(60_000);
    await attach('ag-2', 'Payments latency', 1);
    clock.advance(60_000);
    await run(store, clock, { type: 'RecordAlertGroupResolved', incidentId: 'a', alertGroupId: 'ag-1' });
    await run(store, clock, { type: 'RecordAlertGroupResolved', incidentId: 'a', alertGroupId: 'ag-2' });
    await settled();
    expect(model.get('a')?.alertGroups.map((group) => [group.alertGroupId, group.resolvedAt])).toEqual([
      ['ag-1', at(2)],
      ['ag-2', at(2)],
    ]);

    clock.advance(60_000);
    await attach('ag-1', 'Checkout 5xx above 2%', 30, [runbook, silence]);
    await settled();
    expect(model.get('a')?.alertGroups).toEqual([
      { alertGroupId: 'ag-1', integrationId: 'am-prod', title: 'Checkout 5xx above 2%', alertCount: 30, links: [runbook, silence], attachedAt: at(3), resolvedAt: null },
      { alertGroupId: 'ag-2', integrationId: 'am-prod', title: 'Payments latency', alertCount: 1, links: [runbook], attachedAt: at(1), resolvedAt: at(2) },
    ]);
    expect((await timeline('a')).slice(1).map(({ type, alertGroupId, summary }) => [type, alertGroupId, summary])).toEqual([
      ['AlertGroupAttached', 'ag-1', 'Alert group Checkout 5xx above 2% attached (12 alerts)'],
      ['AlertGroupAttached', 'ag-2', 'Alert group Payments latency attached (1 alert)'],
      ['AttachedAlertGroupResolved', 'ag-1', 'Alert group Checkout 5xx above 2% resolved'],
      ['AttachedAlertGroupResolved', 'ag-2', 'Alert group Payments latency resolved'],
      ['AlertGroupAttached', 'ag-1', 'Alert group Checkout 5xx above 2% fired again (30 alerts)'],
    ]);
    expect((await rebuild(store)).snapshot()).toEqual(model.snapshot());
  });

  it('ignores an event it has already applied', async () => {
    await run(store, clock, { type: 'DeclareIncident', incidentId: 'd', title: 'x', severity: Severity.SEV2 });
    await run(store, clock, { type: 'AddTimelineNote', incidentId: 'd', text: 'once' });
    await settled();
    const events = [];
    for await (const event of store.readAll()) events.push(event);
    expect(model.apply(events[1])).toBeUndefined();
    expect(await timeline('d')).toHaveLength(2);
  });

  it('rebuilds from the store to exactly the state it maintained event by event', async () => {
    const severities = [Severity.SEV1, Severity.SEV2, Severity.SEV3, Severity.SEV4, Severity.SEV5];
    for (let i = 0; i < 30; i++) {
      const incidentId = `r${i}`;
      clock.advance(7_000);
      await run(store, clock, { type: 'DeclareIncident', incidentId, title: `t${i}`, severity: severities[i % 5], services: [`svc${i % 4}`] });
      if (i % 2 === 0) await run(store, clock, { type: 'AcknowledgeIncident', incidentId });
      if (i % 3 === 0) await run(store, clock, { type: 'ChangeIncidentStatus', incidentId, status: IncidentStatus.IDENTIFIED });
      if (i % 4 === 0) await run(store, clock, { type: 'AssignResponder', incidentId, role: ResponderRole.SCRIBE, responder: `p${i}` });
      if (i % 5 === 0) await run(store, clock, { type: 'ResolveIncident', incidentId });
      await run(store, clock, { type: 'AddTimelineNote', incidentId, text: `note ${i}` });
      if (i % 10 === 0) await run(store, clock, { type: 'CloseIncident', incidentId });
    }
    await settled();
    const rebuilt = await rebuild(store);
    expect(rebuilt.snapshot()).toEqual(model.snapshot());
    expect(rebuilt.active()).toEqual(model.active());
  });
});
