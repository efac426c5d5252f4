import { graphql, mustQuery } from './support/graphql-client';
import { readReadmeScript, runBash, stepsNotAsWritten } from './support/readme';
import { removeDataDir, RunningServer, startServer, storeEnv } from './support/server';

const SECTION = { from: '## A walk through an incident\n', to: '### Live feeds\n' };

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const parse = (line: string): any => JSON.parse(line);

/**
 * The README's walk-through, run verbatim against a started server with the
 * product's default close rule: every step prints what the README says it
 * prints, the incident runs to CLOSED with its report published, and its
 * metrics come out in minutes, as the relative times given make them.
 */
describe('the README walk-through', () => {
  let server: RunningServer;

  beforeAll(async () => {
    // The product defaults, not the tests': SEV1-SEV3 close only with a published report, and reminders are on.
    server = await startServer({ env: { REPORT_REQUIRED_FOR: undefined, REMINDER_POLICY: undefined } });
  });

  afterAll(async () => {
    await server.stop();
    removeDataDir(server.dataDir);
  });

  it('runs as written, to CLOSED, printing what the README says at every step', async () => {
    const { script, expected } = readReadmeScript(SECTION);
    expect(script).toContain('LEDGER=${LEDGER:-http://localhost:3000}');
    const started = Date.now();
    const run = await runBash(script, { LEDGER: server.url.replace(/\/graphql$/, ''), DATA_DIR: server.dataDir, ...storeEnv(server.dataDir) });
    const seconds = (Date.now() - started) / 1000;

    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const printed = run.stdout.split('\n').filter((line) => line !== '');
    expect(stepsNotAsWritten(printed, expected)).toEqual([]);
    expect(printed).toHaveLength(expected.length);

    // Beyond the README's words: the facts a newcomer reads from those lines.
    const [declared, retried] = printed.filter((line) => line.includes('"declareIncident"')).map((line) => parse(line).data.declareIncident);
    expect(retried).toEqual(declared);
    const answerOf = (field: string) => parse(printed.find((line) => line.startsWith(`{"data":{"${field}"`)) as string).data[field];
    expect(answerOf('closeIncident').status).toBe('CLOSED');
    expect(answerOf('incident').timeline.map((entry: { summary: string }) => entry.summary)).toContain('bob published revision 1 of the incident report');
    const { incidentCount, metrics } = answerOf('incidentMetrics');
    expect(incidentCount).toBe(1);
    // The impact began 10 minutes before the declaration: resolved within the run after that, not days later.
    expect(metrics.timeToResolve.mean).toBeGreaterThanOrEqual(600);
    expect(metrics.timeToResolve.mean).toBeLessThanOrEqual(600 + seconds);
    expect(metrics.timeToAcknowledge.mean).toBeLessThanOrEqual(seconds);

    // And the close rule the walk-through satisfies was in force: without a report, a SEV2 does not close.
    const erin = await server.as('erin');
    const { declareIncident } = await mustQuery(erin, 'mutation { declareIncident(input: { title: "Search is down", severity: SEV2 }) { id } }');
    await mustQuery(erin, 'mutation($id: ID!) { resolveIncident(input: { incidentId: $id }) { status } }', { id: declareIncident.id });
    const refused = await graphql(erin, 'mutation($id: ID!) { closeIncident(input: { incidentId: $id }) { status } }', { id: declareIncident.id });
    expect(refused.body.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'REPORT_REQUIRED' });
  }, 180_000);
});
