import { join } from 'node:path';
import { SqliteEventStore } from '@incident-ledger/event-store';
import { Caller, graphql, GraphQLResponse, mustQuery } from './support/graphql-client';
import { ACTIVE, DECLARE, INCIDENT, mutation, RESOLVE, CLOSE } from './support/operations';
import { removeDataDir, RunningServer, startServer } from './support/server';

/**
 * The work of a review, over HTTP: merging duplicates (both timelines show
 * the link, and a merge cut short by a crash is completed at the next start),
 * the incident report and the rule that SEV1-3 incidents close once it is
 * published, action items and the overdue list, and tags.
 */

const REVIEW_FIELDS = `id status version mergedInto duplicates tags
  report { revision status causeTags publishedAt internal { summary impact rootCause resolution lessons } external { summary } }
  actionItems { id title owner dueAt priority type source status completedAt }
  timeline { type actor summary linkedIncidentId actionItemId tags }`;
const MERGE = `mutation($input: MergeIncidentInput!) { mergeIncident(input: $input) { ${REVIEW_FIELDS} } }`;
const SAVE_REPORT = `mutation($input: SaveIncidentReportInput!) { saveIncidentReport(input: $input) { ${REVIEW_FIELDS} } }`;
const PUBLISH_REPORT = `mutation($input: PublishIncidentReportInput!) { publishIncidentReport(input: $input) { ${REVIEW_FIELDS} } }`;
const ADD_ITEM = `mutation($input: AddActionItemInput!) { addActionItem(input: $input) { ${REVIEW_FIELDS} } }`;
const COMPLETE_ITEM = `mutation($input: CompleteActionItemInput!) { completeActionItem(input: $input) { ${REVIEW_FIELDS} } }`;
const REOPEN_ITEM = `mutation($input: ReopenActionItemInput!) { reopenActionItem(input: $input) { ${REVIEW_FIELDS} } }`;
const CHANGE_TAGS = `mutation($input: ChangeIncidentTagsInput!) { changeIncidentTags(input: $input) { ${REVIEW_FIELDS} } }`;
const REVIEW_VIEW = `query($id: ID!) { incident(id: $id) { ${REVIEW_FIELDS} } }`;
const ACTION_ITEMS = `query($filter: ActionItemFilterInput) { actionItems(filter: $filter) { incidentId id title owner status overdue } }`;

const codeOf = (response: GraphQLResponse) => response.body.errors?.[0]?.extensions;
const HOUR = 3_600_000;

