import { graphql, GraphQLResponse, mustQuery, wsClient } from './support/graphql-client';
import { ADD_NOTE, CHANGE_STATUS, DECLARE, INCIDENT, LIST, TIMELINE_FEED } from './support/operations';
import { bearer } from './support/keys';
import { removeDataDir, RunningServer, startServer } from './support/server';

/**
 * Every refused request gets a clear code and writes nothing; the server
 * keeps serving afterwards.
 */
describe('bad input', () => {
  let server: RunningServer;
  let incidentId: string;

  const headPosition = async (): Promise<number> => {
    const response = await server.health();
    return ((await response.json()) as { store: { headPosition: number } }).store.headPosition;
  };

  /** Sends the request and checks that nothing was appended to the store. */
  const refused = async (send: () => Promise<GraphQLResponse>): Promise<GraphQLResponse> => {
    const before = await headPosition();
    const response = await send();
    expect(await headPosition()).toBe(before);
    return response;
  };

  const codeOf = (response: GraphQLResponse) => response.body.errors?.[0]?.extensions?.code;

  beforeAll(async () => {
    server = await startServer();
    const { declareIncident } = await mustQuery(server.admin, DECLARE, { input: { title: 'Search is slow', severity: 'SEV4' } });
    incidentId = declareIncident.id;
    await mustQuery(server.admin, CHANGE_STATUS, { input: { incidentId, status: 'IDENTIFIED' } });
  });

  afterAll(async () => {
    await server.stop();
    removeDataDir(server.dataDir);
  });

  afterEach(async () => {
    // Still serving, and the incident is intact.
    const { incident } = await mustQuery(server.admin, INCIDENT, { id: incidentId });
    expect(incident).toMatchObject({ status: 'IDENTIFIED', version: 2 });
  });

  it.each([
    ['an empty title', { title: '', severity: 'SEV2' }, 'title'],
    ['a blank title', { title: '    ', severity: 'SEV2' }, 'title'],
    ['a title over 200 characters', { title: 'x'.repeat(201), severity: 'SEV2' }, 'title'],
    ['a detection time in the future', { title: 'ok', severity: 'SEV2', detectedAt: '2999-01-01T00:00:00Z' }, 'detectedAt'],
  ])('refuses %s with BAD_USER_INPUT', async (_name, input, field) => {
    const response = await refused(() => graphql(server.admin, DECLARE, { input }));
    expect(response.status).toBe(200);
    expect(codeOf(response)).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(response.body.errors)).toContain(field);
  });

  it('refuses an unknown severity given as a variable with BAD_USER_INPUT', async () => {
    const response = await refused(() => graphql(server.admin, DECLARE, { input: { title: 'x', severity: 'SEV9' } }));
    expect(response.status).toBe(400);
    expect(codeOf(response)).toBe('BAD_USER_INPUT');
    expect(response.body.errors?.[0].message).toMatch(/SEV9/);
  });

  it('refuses an unknown severity written in the query as a validation failure', async () => {
    const response = await refused(() =>
      graphql(server.admin, 'mutation { declareIncident(input: { title: "x", severity: SEV0 }) { id } }'),
    );
    expect(response.status).toBe(400);
    expect(codeOf(response)).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('refuses a time that is not ISO-8601 with a zone', async () => {
    const response = await refused(() =>
      graphql(server.admin, DECLARE, { input: { title: 'x', severity: 'SEV2', detectedAt: 'yesterday' } }),
    );
    expect(codeOf(response)).toBe('BAD_USER_INPUT');
  });

  it('answers NOT_FOUND for an unknown incident id', async () => {
    const response = await refused(() => graphql(server.admin, ADD_NOTE, { input: { incidentId: 'no-such-incident', text: 'hi' } }));
    expect(codeOf(response)).toBe('NOT_FOUND');
  });

  it('answers CONFLICT for a forbidden transition, saying why', async () => {
    const response = await refused(() => graphql(server.admin, CHANGE_STATUS, { input: { incidentId, status: 'INVESTIGATING' } }));
    expect(codeOf(response)).toBe('CONFLICT');
    expect(response.body.errors?.[0].extensions).toMatchObject({ reason: 'INVALID_STATUS_TRANSITION', from: 'IDENTIFIED', to: 'INVESTIGATING' });
  });

  it('answers CONFLICT for a stale expectedVersion, with the actual version', async () => {
    const response = await refused(() =>
      graphql(server.admin, ADD_NOTE, { input: { incidentId, text: 'based on what I saw', expectedVersion: 1 } }),
    );
    expect(codeOf(response)).toBe('CONFLICT');
    expect(response.body.errors?.[0].extensions).toMatchObject({ reason: 'VERSION_CONFLICT', actualVersion: 2, expectedVersion: 1 });
  });

  it('answers BAD_REQUEST with 400 for malformed JSON', async () => {
    const response = await refused(async () => {
      const res = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json', ...bearer(server.adminKey) }, body: '{"query": "mutation {' });
      return { status: res.status, body: await res.json() } as GraphQLResponse;
    });
    expect(response.status).toBe(400);
    expect(codeOf(response)).toBe('BAD_REQUEST');
  });

  it('answers BAD_REQUEST for GET variables that are not a JSON object', async () => {
    for (const variables of ['""', '[1]', '42', '{"input":', 'x']) {
      const response = await refused(async () => {
        const query = encodeURIComponent('{ apiKeys { id } }');
        const res = await fetch(`${server.url}?query=${query}&variables=${encodeURIComponent(variables)}`, { headers: bearer(server.adminKey) });
        return { status: res.status, body: await res.json() } as GraphQLResponse;
      });
      expect([variables, response.status, codeOf(response)]).toEqual([variables, 400, 'BAD_REQUEST']);
    }
  });

  it('answers 413 PAYLOAD_TOO_LARGE for a body over 1 MiB', async () => {
    const response = await refused(async () => {
      const body = JSON.stringify({ query: ADD_NOTE, variables: { input: { incidentId, text: 'x'.repeat(1024 * 1024) } } });
      const res = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json', ...bearer(server.adminKey) }, body });
      return { status: res.status, body: await res.json() } as GraphQLResponse;
    });
    expect(response.status).toBe(413);
    expect(codeOf(response)).toBe('PAYLOAD_TOO_LARGE');
  });

  it('answers GRAPHQL_PARSE_FAILED for a query that does not parse', async () => {
    const response = await refused(() => graphql(server.admin, 'mutation { addTimelineNote(input: {'));
    expect(response.status).toBe(400);
    expect(codeOf(response)).toBe('GRAPHQL_PARSE_FAILED');
  });

  // Mercurius would take a query holding JSON as a ready-made syntax tree, past parsing (a malformed one crashed
  // validation: 500). The router decodes percent-escapes, so every spelling of the path reaches the GraphQL route.
  it.each(['/graphql', '/%67raphql', '/graph%71l'])('refuses a query that is a JSON syntax tree at %s, by GET and POST', async (path) => {
    const tree = JSON.stringify({ kind: 'Document', definitions: [{ kind: 'OperationDefinition' }] });
    const url = new URL(path, server.url).href;
    const answers = [
      await fetch(`${url}?query=${encodeURIComponent(tree)}`, { headers: bearer(server.adminKey) }),
      await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...bearer(server.adminKey) }, body: JSON.stringify({ query: tree }) }),
    ];
    for (const answer of answers) {
      const body = (await answer.json()) as GraphQLResponse['body'];
      expect([answer.status, body.errors?.[0]?.extensions?.code]).toEqual([400, 'GRAPHQL_PARSE_FAILED']);
    }
  });

  it('refuses a note over the length limit', async () => {
    const response = await refused(() => graphql(server.admin, ADD_NOTE, { input: { incidentId, text: 'x'.repeat(10_001) } }));
    expect(codeOf(response)).toBe('BAD_USER_INPUT');
  });

  it('refuses a cursor it did not give out', async () => {
    const response = await refused(() => graphql(server.admin, LIST, { after: 'garbage' }));
    expect(codeOf(response)).toBe('BAD_USER_INPUT');
  });

  it('writes a retried command once, and refuses its commandId for a different command', async () => {
    const declare = { input: { title: 'Queue backlog', severity: 'SEV3', commandId: 'declare-7' } };
    const first = await mustQuery(server.admin, DECLARE, declare);
    const afterDeclare = await headPosition();
    const retried = await mustQuery(server.admin, DECLARE, declare);
    expect(retried.declareIncident.id).toBe(first.declareIncident.id);
    expect(await headPosition()).toBe(afterDeclare);
    const other = first.declareIncident.id;
    await mustQuery(server.admin, ADD_NOTE, { input: { incidentId: other, text: 'once', commandId: 'note-42' } });
    const afterNote = await headPosition();
    expect(afterNote).toBeGreaterThan(afterDeclare);
    const replay = await mustQuery(server.admin, ADD_NOTE, { input: { incidentId: other, text: 'once', commandId: 'note-42' } });
    expect(replay.addTimelineNote.version).toBe(2);
    expect(await headPosition()).toBe(afterNote);

    const response = await refused(() => graphql(server.admin, ADD_NOTE, { input: { incidentId: other, text: 'different', commandId: 'note-42' } }));
    expect(codeOf(response)).toBe('BAD_USER_INPUT');
    expect(response.body.errors?.[0].extensions?.reason).toBe('COMMAND_ID_REUSED');
  });

  it('refuses a live feed on an unknown incident with NOT_FOUND', async () => {
    const client = wsClient(server.wsUrl, server.adminKey);
    const outcome = await new Promise<unknown>((resolve) => {
      client.subscribe(
        { query: TIMELINE_FEED, variables: { incidentId: 'no-such-incident' } },
        { next: (value) => resolve(value), error: (error) => resolve(error), complete: () => resolve('complete') },
      );
    });
    await client.dispose();
    expect(JSON.stringify(outcome)).toContain('NOT_FOUND');
  });
});
