import { readReadmeScript, runBash, stepsNotAsWritten } from './support/readme';
import { removeDataDir, RunningServer, startServer, storeEnv } from './support/server';

const SECTION = { from: '### Try it: an alert pages whoever is on call\n', to: '### Alertmanager and Grafana\n' };

/**
 * The README's alerting example, run verbatim against a server started as it
 * says (`npm start`, the product's defaults): a schedule, an escalation
 * policy and an integration, then a PagerDuty event sent with curl declares a
 * SEV1 incident that pages whoever is on call, acknowledged and resolved.
 */
describe('the README alerting example', () => {
  let server: RunningServer;

  beforeAll(async () => {
    server = await startServer({ env: { REMINDER_POLICY: undefined } });
  });

  afterAll(async () => {
    await server.stop();
    removeDataDir(server.dataDir);
  });

  it('runs as written', async () => {
    const { script, expected } = readReadmeScript(SECTION);
    expect(script).toContain('LEDGER=${LEDGER:-http://localhost:3000}');
    const run = await runBash(script, { LEDGER: server.url.replace(/\/graphql$/, ''), DATA_DIR: server.dataDir, ...storeEnv(server.dataDir) });

    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const printed = run.stdout.split('\n').filter((line) => line !== '');
    expect(stepsNotAsWritten(printed, expected)).toEqual([]);
    expect(printed).toHaveLength(expected.length);
  }, 120_000);
});
