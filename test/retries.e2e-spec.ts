import { mustQuery } from './support/graphql-client';
import { ADD_NOTE, CHANGE_STATUS, DECLARE, INCIDENT_FIELDS, TIMELINE_FIELDS } from './support/operations';
import { removeDataDir, RunningServer, startServer } from './support/server';

/** The mutations with the whole incident in the answer, timeline included: a retry must answer all of it as before. */
const withTimeline = (query: string) => query.replace(INCIDENT_FIELDS, `${INCIDENT_FIELDS} timeline { ${TIMELINE_FIELDS} }`);

/**
 * A chat bot's requests time out and it sends them again with the same
 * commandId, while the team goes on working on the incident: each retry
 * answers exactly what the first attempt answered.
 */
describe('retried commands', () => {
  let server: RunningServer;

  beforeAll(async () => {
    server = await startServer();
  });

  afterAll(async () => {
    await server.stop();
    removeDataDir(server.dataDir);
  });

  it('answer the incident as of their first write, after others wrote to it', async () => {
    const bot = await server.as('chat-bot');
    const alice = await server.as('alice');
    const declareInput = { input: { title: 'Payments time out', severity: 'SEV2', commander: 'alice', commandId: 'bot-declare-7' } };
    const declared = await mustQuery(bot, withTimeline(DECLARE), declareInput);
    const incidentId = declared.declareIncident.id;
    const noteInput = { input: { incidentId, text: 'Failing over to the backup provider', commandId: 'bot-note-7' } };
    const noted = await mustQuery(bot, withTimeline(ADD_NOTE), noteInput);
    expect(noted.addTimelineNote.version).toBe(3);

    await mustQuery(alice, ADD_NOTE, { input: { incidentId, text: 'Backup provider is up' } });
    await mustQuery(alice, CHANGE_STATUS, { input: { incidentId, status: 'MONITORING' } });

    expect(await mustQuery(bot, withTimeline(ADD_NOTE), noteInput)).toEqual(noted);
    expect(await mustQuery(bot, withTimeline(DECLARE), declareInput)).toEqual(declared);
  });
});
