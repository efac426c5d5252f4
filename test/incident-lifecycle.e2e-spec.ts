import { connected, mustQuery, SubscriptionRecorder, wsClient } from './support/graphql-client';
import {
  ACKNOWLEDGE,
  ACTIVE,
  ADD_NOTE,
  ASSIGN_ROLE,
  CHANGE_SEVERITY,
  CHANGE_STATUS,
  CLOSE,
  DECLARE,
  INCIDENT,
  INCIDENT_FEED,
  LIST,
  POST_UPDATE,
  RESOLVE,
  TIMELINE_FEED,
  UNASSIGN_ROLE,
} from './support/operations';
import { removeDataDir, RunningServer, startServer } from './support/server';

interface Entry {
  version: number;
  type: string;
  actor: string;
  summary: string;
  text: string | null;
}

/**
 * A SEV2 walked from declaration to close the way a team runs it, while two
 * responders watch the timeline over graphql-ws; one of them drops off and
 * comes back with the last version it saw.
 */
describe('an incident from declaration to close, watched live', () => {
  let server: RunningServer;

  beforeAll(async () => {
    server = await startServer();
  });

  afterAll(async () => {
    await server.stop();
    removeDataDir(server.dataDir);
  });

  it('records every step, streams it in order, and resumes a dropped feed without gap or duplicate', async () => {
    const alice = await server.as('alice');
    const declared = await mustQuery(
      alice,
      DECLARE,
      {
        input: {
          title: 'Checkout returns 502s',
          severity: 'SEV3',
          services: ['checkout', 'payments'],
          description: 'Error rate on /checkout at 12%',
          impactStartedAt: '2026-01-01T09:55:00Z',
          detectedAt: '2026-01-01T10:00:00Z',
          commander: 'bob',
        },
      },
    );
    const incident = declared.declareIncident;
    expect(incident).toMatchObject({
      title: 'Checkout returns 502s',
      severity: 'SEV3',
      status: 'INVESTIGATING',
      services: ['checkout', 'payments'],
      commander: 'bob',
      declaredBy: 'alice',
      version: 2,
      fullResponse: true,
      active: true,
      impactStartedAt: '2026-01-01T09:55:00.000Z',
      detectedAt: '2026-01-01T10:00:00.000Z',
    });
    const id: string = incident.id;

    // Two watchers, both from the start.
    const viewer = await server.as('victor', 'VIEWER');
    const watcherClient = wsClient(server.wsUrl, viewer.key);
    const watcher = new SubscriptionRecorder<Entry>(watcherClient, TIMELINE_FEED, { incidentId: id, afterVersion: 0 }, (d) => d.incidentTimeline);
    const boardClient = wsClient(server.wsUrl, viewer.key);
    const board = new SubscriptionRecorder<{ status: string; version: number }>(boardClient, INCIDENT_FEED, { incidentId: id }, (d) => d.incidentUpdated);
    let dropperClient = wsClient(server.wsUrl, viewer.key);
    const dropper = new SubscriptionRecorder<Entry>(dropperClient, TIMELINE_FEED, { incidentId: id, afterVersion: 0 }, (d) => d.incidentTimeline);
    await Promise.all([connected(watcherClient), connected(boardClient), connected(dropperClient)]);
    await watcher.waitFor(2);
    await dropper.waitFor(2);

    const act = async (query: string, input: Record<string, unknown>, actor = 'bob') => {
      const data = await mustQuery(await server.as(actor), query, { input: { incidentId: id, ...input } });
      return Object.values(data)[0];
    };

    expect(await act(ACKNOWLEDGE, {})).toMatchObject({ acknowledgedBy: 'bob', version: 3 });
    expect(await act(CHANGE_SEVERITY, { severity: 'SEV2', reason: 'All EU customers affected' })).toMatchObject({ severity: 'SEV2' });
    await act(ASSIGN_ROLE, { role: 'SCRIBE', responder: 'carol' });
    await act(ASSIGN_ROLE, { role: 'COMMUNICATIONS_LEAD', responder: 'dave' });
    await act(ASSIGN_ROLE, { role: 'SUBJECT_MATTER_EXPERT', responder: 'erin' });
    await dropper.waitFor(7);

    // The dropper loses its connection here; the incident goes on.
    dropper.stop();
    await dropperClient.dispose();
    const seenBeforeDrop = dropper.items.at(-1)?.version ?? 0;
    expect(seenBeforeDrop).toBe(7);

    await act(ADD_NOTE, { text: 'Rolled back deploy 2026.01.01-3' }, 'carol');
    await act(POST_UPDATE, { audience: 'EXTERNAL', message: 'Some payments fail; we are on it.' }, 'dave');
    expect(await act(CHANGE_STATUS, { status: 'IDENTIFIED', note: 'Bad connection pool setting' })).toMatchObject({ status: 'IDENTIFIED' });
    const monitoring = await act(CHANGE_STATUS, { status: 'MONITORING' });
    expect(monitoring.mitigatedAt).not.toBeNull();

    // Back with the last version it saw: the missed entries, then live ones.
    dropperClient = wsClient(server.wsUrl, viewer.key);
    const resumed = new SubscriptionRecorder<Entry>(dropperClient, TIMELINE_FEED, { incidentId: id, afterVersion: seenBeforeDrop }, (d) => d.incidentTimeline);
    await resumed.waitFor(4);

    await act(UNASSIGN_ROLE, { role: 'SUBJECT_MATTER_EXPERT', responder: 'erin' });
    const resolved = await act(RESOLVE, { summary: 'Pool size restored; error rate back to 0.1%' });
    expect(resolved).toMatchObject({ status: 'RESOLVED', resolutionSummary: 'Pool size restored; error rate back to 0.1%', active: false });
    await act(POST_UPDATE, { audience: 'EXTERNAL', message: 'Resolved.' }, 'dave');
    const closed = await act(CLOSE, {});
    expect(closed).toMatchObject({ status: 'CLOSED', version: 15 });
    expect(closed.closedAt).not.toBeNull();

    const expectedTypes = [
      'IncidentDeclared',
      'ResponderAssigned',
      'IncidentAcknowledged',
      'IncidentSeverityChanged',
      'ResponderAssigned',
      'ResponderAssigned',
      'ResponderAssigned',
      'TimelineNoteAdded',
      'StatusUpdatePosted',
      'IncidentStatusChanged',
      'IncidentStatusChanged',
      'ResponderUnassigned',
      'IncidentResolved',
      'StatusUpdatePosted',
      'IncidentClosed',
    ];
    const all = await watcher.waitFor(15);
    expect(all.map((e) => e.version)).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
    expect(all.map((e) => e.type)).toEqual(expectedTypes);
    expect(all.find((e) => e.type === 'TimelineNoteAdded')).toMatchObject({ actor: 'carol', text: 'Rolled back deploy 2026.01.01-3' });

    const afterResume = await resumed.waitFor(15 - seenBeforeDrop);
    expect([...dropper.items, ...afterResume].map((e) => e.version)).toEqual(all.map((e) => e.version));

    const updates = await board.waitFor(13);
    expect(updates.at(-1)).toMatchObject({ status: 'CLOSED', version: 15 });
    expect(updates.map((u) => u.version)).toEqual(Array.from({ length: 13 }, (_, i) => i + 3));

    const { incident: stored } = await mustQuery(viewer, INCIDENT, { id });
    expect(stored.timeline.map((e: Entry) => e.version)).toEqual(all.map((e) => e.version));
    expect(stored.timeline).toEqual(all);
    const { activeIncidents } = await mustQuery(viewer, ACTIVE);
    expect(activeIncidents.map((i: { id: string }) => i.id)).not.toContain(id);

    watcher.stop();
    board.stop();
    resumed.stop();
    await Promise.all([watcherClient.dispose(), boardClient.dispose(), dropperClient.dispose()]);
  });

  it('runs a drill like an incident, labelled as one, and lists drills apart', async () => {
    const { declareIncident } = await mustQuery(server.admin, DECLARE, { input: { title: 'Game day: region failover', severity: 'SEV2', kind: 'DRILL' } });
    expect(declareIncident).toMatchObject({ kind: 'DRILL', status: 'INVESTIGATING', fullResponse: true });
    const { incident } = await mustQuery(server.admin, INCIDENT, { id: declareIncident.id });
    expect(incident.timeline[0].summary).toMatch(/declared a SEV2 drill/);
    const ids = async (kind: string[]) =>
      (await mustQuery(server.admin, LIST, { filter: { kind }, first: 100 })).incidents.edges.map((edge: { node: { id: string } }) => edge.node.id);
    expect(await ids(['DRILL'])).toEqual([declareIncident.id]);
    expect(await ids(['NORMAL'])).not.toContain(declareIncident.id);
    expect((await ids(['NORMAL'])).length).toBeGreaterThan(0);
  });
});
