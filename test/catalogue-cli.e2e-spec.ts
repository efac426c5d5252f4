import { spawnSync, SpawnSyncReturns } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mustQuery } from './support/graphql-client';
import { removeDataDir, RunningServer, startServer } from './support/server';

const CLI = join(__dirname, '../dist/apps/cli/main.js');
const FIXTURES = join(__dirname, 'fixtures/backstage');
/** Backstage's own example entities, as its repository ships them (see each file's header), and the ledger's example. */
const EXAMPLES = ['acme', 'components', 'apis', 'ledger'].map((folder) => join(FIXTURES, folder));

const SERVICES = `{ services(first: 100) { totalCount edges { node { slug tier ownerTeam lifecycle dependencies runbooks { url } } } } }`;

/**
 * The catalogue from Backstage files with the command line, while a server
 * runs on the same store: a dry run, the import, a re-import that writes
 * nothing, refusals that name file, line and column, and the export that
 * imports back to nothing new.
 */
describe('the catalogue on the command line', () => {
  let server: RunningServer;
  let sandbox: string;

  const cli = (...args: string[]): SpawnSyncReturns<string> =>
    spawnSync(process.execPath, [CLI, 'catalogue', ...args], {
      env: { ...process.env, DATA_DIR: server.dataDir, EVENT_STORE: 'sqlite' },
      encoding: 'utf8',
    });
  const headPosition = async () => ((await (await server.health()).json()) as { store: { headPosition: number } }).store.headPosition;
  const serviceSlugs = async () =>
    (await mustQuery(server.admin, SERVICES)).services.edges.map((edge: { node: { slug: string } }) => edge.node.slug);

  beforeAll(async () => {
    server = await startServer({ env: { EVENT_STORE: 'sqlite' } });
    sandbox = mkdtempSync(join(tmpdir(), 'ledger-catalogue-'));
  });

  afterAll(async () => {
    await server.stop();
    removeDataDir(server.dataDir);
    rmSync(sandbox, { recursive: true, force: true });
  });

  it('prints what a dry run would change, with notes on what it passes over, and writes nothing', async () => {
    await headPosition(); // the admin key's first use is recorded: an event of its own
    const before = await headPosition();
    const dryRun = cli('import', ...EXAMPLES, '--dry-run');
    expect(dryRun.stderr).toMatch(/catalogue import \(dry run\) read \d+ files, \d+ documents in .*: \d+ changes; nothing written/);
    expect(dryRun.status).toBe(0);
    expect(dryRun.stdout).toMatch(/^\+ .*ledger/m);
    // The API entity is not a service: passed over with its place named.
    expect(dryRun.stderr).toMatch(/note: .*wayback-archive-api\.yaml:\d+:\d+/);
    expect(await headPosition()).toBe(before);
  });

  it('imports Backstage files into the running server: services with owner, tier, lifecycle, runbooks and dependencies', async () => {
    const imported = cli('import', ...EXAMPLES);
    expect(imported.stderr).toMatch(/catalogue import read \d+ files, \d+ documents in .*: \d+ changes written/);
    expect(imported.status).toBe(0);
    // The server reads what another process wrote within its polling interval.
    let slugs: string[] = [];
    for (let attempt = 0; attempt < 50 && !slugs.includes('checkout'); attempt++) {
      slugs = await serviceSlugs();
      if (!slugs.includes('checkout')) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(slugs).toEqual(expect.arrayContaining(['artist-lookup', 'checkout', 'ledger', 'payments', 'wayback-archive']));
    const { service } = await mustQuery(server.admin, `{ service(slug: "payments") { tier ownerTeam lifecycle dependencies owner { chatHandle } } }`);
    // dependsOn names a resource too, which is not a service: only the component is kept.
    expect(service).toEqual({ tier: 'TIER_1', ownerTeam: 'payments', lifecycle: 'PRODUCTION', dependencies: ['ledger'], owner: { chatHandle: '#payments' } });
    const { person } = await mustQuery(server.admin, `{ person(name: "ann") { displayName timeZone contactMethods { email chatMemberId } } }`);
    expect(person).toEqual({ displayName: 'Ann Example', timeZone: 'Europe/Berlin', contactMethods: { email: 'ann@example.com', chatMemberId: 'U024BE7LH' } });
  });

  it('writes nothing when the same files are imported again', async () => {
    const before = await headPosition();
    const again = cli('import', ...EXAMPLES);
    expect(again.status).toBe(0);
    expect(again.stderr).toMatch(/: 0 changes; nothing written/);
    expect(await headPosition()).toBe(before);
  });

  it('refuses a bad file with its file, line and column, and writes nothing of the other files', async () => {
    const before = await headPosition();
    const refused = cli('import', join(FIXTURES, 'refused'), join(FIXTURES, 'ledger'));
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/refused\/playback-order-component\.yaml:14:10/);
    const broken = join(sandbox, 'broken.yaml');
    writeFileSync(broken, 'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: [unclosed\n');
    const unparsable = cli('import', broken);
    expect(unparsable.status).toBe(1);
    expect(unparsable.stderr).toMatch(/broken\.yaml:\d+:\d+/);
    expect(await headPosition()).toBe(before);
  });

  it('refuses a dependency cycle among the files, naming it', async () => {
    const cycle = join(sandbox, 'cycle.yaml');
    const component = (name: string, dependsOn: string) =>
      `apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: ${name}\nspec:\n  type: service\n  lifecycle: production\n  owner: payments\n  dependsOn: [component:${dependsOn}]\n`;
    writeFileSync(cycle, [component('alpha', 'beta'), component('beta', 'alpha')].join('---\n'));
    const refused = cli('import', cycle);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/alpha → beta → alpha|beta → alpha → beta/);
  });

  it('exports the catalogue in the same format, which imports back to no change', async () => {
    const out = join(sandbox, 'export.yaml');
    const exported = cli('export', '--out', out);
    expect(exported.status).toBe(0);
    const yaml = readFileSync(out, 'utf8');
    expect(yaml).toMatch(/kind: Component[\s\S]*name: ledger/);
    expect(yaml).toMatch(/incident-ledger\.dev\/tier: "1"/);
    const reimport = cli('import', out);
    expect(reimport.status).toBe(0);
    expect(reimport.stderr).toMatch(/: 0 changes; nothing written/);
  });
});
