import { Caller, graphql, GraphQLResponse, mustQuery, SubscriptionRecorder, wsClient } from './support/graphql-client';
import { ACTIVE, ADD_NOTE, ASSIGN_ROLE, DECLARE, INCIDENT, INCIDENT_FEED, LIST, TIMELINE_FEED, UNASSIGN_ROLE, mutation } from './support/operations';
import { removeDataDir, RunningServer, startServer } from './support/server';

const CHANGE_VISIBILITY = mutation('changeIncidentVisibility', 'ChangeIncidentVisibilityInput');
const METRICS = `query Metrics($filter: MetricsFilterInput, $groupBy: MetricsGrouping) {
  incidentMetrics(filter: $filter, groupBy: $groupBy) {
    incidentCount metrics { timeToAcknowledge { count mean } timeToResolve { count mean } }
    groups { key private incidentCount metrics { timeToAcknowledge { count mean max } } }
  }
}`;
const REVIEW = `query Review($from: DateTime!, $to: DateTime!) {
  reviewReport(from: $from, to: $to, recurringThreshold: 1) {
    incidentCount byService { key count } byCause { key count } recurringProblems { key incidentIds }
    responderLoad { responder } openActionItems { title incidentTitle } overdueActionItems { title incidentTitle } drills { title }
  }
}`;
const codeOf = (response: GraphQLResponse) => response.body.errors?.[0]?.extensions?.code;

/**
 * A security incident is declared private: only its responders and admins
 * see it, everywhere; everyone else is told it does not exist.
 */
