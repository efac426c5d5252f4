import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { expectReadmeSectionRunsAsWritten } from './support/readme';
import { removeDataDir, RunningServer, startServer } from './support/server';

const SECTION = { from: '### Try it: a signed webhook\n', to: '### Channels, subscriptions and deliveries\n' };

/** A port free on this machine now, for the README's receiver. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
    probe.once('error', reject);
  });
}

/**
 * The README's notifications example, run verbatim against a server started
 * as it says (a secret key, a local plain-http receiver allowed): a webhook
 * channel subscribed to announcements, a SEV1 declared, and the delivery
 * arriving with a signature the Standard Webhooks reference package accepts.
 */
describe('the README notifications example', () => {
  let server: RunningServer;

  beforeAll(async () => {
    // As the README starts it: the product's defaults, reminders included, and the three settings it names.
    server = await startServer({
      env: { REMINDER_POLICY: undefined, LEDGER_SECRET_KEY: randomBytes(32).toString('base64'), NOTIFY_ALLOW_PRIVATE_NETWORKS: 'true', NOTIFY_ALLOW_HTTP: 'true' },
    });
  });

  afterAll(async () => {
    await server.stop();
    removeDataDir(server.dataDir);
  });

  it('runs as written: the signed announcement arrives and verifies', async () => {
    const printed = await expectReadmeSectionRunsAsWritten(SECTION, server, { HOOK_PORT: String(await freePort()) });
    expect(printed.at(-1)).toMatch(/^verified incident\.declared: erin declared a SEV1 incident/);
  }, 120_000);
});
