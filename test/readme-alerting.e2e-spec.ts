import { expectReadmeSectionRunsAsWritten } from './support/readme';
import { removeDataDir, RunningServer, startServer } from './support/server';

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
    await expectReadmeSectionRunsAsWritten(SECTION, server);
  }, 120_000);
});
