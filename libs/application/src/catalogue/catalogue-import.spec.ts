import { CatalogueCommand, catalogueDecider, CatalogueState, initialCatalogueState, ServiceLifecycle, ServiceTier } from '@incident-ledger/domain';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { CatalogueFile, CatalogueImportError, ReadProgress } from './backstage-entities';
import { exportCatalogue } from './catalogue-export';
import { ImportPlan, planCatalogueImport } from './catalogue-import.plan';

const FIXTURES = join(__dirname, '../../../../test/fixtures/backstage');

function filesUnder(...folders: string[]): CatalogueFile[] {
  const walk = (path: string): string[] => (statSync(path).isDirectory() ? readdirSync(path).sort().flatMap((name) => walk(join(path, name))) : [path]);
  return folders.flatMap((folder) => walk(join(FIXTURES, folder))).map((path) => ({ path: relative(FIXTURES, path), text: readFileSync(path, 'utf8') }));
}

function applied(plan: ImportPlan, state: CatalogueState): CatalogueState {
  const events = catalogueDecider.decide({ type: 'ApplyCatalogueChanges', changes: plan.changes, actor: 'import' }, state, new Date('2026-06-01T00:00:00Z'));
  return events.reduce(catalogueDecider.evolve, state);
}

function refusal(files: CatalogueFile[], state: CatalogueState = initialCatalogueState): string[] {
  try {
    planCatalogueImport(files, state);
  } catch (error) {
    if (error instanceof CatalogueImportError) return error.message.split('\n');
    throw error;
  }
  throw new Error('the plan was not refused');
}

const BACKSTAGE_EXAMPLES = ['acme', 'components', 'apis'];

describe("importing Backstage's own example catalog", () => {
  const plan = planCatalogueImport(filesUnder(...BACKSTAGE_EXAMPLES), initialCatalogueState);

  it('registers its users, groups and components, dependencies first', () => {
    expect(plan.summary).toEqual(
      expect.arrayContaining([
        '+ person janelle.dawe: Janelle Dawe, UTC',
        '+ person breanna.davison: breanna.davison, UTC',
        '+ person guest: Guest User, UTC',
        '+ team team-a: team-a, members [breanna.davison, guest, janelle.dawe, nigel.manning]',
        '+ team team-d: Team D, members [eva.macdowell, lucy.sheehan]',
        '+ service artist-lookup: TIER_4, owner team-a',
        '+ service wayback-archive-ingestion: TIER_4, owner team-d',
      ]),
    );
    expect(plan.summary).toHaveLength(11 + 3 + 6);
    const state = applied(plan, initialCatalogueState);
    expect(state.services.get('artist-lookup')).toMatchObject({
      description: 'Artist Lookup',
      lifecycle: ServiceLifecycle.EXPERIMENTAL,
      tags: ['data', 'java'],
      links: expect.arrayContaining([{ title: 'Dashboard', url: 'https://example.com/dashboard' }]),
      dependencies: [],
    });
    expect(state.people.get('amelia.park')?.contacts.email).toBe('amelia-park@example.com');
  });

  it('says what it passed over and what it assumed, with file, line and column', () => {
    expect(plan.notes).toEqual(
      expect.arrayContaining([
        'acme/team-a-group.yaml:66:1: User guest passed over: it is in namespace development, and the ledger has only the default one',
        'apis/wayback-archive-api.yaml:3:1: API wayback-archive passed over: the ledger catalogues components, groups and users only',
        'components/artist-lookup-component.yaml:41:14: Component artist-lookup dependency resource:artists-db passed over: only components of the default namespace are catalogued',
        'components/podcast-api-component.yaml:6:9: Component podcast-api has no incident-ledger.dev/tier annotation: registered as TIER_4',
        'acme/team-b-group.yaml:20:9: User amelia.park has no incident-ledger.dev/time-zone annotation: registered in UTC',
      ]),
    );
  });

  it('plans nothing when the same files come again', () => {
    const state = applied(plan, initialCatalogueState);
    expect(planCatalogueImport(filesUnder(...BACKSTAGE_EXAMPLES), state)).toMatchObject({ changes: [], summary: [] });
  });

  it('refuses a component owned by a user, naming the line', () => {
    expect(refusal(filesUnder(...BACKSTAGE_EXAMPLES, 'refused'))).toEqual([
      'refused/playback-order-component.yaml:14:10: Component playback-order: owner user:guest is not a Group: services are owned by teams',
    ]);
  });
});

