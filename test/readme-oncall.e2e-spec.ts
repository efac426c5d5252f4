import { readReadmeScript, runBash, stepsNotAsWritten } from './support/readme';
import { removeDataDir, RunningServer, startServer, storeEnv } from './support/server';

const SECTION = { from: '### Try it: a follow-the-sun schedule\n', to: '### Schedules, changes and time travel\n' };

/**
 * The README's on-call example, run verbatim against a server started as it
 * says (`npm start`, the product's defaults): a follow-the-sun schedule, who
 * is on call, no gaps, a swap, and the calendar feed fetched without a key.
 */
describe('the README on-call example', () => {
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
