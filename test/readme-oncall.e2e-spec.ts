import { expectReadmeSectionRunsAsWritten } from './support/readme';
import { removeDataDir, RunningServer, startServer } from './support/server';

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
    await expectReadmeSectionRunsAsWritten(SECTION, server);
  }, 120_000);
});