describe('private incidents', () => {
  let server: RunningServer;
  let secretId: string;
  let publicId: string;

  beforeAll(async () => {
    server = await startServer();
    const sam = await server.as('sam');
    ({ declareIncident: { id: secretId } } = await mustQuery(sam, DECLARE, {
      input: { title: 'Leaked signing key', severity: 'SEV1', private: true, commander: 'ivy' },
    }));
    ({ declareIncident: { id: publicId } } = await mustQuery(sam, DECLARE, { input: { title: 'Slow search', severity: 'SEV4' } }));
  });

  afterAll(async () => {
    await server.stop();
    removeDataDir(server.dataDir);
  });

  const ids = (incidents: Array<{ id: string }>) => incidents.map((incident) => incident.id);

  it('is seen by who declared it, who holds a role in it, and admins', async () => {
    for (const caller of [await server.as('sam'), await server.as('ivy'), server.admin]) {
      const { incident } = await mustQuery(caller, INCIDENT, { id: secretId });
      expect(incident).toMatchObject({ title: 'Leaked signing key', private: true });
      expect(ids((await mustQuery(caller, ACTIVE)).activeIncidents)).toContain(secretId);
    }
  });

  it('does not exist for anyone else, in any read path', async () => {
    for (const caller of [await server.as('nosy'), await server.as('nosy-viewer', 'VIEWER')]) {
      expect((await mustQuery(caller, INCIDENT, { id: secretId })).incident).toBeNull();
      expect(ids((await mustQuery(caller, ACTIVE)).activeIncidents)).toEqual([publicId]);
      const { incidents } = await mustQuery(caller, LIST, { first: 50 });
      expect(incidents.edges.map((edge: { node: { id: string } }) => edge.node.id)).toEqual([publicId]);
      expect(incidents.totalCount).toBe(1);
      const bySeverity = await mustQuery(caller, LIST, { filter: { severity: ['SEV1'] } });
      expect(bySeverity.incidents.totalCount).toBe(0);
    }
  });

  it('cannot be acted on by a non-member, who gets NOT_FOUND like for an unknown id', async () => {
    const nosy = await server.as('nosy');
    const onSecret = await graphql(nosy, ADD_NOTE, { input: { incidentId: secretId, text: 'peek' } });
    const onNothing = await graphql(nosy, ADD_NOTE, { input: { incidentId: 'no-such-id', text: 'peek' } });
    expect(codeOf(onSecret)).toBe('NOT_FOUND');
    expect(onSecret.body.errors?.[0].message).toBe(`Incident ${secretId} does not exist`);
    expect(onSecret.body.errors?.[0].extensions).toEqual({ ...onNothing.body.errors?.[0].extensions, incidentId: secretId });
  });

  it('cannot be watched by a non-member, and live feeds skip it', async () => {
    const nosy = await server.as('nosy-viewer', 'VIEWER');
    const client = wsClient(server.wsUrl, nosy.key);
    const timeline = new SubscriptionRecorder(client, TIMELINE_FEED, { incidentId: secretId, afterVersion: 0 }, (d) => d.incidentTimeline);
    const updates = new SubscriptionRecorder<{ id: string }>(client, INCIDENT_FEED, {}, (d) => d.incidentUpdated);
    await timeline.waitFor(1);
    expect(timeline.items).toEqual([]);
    expect(JSON.stringify(timeline.errors)).toContain('NOT_FOUND');

    const ivy = await server.as('ivy');
    await mustQuery(ivy, ADD_NOTE, { input: { incidentId: secretId, text: 'rotated the key' } });
    await mustQuery(ivy, ADD_NOTE, { input: { incidentId: publicId, text: 'index rebuilt' } });
    await updates.waitFor(1);
    expect(updates.items.map((incident) => incident.id)).toEqual([publicId]);
    updates.stop();
    await client.dispose();
  });

  it('opens to a responder given a role, and closes again when the role is taken away', async () => {
    const dan = await server.as('dan');
    expect((await mustQuery(dan, INCIDENT, { id: secretId })).incident).toBeNull();
    await mustQuery(await server.as('ivy'), ASSIGN_ROLE, { input: { incidentId: secretId, role: 'SUBJECT_MATTER_EXPERT', responder: 'dan' } });
    expect((await mustQuery(dan, INCIDENT, { id: secretId })).incident.subjectMatterExperts).toEqual(['dan']);

    const client = wsClient(server.wsUrl, dan.key);
    const feed = new SubscriptionRecorder(client, TIMELINE_FEED, { incidentId: secretId }, (d) => d.incidentTimeline);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await mustQuery(await server.as('ivy'), UNASSIGN_ROLE, { input: { incidentId: secretId, role: 'SUBJECT_MATTER_EXPERT', responder: 'dan' } });
    await feed.waitFor(1);
    expect(feed.items).toEqual([]);
    expect(JSON.stringify(feed.errors)).toContain('does not exist');
    expect((await mustQuery(dan, INCIDENT, { id: secretId })).incident).toBeNull();
    await client.dispose();
  });

  it('can be made private later, and public again', async () => {
    const sam = await server.as('sam');
    const nosy = await server.as('nosy');
    const made = await mustQuery(sam, CHANGE_VISIBILITY, { input: { incidentId: publicId, private: true } });
    expect(made.changeIncidentVisibility.private).toBe(true);
    expect((await mustQuery(nosy, INCIDENT, { id: publicId })).incident).toBeNull();
    const again = await graphql(nosy, CHANGE_VISIBILITY, { input: { incidentId: publicId, private: false } });
    expect(codeOf(again)).toBe('NOT_FOUND');
    await mustQuery(sam, CHANGE_VISIBILITY, { input: { incidentId: publicId, private: false } });
    expect((await mustQuery(nosy, INCIDENT, { id: publicId })).incident.private).toBe(false);
  });

  it('counts in a non-member\'s metrics under no name, and a filter by its tag answers like one by an unknown tag', async () => {
    const sam = await server.as('sam');
    await mustQuery(sam, DECLARE, {
      input: { title: 'Forged invoices', severity: 'SEV2', private: true, services: ['ledger-vault'], tags: ['fraud-ring'], commander: 'quinn' },
    });
    const viewer = await server.as('metrics-viewer', 'VIEWER');
    const metrics = async (caller: Caller, filter: object, groupBy?: string) =>
      (await mustQuery(caller, METRICS, { filter: { includePrivate: true, ...filter }, groupBy })).incidentMetrics;
    // The private incidents' services, tags and people (ivy commands the first; dan held a role in it).
    const privateNames = ['ledger-vault', 'fraud-ring', 'quinn', 'ivy', 'dan', 'sam', 'Forged', 'Leaked'];
    for (const groupBy of ['SERVICE', 'TAG', 'RESPONDER', 'SEVERITY', 'PERIOD']) {
      const answer = JSON.stringify(await metrics(viewer, {}, groupBy));
      for (const name of privateNames) expect(answer).not.toContain(name);
    }
    expect((await metrics(viewer, {}, 'SERVICE')).groups).toEqual([expect.objectContaining({ key: '(private)', private: true, incidentCount: 1 })]);
    expect((await metrics(viewer, {}, 'RESPONDER')).groups).toEqual([expect.objectContaining({ key: '(private)', private: true, incidentCount: 2 })]);
    expect((await metrics(viewer, {})).incidentCount).toBe(3);

    const unknownTag = await metrics(viewer, { tag: ['no-such-tag'] });
    expect(await metrics(viewer, { tag: ['fraud-ring'] })).toEqual(unknownTag);
    expect(await metrics(viewer, { service: ['ledger-vault'] })).toEqual(await metrics(viewer, { service: ['no-such-service'] }));
    expect(unknownTag.incidentCount).toBe(0);

    // Its members see its names, as before.
    expect((await metrics(sam, {}, 'SERVICE')).groups).toEqual([expect.objectContaining({ key: 'ledger-vault', private: false, incidentCount: 1 })]);
    expect((await metrics(sam, { tag: ['fraud-ring'] })).incidentCount).toBe(1);

    // The review report leaves private incidents of others out of every part.
    const day = 86_400_000;
    const { reviewReport } = await mustQuery(viewer, REVIEW, { from: new Date(Date.now() - day).toISOString(), to: new Date(Date.now() + day).toISOString() });
    for (const name of privateNames) expect(JSON.stringify(reviewReport)).not.toContain(name);
  });
});
