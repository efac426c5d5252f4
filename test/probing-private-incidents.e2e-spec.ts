import { randomUUID } from 'node:crypto';
import { Caller, graphql, GraphQLResponse, mustQuery, SubscriptionRecorder, wsClient } from './support/graphql-client';
import { DECLARE } from './support/operations';
import { removeDataDir, RunningServer, startServer } from './support/server';

const INCIDENT_WITH_LINKS = `query Incident($id: ID!) {
  incident(id: $id) { id status mergedInto duplicates timeline { type summary linkedIncidentId } }
}`;
const INCIDENT_AS_OF = `query IncidentAsOf($id: ID!, $asOf: DateTime) { incident(id: $id, asOf: $asOf) { id } }`;
const TIMELINE_FEED = `subscription Feed($incidentId: ID!) { incidentTimeline(incidentId: $incidentId, afterVersion: 0) { version } }`;
const UPDATES_FEED = `subscription Updates($incidentId: ID) { incidentUpdated(incidentId: $incidentId) { id } }`;
const act = (name: string, inputType: string) => `mutation Act($input: ${inputType}!) { ${name}(input: $input) { id version mergedInto duplicates } }`;

/** Every mutation that names an incident, with an input that is valid apart from the incident. */
const MUTATIONS: Array<[string, string, Record<string, unknown>]> = [
  ['acknowledgeIncident', 'AcknowledgeIncidentInput', {}],
  ['changeIncidentSeverity', 'ChangeIncidentSeverityInput', { severity: 'SEV3' }],
  ['changeIncidentStatus', 'ChangeIncidentStatusInput', { status: 'IDENTIFIED' }],
  ['resolveIncident', 'ResolveIncidentInput', {}],
  ['reopenIncident', 'ReopenIncidentInput', {}],
  ['closeIncident', 'CloseIncidentInput', {}],
  ['assignIncidentRole', 'IncidentRoleInput', { role: 'SCRIBE', responder: 'nosy' }],
  ['unassignIncidentRole', 'IncidentRoleInput', { role: 'INCIDENT_COMMANDER', responder: 'ivy' }],
  ['addTimelineNote', 'AddTimelineNoteInput', { text: 'peek' }],
  ['postStatusUpdate', 'PostStatusUpdateInput', { audience: 'INTERNAL', message: 'peek' }],
  ['changeIncidentVisibility', 'ChangeIncidentVisibilityInput', { private: false }],
  ['correctIncidentTimestamp', 'CorrectIncidentTimestampInput', { field: 'DETECTED', to: '2020-01-01T00:00:00Z', reason: 'peek' }],
  ['changeIncidentTags', 'ChangeIncidentTagsInput', { add: ['peek'] }],
  ['saveIncidentReport', 'SaveIncidentReportInput', { internal: { summary: 'peek' } }],
  ['publishIncidentReport', 'PublishIncidentReportInput', {}],
  ['addActionItem', 'AddActionItemInput', { title: 'peek', owner: 'nosy', type: 'PREVENT' }],
  ['completeActionItem', 'CompleteActionItemInput', { actionItemId: 'a1' }],
  ['reopenActionItem', 'ReopenActionItemInput', { actionItemId: 'a1' }],
  ['mergeIncident', 'MergeIncidentInput', { into: 'the public incident' }],
];

/** The safety options a prober may add: a version (the private incident's real one), a command id, both. */
const OPTIONS: Array<Record<string, unknown>> = [{}, { expectedVersion: 2 }, { commandId: 'sam-note-1' }, { expectedVersion: 2, commandId: 'sam-note-1' }];

/** An answer with the probed id written as <id>: what remains must not depend on whether the incident exists. */
const normalized = (answer: unknown, id: string) => JSON.stringify(answer).split(id).join('<id>');

/**
 * Someone probes for a private incident they are not a member of: every
 * answer about it must be, word for word, what an id that names nothing
 * gets; and merges with it must not show its id.
 */