describe('importing the ledger fields', () => {
  const files = filesUnder('ledger');
  const plan = planCatalogueImport(files, initialCatalogueState);
  const state = applied(plan, initialCatalogueState);

  it('reads tiers, runbooks, chat handles, time zones and dependencies on components', () => {
    expect(plan.summary).toEqual([
      '+ person ann: Ann Example, Europe/Berlin',
      '+ team payments: Payments, members [ann]',
      '+ service ledger: TIER_1, owner payments',
      '+ service payments: TIER_1, owner payments, depends on ledger',
      '+ service checkout: TIER_2, owner payments, depends on payments',
    ]);
    expect(state.services.get('ledger')).toMatchObject({
      name: 'Ledger',
      runbooks: [{ title: 'Ledger failover', url: 'https://runbooks.example.com/ledger' }],
      links: [{ title: 'Dashboard', url: 'https://grafana.example.com/d/ledger' }],
    });
    expect(state.teams.get('payments')?.chatHandle).toBe('#payments');
    expect(state.people.get('ann')?.contacts).toEqual({ email: 'ann@example.com', chatMemberId: 'U024BE7LH', phone: null });
    expect(state.services.get('checkout')?.lifecycle).toBe(ServiceLifecycle.EXPERIMENTAL);
  });

  it('changes only what the files changed, and leaves a tier the files no longer give', () => {
    const edited = files.map((file) => ({
      ...file,
      text: file.text.replace('incident-ledger.dev/tier: "2"', 'incident-ledger.dev/tier: "1"').replace('  annotations:\n    incident-ledger.dev/tier: "1"\nspec:\n  type: service\n  lifecycle: production\n  owner: payments\n', 'spec:\n  type: service\n  lifecycle: deprecated\n  owner: payments\n'),
    }));
    const next = planCatalogueImport(edited, state);
    expect(next.summary).toEqual(['~ service payments: lifecycle "PRODUCTION" → "DEPRECATED"', '~ service checkout: tier "TIER_2" → "TIER_1"']);
    expect(next.changes).toEqual([expect.objectContaining({ type: 'UpdateService', slug: 'payments' }), expect.objectContaining({ type: 'UpdateService', slug: 'checkout', tier: ServiceTier.TIER_1 })]);
  });

  it('passes over a retired service that a file still lists', () => {
    const retired = ['checkout'].reduce(
      (current, slug) => catalogueDecider.decide({ type: 'RetireService', slug, actor: 'admin' }, current, new Date()).reduce(catalogueDecider.evolve, current),
      state,
    );
    const again = planCatalogueImport(files, retired);
    expect(again.changes).toEqual([]);
    expect(again.notes).toContain('ledger/catalog-info.yaml:69:9: Component checkout passed over: the service is retired in the ledger');
  });
});

