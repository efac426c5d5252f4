import { generateApiKey } from '@incident-ledger/application';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { BenchRow, ratioTo, Scenario, ScenarioContext } from '../bench.types';
import { CONNECTIONS, describeLoad, ledgerEnv, loadTest } from '../support/http-load';
import { ensurePeers } from '../support/peers';
import { graphql, startServer } from '../support/server-process';
import { median, round } from '../support/statistics';

/**
 * The service catalogue at the sizes the issue names: the import of 5,000
 * Backstage components with the command line (against parsing the same
 * files with the YAML parser alone, the floor of any import), a re-import
 * that writes nothing, and `services` pages and a service's transitive
 * dependents over 10,000 services at 50 connections (against `me`, the
 * cheapest authenticated query, on the same server).
 */
const TEAMS = 50;
const PER_FILE = 100;
const SCENARIO = 'catalogue';

/** `count` components in files of PER_FILE, each owned by a team, depending on up to two earlier ones (a DAG, so no cycle). */
function writeComponents(dir: string, count: number): void {
  mkdirSync(dir, { recursive: true });
  const groups = Array.from({ length: TEAMS }, (_, team) => `apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata:\n  name: team-${team}\nspec:\n  type: team\n  children: []\n`);
  writeFileSync(join(dir, 'groups.yaml'), groups.join('---\n'));
  for (let file = 0; file * PER_FILE < count; file++) {
    const documents: string[] = [];
    for (let index = file * PER_FILE; index < Math.min(count, (file + 1) * PER_FILE); index++) {
      const dependsOn = [index - 1, Math.floor(index / 2)].filter((other) => other >= 0 && other !== index);
      documents.push(
        [
          'apiVersion: backstage.io/v1alpha1',
          'kind: Component',
          'metadata:',
          `  name: service-${index}`,
          `  title: Service ${index}`,
          `  description: The service number ${index}, for the benchmark`,
          `  annotations: { incident-ledger.dev/tier: "${(index % 4) + 1}" }`,
          `  tags: [bench, group-${index % 10}]`,
          `  links: [{ url: "https://runbooks.example.com/service-${index}", title: Runbook, type: runbook }]`,
          'spec:',
          '  type: service',
          '  lifecycle: production',
          `  owner: team-${index % TEAMS}`,
          `  dependsOn: [${[...new Set(dependsOn)].map((other) => `component:service-${other}`).join(', ')}]`,
          '',
        ].join('\n'),
      );
    }
    writeFileSync(join(dir, `components-${String(file).padStart(4, '0')}.yaml`), documents.join('---\n'));
  }
}

/** Runs the built command line's `catalogue import` and returns its wall time. */
function timedImport(context: ScenarioContext, dataDir: string, dir: string): number {
  const started = performance.now();
  const run = spawnSync(process.execPath, [join(context.rootDir, 'dist/apps/cli/main.js'), 'catalogue', 'import', dir], {
    env: { ...process.env, DATA_DIR: dataDir, EVENT_STORE: 'sqlite' },
    encoding: 'utf8',
  });
  const ms = performance.now() - started;
  if (run.status !== 0) throw new Error(`catalogue import failed (${run.status}): ${run.stderr.slice(-500)}`);
  return ms;
}

/** Parsing every file with the YAML parser alone, in this process: what no import can avoid. */
function timedParse(dir: string): number {
  const started = performance.now();
  for (const name of readdirSync(dir)) for (const document of parseAllDocuments(readFileSync(join(dir, name), 'utf8'))) document.toJS();
  return performance.now() - started;
}