describe('probing for private incidents', () => {
  let server: RunningServer;
  let secretId: string;
  let publicId: string;

  beforeAll(async () => {
    server = await startServer();
    const sam = await server.as('sam');
    ({ declareIncident: { id: secretId } } = await mustQuery(sam, DECLARE, {
      input: { title: 'Leaked signing key', severity: 'SEV1', private: true, commander: 'ivy', commandId: 'sam-declare-1' },
    }));
    ({ declareIncident: { id: publicId } } = await mustQuery(sam, DECLARE, { input: { title: 'Slow search', severity: 'SEV4' } }));
    await mustQuery(sam, act('addTimelineNote', 'AddTimelineNoteInput'), { input: { incidentId: secretId, text: 'rotating', commandId: 'sam-note-1' } });
  });

  afterAll(async () => {
    await server.stop();
    removeDataDir(server.dataDir);
  });

  /** The caller's answers for the private incident and for an unknown id, each with its id masked. */
  async function both(caller: Caller, ask: (id: string) => Promise<unknown>): Promise<[string, string]> {
    const unknownId = randomUUID();
    return [normalized(await ask(secretId), secretId), normalized(await ask(unknownId), unknownId)];
  }

  const body = (response: GraphQLResponse) => response.body;

  it.each(MUTATIONS.flatMap(([name, inputType, fields]) => OPTIONS.map((options) => ({ name, inputType, fields, options, with: JSON.stringify(options) }))))(
    '$name with $with on a private incident answers a non-member like an unknown id',
    async ({ name, inputType, fields, options }) => {
      const nosy = await server.as('nosy');
      const input = (id: string) => ({ ...fields, ...(fields.into ? { into: publicId } : {}), ...options, incidentId: id });
      const [secret, unknown] = await both(nosy, async (id) => body(await graphql(nosy, act(name, inputType), { input: input(id) })));
      expect(secret).toBe(unknown);
      expect(secret).toContain('NOT_FOUND');
    },
  );

  it('answers a merge into a private incident like a merge into an unknown id', async () => {
    const nosy = await server.as('nosy');
    const [secret, unknown] = await both(nosy, async (id) =>
      body(await graphql(nosy, act('mergeIncident', 'MergeIncidentInput'), { input: { incidentId: publicId, into: id, expectedVersion: 1 } })),
    );
    expect(secret).toBe(unknown);
  });

  it('answers queries and feeds about a private incident like an unknown id', async () => {
    const viewer = await server.as('nosy-viewer', 'VIEWER');
    const [now, unknownNow] = await both(viewer, async (id) => body(await graphql(viewer, INCIDENT_WITH_LINKS, { id })));
    expect(now).toBe(unknownNow);
    const [past, unknownPast] = await both(viewer, async (id) => body(await graphql(viewer, INCIDENT_AS_OF, { id, asOf: new Date().toISOString() })));
    expect(past).toBe(unknownPast);

    const client = wsClient(server.wsUrl, viewer.key);
    for (const [query, pick] of [
      [TIMELINE_FEED, (d: Record<string, unknown>) => d.incidentTimeline],
      [UPDATES_FEED, (d: Record<string, unknown>) => d.incidentUpdated],
    ] as const) {
      const [feed, unknownFeed] = await both(viewer, async (id) => {
        const recorder = new SubscriptionRecorder(client, query, { incidentId: id }, pick);
        await recorder.waitFor(1);
        recorder.stop();
        return recorder.errors;
      });
      expect(feed).toBe(unknownFeed);
      expect(feed).toContain('NOT_FOUND');
    }
    await client.dispose();
  });

  it("declares a stranger's own incident when they send the command id of someone's private declaration", async () => {
    const nosy = await server.as('nosy');
    const input = { title: 'Leaked signing key', severity: 'SEV1', private: true, commander: 'ivy' };
    const reused = await graphql(nosy, DECLARE, { input: { ...input, commandId: 'sam-declare-1' } });
    const fresh = await graphql(nosy, DECLARE, { input: { ...input, commandId: `fresh-${randomUUID()}` } });
    expect(reused.body.errors).toBeUndefined();
    expect(fresh.body.errors).toBeUndefined();
    expect(reused.body.data?.declareIncident.id).not.toBe(secretId);
    expect(reused.body.data?.declareIncident).toMatchObject({ declaredBy: 'nosy', version: 2 });
    // The real declarer's retry still answers their incident.
    const retry = await mustQuery(await server.as('sam'), DECLARE, { input: { ...input, commandId: 'sam-declare-1' } });
    expect(retry.declareIncident.id).toBe(secretId);
  });

  describe('merges with a private incident', () => {
    let mergedAway: string;
    let survivor: string;
    let hiddenDuplicate: string;

    beforeAll(async () => {
      const sam = await server.as('sam');
      // A public incident merged into the private one; a private incident merged into a public one.
      ({ declareIncident: { id: mergedAway } } = await mustQuery(sam, DECLARE, { input: { title: 'Key alert fired', severity: 'SEV3' } }));
      await mustQuery(sam, act('mergeIncident', 'MergeIncidentInput'), { input: { incidentId: mergedAway, into: secretId } });
      ({ declareIncident: { id: survivor } } = await mustQuery(sam, DECLARE, { input: { title: 'Checkout errors', severity: 'SEV2' } }));
      ({ declareIncident: { id: hiddenDuplicate } } = await mustQuery(sam, DECLARE, { input: { title: 'Card fraud probe', severity: 'SEV2', private: true } }));
      await mustQuery(sam, act('mergeIncident', 'MergeIncidentInput'), { input: { incidentId: hiddenDuplicate, into: survivor } });
    });

    it('shows a non-member neither id, in the incident or its timeline', async () => {
      const viewer = await server.as('nosy-viewer', 'VIEWER');
      const { incident: duplicate } = await mustQuery(viewer, INCIDENT_WITH_LINKS, { id: mergedAway });
      expect(duplicate).toMatchObject({ status: 'CLOSED', mergedInto: null });
      expect(duplicate.timeline.at(-1)).toEqual({
        type: 'IncidentMerged',
        summary: 'sam merged this incident into an incident you cannot see as a duplicate',
        linkedIncidentId: null,
      });
      const { incident: kept } = await mustQuery(viewer, INCIDENT_WITH_LINKS, { id: survivor });
      expect(kept.duplicates).toEqual([]);
      expect(kept.timeline.at(-1)).toEqual({
        type: 'DuplicateLinked',
        summary: 'sam merged an incident you cannot see into this incident as a duplicate',
        linkedIncidentId: null,
      });
      expect(JSON.stringify([duplicate, kept])).not.toMatch(new RegExp(`${secretId}|${hiddenDuplicate}`));
    });

    it('shows the ids to members', async () => {
      const sam = await server.as('sam');
      const { incident: duplicate } = await mustQuery(sam, INCIDENT_WITH_LINKS, { id: mergedAway });
      expect(duplicate.mergedInto).toBe(secretId);
      expect(duplicate.timeline.at(-1)).toMatchObject({ linkedIncidentId: secretId, summary: `sam merged this incident into ${secretId} as a duplicate` });
      expect((await mustQuery(sam, INCIDENT_WITH_LINKS, { id: survivor })).incident.duplicates).toEqual([hiddenDuplicate]);
    });

    it('keeps the private id out of the refusals a non-member gets', async () => {
      const nosy = await server.as('nosy');
      const onDuplicate = await graphql(nosy, act('addTimelineNote', 'AddTimelineNoteInput'), { input: { incidentId: mergedAway, text: 'hello' } });
      expect(onDuplicate.body.errors?.[0]).toMatchObject({
        message: `Incident ${mergedAway} was merged into an incident you cannot see`,
        extensions: { code: 'CONFLICT', reason: 'INCIDENT_MERGED', mergedInto: null },
      });
      const intoDuplicate = await graphql(nosy, act('mergeIncident', 'MergeIncidentInput'), { input: { incidentId: publicId, into: mergedAway } });
      expect(intoDuplicate.body.errors?.[0]).toMatchObject({
        message: `Incident ${mergedAway} was itself merged into an incident you cannot see`,
        extensions: { code: 'CONFLICT', reason: 'CANNOT_MERGE', mergedInto: null },
      });
      expect(JSON.stringify([onDuplicate.body, intoDuplicate.body])).not.toContain(secretId);
    });
  });
});
