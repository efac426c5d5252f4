import { Caller, graphql, mustQuery } from './support/graphql-client';
import { CHANGE_STATUS, DECLARE, INCIDENT } from './support/operations';
import { removeDataDir, RunningServer, startServer } from './support/server';

/**
 * Responders and reviewers at work on one incident at once, each sending the
 * `expectedVersion` they read: review work (action items, the report) does
 * not make a responder's version stale, nor response work a reviewer's; a
 * change to the same part still conflicts, says what changed, and writes
 * nothing.
 */

const ITEM_FIELDS = 'version actionItems { id status }';
const ADD_ITEM = `mutation($input: AddActionItemInput!) { addActionItem(input: $input) { ${ITEM_FIELDS} } }`;
const COMPLETE_ITEM = `mutation($input: CompleteActionItemInput!) { completeActionItem(input: $input) { ${ITEM_FIELDS} } }`;
const SAVE_REPORT = `mutation($input: SaveIncidentReportInput!) { saveIncidentReport(input: $input) { version report { revision } } }`;

describe('response and review side by side', () => {
  let server: RunningServer;
  let ana: Caller;
  let bob: Caller;
  let rita: Caller;

  const headPosition = async () => ((await (await server.health()).json()) as { store: { headPosition: number } }).store.headPosition;

  beforeAll(async () => {
    server = await startServer();
    [ana, bob, rita] = await Promise.all([server.as('ana'), server.as('bob'), server.as('rita')]);
  });

  afterAll(async () => {
    await server.stop();
    removeDataDir(server.dataDir);
  });

  it("takes a responder's status change after someone completed an action item since the version they read", async () => {
    const { declareIncident } = await mustQuery(ana, DECLARE, { input: { title: 'Checkout slow', severity: 'SEV2' } });
    const id = declareIncident.id as string;
    const { addActionItem } = await mustQuery(rita, ADD_ITEM, { input: { incidentId: id, title: 'Alert on pool use', owner: 'rita', type: 'DETECT' } });
    const read = (await mustQuery(ana, INCIDENT, { id })).incident.version as number;

    const actionItemId = addActionItem.actionItems[0].id as string;
    const { completeActionItem } = await mustQuery(rita, COMPLETE_ITEM, { input: { incidentId: id, actionItemId, expectedVersion: read } });
    expect(completeActionItem.version).toBe(read + 1);

    const { changeIncidentStatus } = await mustQuery(ana, CHANGE_STATUS, { input: { incidentId: id, status: 'IDENTIFIED', expectedVersion: read } });
    expect(changeIncidentStatus).toMatchObject({ status: 'IDENTIFIED', version: read + 2 });
  });

  it("refuses a responder's status change once a second responder changed the status, naming the change and writing nothing", async () => {
    const { declareIncident } = await mustQuery(ana, DECLARE, { input: { title: 'Search down', severity: 'SEV1' } });
    const id = declareIncident.id as string;
    const read = declareIncident.version as number;
    await mustQuery(bob, CHANGE_STATUS, { input: { incidentId: id, status: 'IDENTIFIED', expectedVersion: read } });
    await mustQuery(rita, ADD_ITEM, { input: { incidentId: id, title: 'Shard the index', owner: 'rita', type: 'PREVENT' } });

    const before = await headPosition();
    const refused = await graphql(ana, CHANGE_STATUS, { input: { incidentId: id, status: 'MONITORING', expectedVersion: read } });
    expect(refused.body.errors?.[0].extensions).toEqual({
      code: 'CONFLICT',
      reason: 'VERSION_CONFLICT',
      expectedVersion: read,
      actualVersion: read + 2,
      changes: ['IncidentStatusChanged'],
    });
    expect(refused.body.errors?.[0].message).toContain('IncidentStatusChanged');
    expect(await headPosition()).toBe(before);
    expect((await mustQuery(ana, INCIDENT, { id })).incident).toMatchObject({ status: 'IDENTIFIED', version: read + 2 });
  });

  it("takes a reviewer's draft after responders moved the incident on, and refuses it after another reviewer's", async () => {
    const { declareIncident } = await mustQuery(ana, DECLARE, { input: { title: 'Payments failing', severity: 'SEV2' } });
    const id = declareIncident.id as string;
    const read = declareIncident.version as number;
    await mustQuery(ana, CHANGE_STATUS, { input: { incidentId: id, status: 'RESOLVED' } });

    const { saveIncidentReport } = await mustQuery(rita, SAVE_REPORT, { input: { incidentId: id, internal: { summary: 'Payments failed' }, expectedVersion: read } });
    expect(saveIncidentReport).toMatchObject({ version: read + 2, report: { revision: 1 } });

    const refused = await graphql(bob, SAVE_REPORT, { input: { incidentId: id, internal: { summary: 'Cards declined' }, expectedVersion: read } });
    expect(refused.body.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'VERSION_CONFLICT', changes: ['IncidentReportDrafted'] });
  });
});