export const catalogueScenario: Scenario = {
  name: SCENARIO,
  description: 'catalogue import of 5,000 Backstage components vs parsing them; services and dependents over 10,000 services vs `me`',
  async run(context: ScenarioContext): Promise<BenchRow[]> {
    const rows: BenchRow[] = [];
    const importCount = context.quick ? 500 : 5_000;
    const listCount = context.quick ? 1_000 : 10_000;

    const importDir = join(context.workDir, 'import-files');
    writeComponents(importDir, importCount);
    const parseMs = median([timedParse(importDir), timedParse(importDir), timedParse(importDir)]);
    const imports = [1, 2, 3].map((run) => timedImport(context, join(context.workDir, `import-${run}`), importDir));
    const importMs = median(imports);
    const reimportMs = median([1, 2, 3].map(() => timedImport(context, join(context.workDir, 'import-1'), importDir)));
    context.progress(`catalogue: import of ${importCount} components ${round(importMs)} ms (parse alone ${round(parseMs)} ms), re-import ${round(reimportMs)} ms`);
    const variant = `${importCount} components in ${Math.ceil(importCount / PER_FILE)} files`;
    rows.push(
      { scenario: SCENARIO, variant: `YAML parse alone, ${variant}`, metric: 'time', value: round(parseMs), unit: 'ms' },
      {
        scenario: SCENARIO,
        variant: `catalogue import, ${variant}`,
        metric: 'time (command line, start to exit)',
        value: round(importMs),
        unit: 'ms',
        samples: imports.map((ms) => round(ms)),
        ratio: round(ratioTo(importMs, parseMs, true), 3),
        baseline: `YAML parse alone, ${variant}`,
      },
      { scenario: SCENARIO, variant: `re-import of the same files (writes nothing), ${variant}`, metric: 'time (command line, start to exit)', value: round(reimportMs), unit: 'ms' },
    );

    const listDir = join(context.workDir, 'list-files');
    writeComponents(listDir, listCount);
    const dataDir = join(context.workDir, 'list');
    timedImport(context, dataDir, listDir);
    const admin = generateApiKey().key;
    const peers = ensurePeers(context.rootDir, context.progress);
    const server = await startServer({ entry: context.serverEntry, nodeArgs: context.serverNodeArgs, env: { ...ledgerEnv(dataDir), BOOTSTRAP_ADMIN_KEY: admin }, timeoutMs: 5 * 60_000 });
    try {
      const total = await graphql<{ services: { totalCount: number } }>(server.url, admin, '{ services { totalCount } }');
      if (total.services.totalCount !== listCount) throw new Error(`the server holds ${total.services.totalCount} services, not ${listCount}`);
      const cases: Array<[string, { query: string; variables?: Record<string, unknown> }[], string]> = [
        ['me (baseline)', [{ query: '{ me { name } }' }], '"me":{"name"'],
        ['services(first: 20), by slug', [{ query: '{ services(first: 20) { edges { node { slug tier ownerTeam } } } }' }], '"slug":"service-'],
        [
          'services(first: 20, filter: { tier, tag })',
          [{ query: '{ services(first: 20, filter: { tier: TIER_2, tag: "group-5" }) { totalCount edges { node { slug } } } }' }],
          '"slug":"service-',
        ],
        ['services(first: 20, filter: { search })', [{ query: '{ services(first: 20, filter: { search: "number 77" }) { totalCount edges { node { slug } } } }' }], '"slug":"service-'],
        [
          "service(slug) { dependents }, a service deep in the graph",
          [0, 1, 2, 3].map((index) => ({ query: 'query($slug: String!) { service(slug: $slug) { dependents { slug } } }', variables: { slug: `service-${Math.floor(listCount / 2) + index}` } })),
          '"dependents":[',
        ],
      ];
      let baseline = 0;
      for (const [name, bodies, expect] of cases) {
        const result = await loadTest(peers, context.quick, { url: server.url, key: admin, bodies, expect });
        context.progress(describeLoad(`catalogue, ${name}`, result));
        if (result.mismatches > 0 || result.errors > 0 || result.non2xx > 0) throw new Error(`${name}: ${result.mismatches} wrong answers, ${result.errors} errors, ${result.non2xx} non-2xx`);
        if (baseline === 0) baseline = result.requestsPerSecond;
        rows.push(
          {
            scenario: SCENARIO,
            variant: `${name}, ${listCount} services`,
            metric: `requests/s at ${CONNECTIONS} connections`,
            value: Math.round(result.requestsPerSecond),
            unit: 'req/s',
            ...(name.startsWith('me') ? {} : { ratio: round(ratioTo(result.requestsPerSecond, baseline, false), 3), baseline: `me (baseline), ${listCount} services` }),
          },
          { scenario: SCENARIO, variant: `${name}, ${listCount} services`, metric: 'latency p99', value: result.latencyMs.p99, unit: 'ms' },
        );
      }
    } finally {
      await server.stop();
    }
    return rows;
  },
};