describe('progress while reading', () => {
  it('is told after every document, so one large file shows progress too', () => {
    const documents = Array.from({ length: 40 }, (_, i) => `apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  name: team-${i}\nspec:\n  type: team\n  children: []\n`);
    const progress: ReadProgress[] = [];
    const plan = planCatalogueImport([{ path: 'teams.yaml', text: documents.join('---\n') }], initialCatalogueState, (read) => progress.push(read));
    expect(plan.changes).toHaveLength(40);
    expect(progress.map((read) => read.documents)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    const fractions = progress.map((read) => read.fraction);
    expect(fractions[0]).toBeLessThan(0.05);
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
    expect(fractions[39]).toBe(1);
  });
});

describe('refusing a bad file, with file, line and column', () => {
  const component = (name: string, spec: string, annotations = '') =>
    `apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: ${name}\n${annotations}spec:\n  type: service\n  lifecycle: production\n${spec}`;
  const team = 'apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  name: payments\nspec:\n  type: team\n  children: []\n';

  it.each([
    ['bad YAML', 'owner: [payments\n', /^bad.yaml:\d+:\d+: not valid YAML: /],
    ['an unknown owner', '  owner: growth\n', 'bad.yaml:8:10: Component checkout: Owner team growth is not in the catalogue'],
    ['an unknown dependency', '  owner: payments\n  dependsOn: [component:ledger]\n', 'bad.yaml:9:14: Component checkout: Dependency ledger is not in the catalogue'],
    ['a missing owner', '', 'bad.yaml:6:3: Component checkout: spec.owner is missing: every service has an owner team'],
  ])('%s', (_name, spec, expected) => {
    const lines = refusal([{ path: 'team.yaml', text: team }, { path: 'bad.yaml', text: component('checkout', spec) }]);
    expect(lines).toEqual([typeof expected === 'string' ? expected : expect.stringMatching(expected)]);
  });

  it('YAML that parses but cannot become data: an alias to nothing', () => {
    const lines = refusal([{ path: 'team.yaml', text: team }, { path: 'alias.yaml', text: 'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: *nowhere\n' }]);
    expect(lines).toEqual([expect.stringMatching(/^alias\.yaml:\d+:\d+: not valid YAML: /)]);
  });

  it('a bad tier, an unknown kind and a missing name, all at once', () => {
    const text = [
      component('checkout', '  owner: payments\n', '  annotations:\n    incident-ledger.dev/tier: "5"\n'),
      'apiVersion: backstage.io/v1alpha1\nkind: Widget\nmetadata:\n  name: gadget\n',
      'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  title: Nameless\n',
    ].join('---\n');
    expect(refusal([{ path: 'team.yaml', text: team }, { path: 'bad.yaml', text }])).toEqual([
      'bad.yaml:6:31: Component checkout: tier "5": use "1" (customer-facing and critical) to "4"',
      'bad.yaml:13:7: unknown kind Widget: the ledger reads Component, Group and User, and passes over API, Resource, System, Domain, Location, Template',
      'bad.yaml:20:3: the Component has no metadata.name',
    ]);
  });

  it('a dependency cycle, named in full', () => {
    const text = [
      component('checkout', '  owner: payments\n  dependsOn: [component:payments]\n'),
      component('payments', '  owner: payments\n  dependsOn: [component:ledger]\n'),
      component('ledger', '  owner: payments\n  dependsOn: [component:checkout]\n'),
    ].join('---\n');
    expect(refusal([{ path: 'team.yaml', text: team }, { path: 'cycle.yaml', text }])).toEqual([
      'cycle.yaml:29:14: Component ledger: These dependencies would form a cycle: checkout → payments → ledger → checkout',
    ]);
  });

  it('a component defined twice', () => {
    const text = [component('checkout', '  owner: payments\n'), component('checkout', '  owner: payments\n')].join('---\n');
    expect(refusal([{ path: 'team.yaml', text: team }, { path: 'twice.yaml', text }])).toEqual(['twice.yaml:13:9: Component checkout is defined twice; first at twice.yaml:1:1']);
  });

  it('a cycle through a service already catalogued', () => {
    const state = applied(planCatalogueImport(filesUnder('ledger'), initialCatalogueState), initialCatalogueState);
    const text = component('ledger', '  owner: payments\n  dependsOn: [component:checkout]\n', '  annotations:\n    incident-ledger.dev/tier: "1"\n');
    expect(refusal([{ path: 'ledger.yaml', text }], state)).toEqual([
      'ledger.yaml:11:14: Component ledger: These dependencies would form a cycle: ledger → checkout → payments → ledger',
    ]);
  });
});

describe('exporting the catalogue', () => {
  const files = filesUnder('ledger', ...BACKSTAGE_EXAMPLES);
  const state = applied(planCatalogueImport(files, initialCatalogueState), initialCatalogueState);
  const exported = exportCatalogue(state);

  it('writes what an import reads back unchanged', () => {
    expect(planCatalogueImport([{ path: 'export.yaml', text: exported }], state)).toMatchObject({ changes: [], summary: [] });
    const rebuilt = applied(planCatalogueImport([{ path: 'export.yaml', text: exported }], initialCatalogueState), initialCatalogueState);
    expect(exportCatalogue(rebuilt)).toBe(exported);
  });

  it('writes Backstage documents with the ledger annotations', () => {
    const ledger = exported.split('---\n').find((document) => document.includes('name: ledger\n'));
    expect(ledger).toBe(
      [
        'apiVersion: backstage.io/v1alpha1',
        'kind: Component',
        'metadata:',
        '  name: ledger',
        '  title: Ledger',
        '  description: Double-entry bookkeeping for every payment',
        '  annotations:',
        '    incident-ledger.dev/tier: "1"',
        '  tags:',
        '    - java',
        '    - money',
        '  links:',
        '    - url: https://grafana.example.com/d/ledger',
        '      title: Dashboard',
        '    - url: https://runbooks.example.com/ledger',
        '      title: Ledger failover',
        '      type: runbook',
        'spec:',
        '  type: service',
        '  lifecycle: production',
        '  owner: payments',
        '',
      ].join('\n'),
    );
  });

  it('leaves retired services out', () => {
    const retired = catalogueDecider.decide({ type: 'RetireService', slug: 'checkout', actor: 'admin' }, state, new Date()).reduce(catalogueDecider.evolve, state);
    expect(exportCatalogue(retired)).not.toContain('name: checkout\n');
  });

  it('gives a person whose name Backstage does not allow a valid name, and reads their own back', () => {
    const at = new Date('2026-06-01T00:00:00Z');
    const withEmailName = [
      { type: 'RegisterPerson', name: 'alice@example.com', displayName: 'Alice', timeZone: 'Europe/Berlin', contacts: {}, actor: 'admin' },
      { type: 'UpdateTeam', slug: 'payments', members: [...(state.teams.get('payments')?.members ?? []), 'alice@example.com'], actor: 'admin' },
    ].reduce((current, command) => catalogueDecider.decide(command as CatalogueCommand, current, at).reduce(catalogueDecider.evolve, current), state);
    const text = exportCatalogue(withEmailName);
    const alice = parseAllDocuments(text)
      .map((document) => document.toJS() as { kind: string; metadata: { name: string; annotations?: Record<string, string> } })
      .find((entity) => entity.metadata.annotations?.['incident-ledger.dev/actor'] === 'alice@example.com');
    expect(alice?.metadata.name).toMatch(/^alice-example-com-[0-9a-f]{8}$/);
    for (const name of [...text.matchAll(/^ {2}name: (.*)$/gm)].map((match) => match[1])) expect(name).toMatch(/^[a-zA-Z0-9]+(?:[-_.][a-zA-Z0-9]+)*$/);

    expect(planCatalogueImport([{ path: 'export.yaml', text }], withEmailName)).toMatchObject({ changes: [], summary: [] });
    const rebuilt = applied(planCatalogueImport([{ path: 'export.yaml', text }], initialCatalogueState), initialCatalogueState);
    expect(rebuilt.people.get('alice@example.com')).toMatchObject({ displayName: 'Alice', timeZone: 'Europe/Berlin' });
    expect(rebuilt.teams.get('payments')?.members).toContain('alice@example.com');
  });
});