describe('the work of a review', () => {
  let server: RunningServer;
  let responder: Caller;

  const declare = async (title: string, severity = 'SEV2', extra: Record<string, unknown> = {}) =>
    (await mustQuery(responder, DECLARE, { input: { title, severity, ...extra } })).declareIncident.id as string;
  const view = async (id: string) => (await mustQuery(server.admin, REVIEW_VIEW, { id })).incident;
  const headPosition = async () => ((await (await server.health()).json()) as { store: { headPosition: number } }).store.headPosition;

  beforeAll(async () => {
    // The product's default rule, which the shared test setup turns off.
    server = await startServer({ env: { REPORT_REQUIRED_FOR: 'SEV1,SEV2,SEV3', EVENT_STORE: 'sqlite' } });
    responder = await server.as('ana');
  });

  afterAll(async () => {
    await server.stop();
    removeDataDir(server.dataDir);
  });

  describe('merging duplicates', () => {
    it('closes the duplicate, takes it off the board, and both timelines show the link', async () => {
      const original = await declare('Checkout fails');
      const duplicate = await declare('Cannot pay');
      const { mergeIncident } = await mustQuery(responder, MERGE, { input: { incidentId: duplicate, into: original, commandId: 'merge-1' } });
      expect(mergeIncident).toMatchObject({ id: duplicate, status: 'CLOSED', mergedInto: original });
      expect(mergeIncident.timeline.at(-1)).toMatchObject({ type: 'IncidentMerged', linkedIncidentId: original, actor: 'ana' });

      const survivor = await view(original);
      expect(survivor.duplicates).toEqual([duplicate]);
      expect(survivor.timeline.at(-1)).toMatchObject({ type: 'DuplicateLinked', linkedIncidentId: duplicate, summary: `ana merged ${duplicate} into this incident as a duplicate` });
      const { activeIncidents } = await mustQuery(responder, ACTIVE);
      expect(activeIncidents.map((incident: { id: string }) => incident.id)).toContain(original);
      expect(activeIncidents.map((incident: { id: string }) => incident.id)).not.toContain(duplicate);

      // A retry with the same command id writes nothing.
      const before = await headPosition();
      const retried = await mustQuery(responder, MERGE, { input: { incidentId: duplicate, into: original, commandId: 'merge-1' } });
      expect(retried.mergeIncident).toMatchObject({ mergedInto: original, version: mergeIncident.version });
      expect(await headPosition()).toBe(before);
    });

    it('refuses merges that make no sense, and writes nothing for them', async () => {
      const original = await declare('Search slow');
      const duplicate = await declare('Search timeouts');
      await mustQuery(responder, MERGE, { input: { incidentId: duplicate, into: original } });
      const before = await headPosition();
      const third = await declare('Search down');
      const afterDeclare = await headPosition();

      expect(codeOf(await graphql(responder, MERGE, { input: { incidentId: third, into: 'no-such-incident' } }))).toMatchObject({ code: 'NOT_FOUND' });
      expect(codeOf(await graphql(responder, MERGE, { input: { incidentId: third, into: third } }))).toMatchObject({ code: 'CONFLICT', reason: 'CANNOT_MERGE' });
      expect(codeOf(await graphql(responder, MERGE, { input: { incidentId: third, into: duplicate } }))).toMatchObject({ code: 'CONFLICT', reason: 'CANNOT_MERGE', mergedInto: original });
      expect(codeOf(await graphql(responder, mutation('addTimelineNote', 'AddTimelineNoteInput'), { input: { incidentId: duplicate, text: 'x' } }))).toMatchObject({
        code: 'CONFLICT',
        reason: 'INCIDENT_MERGED',
      });
      expect(codeOf(await graphql(responder, MERGE, { input: { incidentId: original, into: third } }))).toMatchObject({ code: 'CONFLICT', reason: 'CANNOT_MERGE' });
      expect(afterDeclare).toBeGreaterThan(before);
      expect(await headPosition()).toBe(afterDeclare);
    });
  });

  describe('the incident report', () => {
    it('closes a SEV2 incident only once its report is published', async () => {
      const id = await declare('Payments time out');
      await mustQuery(responder, RESOLVE, { input: { incidentId: id } });
      expect(codeOf(await graphql(responder, CLOSE, { input: { incidentId: id } }))).toMatchObject({ code: 'CONFLICT', reason: 'REPORT_REQUIRED', severity: 'SEV2' });

      const draft = await mustQuery(responder, SAVE_REPORT, {
        input: { incidentId: id, internal: { summary: 'Payments timed out for 20 min', rootCause: 'Pool exhausted' }, external: { summary: 'Some payments failed' }, causeTags: ['Capacity'] },
      });
      expect(draft.saveIncidentReport.report).toMatchObject({ revision: 1, status: 'DRAFT', causeTags: ['capacity'], external: { summary: 'Some payments failed' } });
      expect(codeOf(await graphql(responder, PUBLISH_REPORT, { input: { incidentId: id } }))).toMatchObject({ code: 'CONFLICT', reason: 'REPORT_INCOMPLETE', missing: 'impact,resolution' });

      await mustQuery(responder, SAVE_REPORT, { input: { incidentId: id, internal: { impact: '3% of payments', resolution: 'Pool resized' } } });
      const { publishIncidentReport } = await mustQuery(responder, PUBLISH_REPORT, { input: { incidentId: id } });
      expect(publishIncidentReport.report).toMatchObject({
        revision: 2,
        status: 'PUBLISHED',
        internal: { summary: 'Payments timed out for 20 min', impact: '3% of payments', rootCause: 'Pool exhausted', resolution: 'Pool resized', lessons: null },
      });
      expect(publishIncidentReport.report.publishedAt).toEqual(expect.any(String));
      const { closeIncident } = await mustQuery(responder, CLOSE, { input: { incidentId: id } });
      expect(closeIncident.status).toBe('CLOSED');

      // The review goes on after the close: a change makes the report a draft again, to republish.
      const { saveIncidentReport } = await mustQuery(responder, SAVE_REPORT, { input: { incidentId: id, internal: { lessons: 'Alert on pool use' } } });
      expect(saveIncidentReport.report).toMatchObject({ revision: 3, status: 'DRAFT', publishedAt: null, internal: { lessons: 'Alert on pool use' } });
      const types = saveIncidentReport.timeline.map((entry: { type: string }) => entry.type);
      expect(types.filter((type: string) => type === 'IncidentReportDrafted')).toHaveLength(3);
      expect(types).toContain('IncidentReportPublished');
    });

    it('closes a SEV4 incident without a report', async () => {
      const id = await declare('One node down', 'SEV4');
      const { closeIncident } = await mustQuery(responder, CLOSE, { input: { incidentId: id } });
      expect(closeIncident.status).toBe('CLOSED');
    });
  });

  describe('action items and tags', () => {
    it('adds, completes and reopens items, and lists the overdue ones', async () => {
      const id = await declare('Config drift', 'SEV3', { tags: ['Config'] });
      const yesterday = new Date(Date.now() - 24 * HOUR).toISOString();
      const nextWeek = new Date(Date.now() + 7 * 24 * HOUR).toISOString();
      const first = await mustQuery(responder, ADD_ITEM, { input: { incidentId: id, title: 'Alert on drift', owner: 'ben', type: 'DETECT', dueAt: yesterday, priority: 'HIGH', commandId: 'item-1' } });
      const retry = await mustQuery(responder, ADD_ITEM, { input: { incidentId: id, title: 'Alert on drift', owner: 'ben', type: 'DETECT', dueAt: yesterday, priority: 'HIGH', commandId: 'item-1' } });
      expect(retry.addActionItem.actionItems).toHaveLength(1);
      const { addActionItem } = await mustQuery(responder, ADD_ITEM, { input: { incidentId: id, title: 'Write a runbook', owner: 'chen', type: 'PROCESS', dueAt: nextWeek, source: 'REPORT' } });
      const [drift, runbook] = addActionItem.actionItems;
      expect(drift).toMatchObject({ id: first.addActionItem.actionItems[0].id, title: 'Alert on drift', priority: 'HIGH', type: 'DETECT', source: 'INCIDENT', status: 'OPEN' });
      expect(runbook).toMatchObject({ owner: 'chen', priority: 'MEDIUM', source: 'REPORT' });

      const overdue = async () => (await mustQuery(responder, ACTION_ITEMS, { filter: { overdue: true } })).actionItems.filter((item: { incidentId: string }) => item.incidentId === id);
      expect(await overdue()).toEqual([{ incidentId: id, id: drift.id, title: 'Alert on drift', owner: 'ben', status: 'OPEN', overdue: true }]);

      const done = await mustQuery(responder, COMPLETE_ITEM, { input: { incidentId: id, actionItemId: drift.id, note: 'Alert added' } });
      expect(done.completeActionItem.actionItems[0]).toMatchObject({ status: 'DONE', completedAt: expect.any(String) });
      expect(await overdue()).toEqual([]);
      expect(codeOf(await graphql(responder, COMPLETE_ITEM, { input: { incidentId: id, actionItemId: drift.id } }))).toMatchObject({ code: 'CONFLICT', reason: 'NO_CHANGE' });
      expect(codeOf(await graphql(responder, COMPLETE_ITEM, { input: { incidentId: id, actionItemId: 'nope' } }))).toMatchObject({ code: 'NOT_FOUND', reason: 'ACTION_ITEM_NOT_FOUND' });

      await mustQuery(responder, REOPEN_ITEM, { input: { incidentId: id, actionItemId: drift.id, reason: 'Alert is flaky' } });
      expect(await overdue()).toHaveLength(1);
      const { actionItems: chens } = await mustQuery(responder, ACTION_ITEMS, { filter: { owner: 'chen', status: 'OPEN' } });
      expect(chens.map((item: { id: string }) => item.id)).toEqual([runbook.id]);

      const tagged = await mustQuery(responder, CHANGE_TAGS, { input: { incidentId: id, add: ['Deploy'], remove: ['config'] } });
      expect(tagged.changeIncidentTags.tags).toEqual(['deploy']);
      expect(tagged.changeIncidentTags.timeline.at(-1)).toMatchObject({ type: 'IncidentTagsChanged', tags: ['deploy'] });
      const entries = tagged.changeIncidentTags.timeline.filter((entry: { actionItemId: string | null }) => entry.actionItemId === drift.id);
      expect(entries.map((entry: { type: string }) => entry.type)).toEqual(['ActionItemAdded', 'ActionItemCompleted', 'ActionItemReopened']);
    });

    it('keeps the action items of a private incident from those who may not see it', async () => {
      const id = await declare('Token leak', 'SEV1', { private: true });
      await mustQuery(responder, ADD_ITEM, { input: { incidentId: id, title: 'Rotate every token', owner: 'ana', type: 'PREVENT', dueAt: new Date(Date.now() - HOUR).toISOString() } });
      const viewer = await server.as('victor', 'VIEWER');
      const seen = async (caller: Caller) => (await mustQuery(caller, ACTION_ITEMS, { filter: { overdue: true } })).actionItems.some((item: { incidentId: string }) => item.incidentId === id);
      expect(await seen(responder)).toBe(true);
      expect(await seen(viewer)).toBe(false);
    });
  });

  it('completes a merge cut short between its two writes at the next start', async () => {
    const original = await declare('Queue backlog');
    const duplicate = await declare('Jobs late');
    const { incident } = await mustQuery(server.admin, INCIDENT, { id: duplicate });
    expect(await server.stop()).toBe(0);

    // What a crash after the first write leaves: the duplicate merged, the survivor without its link.
    const store = new SqliteEventStore({ path: join(server.dataDir, 'events.sqlite') });
    const at = new Date().toISOString();
    await store.append(
      `incident-${duplicate}`,
      [
        {
          id: `crash-merge-${duplicate}`,
          type: 'IncidentMerged',
          data: { incidentId: duplicate, at, by: 'ana', into: original },
          metadata: { correlationId: 'crash', causationId: null, actor: 'ana', occurredAt: at, schemaVersion: 1 },
        },
      ],
      incident.version - 1,
    );
    await store.close();

    server = await startServer({ dataDir: server.dataDir, adminKey: server.adminKey, env: { REPORT_REQUIRED_FOR: 'SEV1,SEV2,SEV3', EVENT_STORE: 'sqlite' } });
    responder = await server.as('ana');
    const survivor = await view(original);
    expect(survivor.duplicates).toEqual([duplicate]);
    expect(survivor.timeline.at(-1)).toMatchObject({ type: 'DuplicateLinked', linkedIncidentId: duplicate, actor: 'incident-ledger' });
    expect(server.logs.some((line) => line.includes('Completing an interrupted merge'))).toBe(true);
  });
});
