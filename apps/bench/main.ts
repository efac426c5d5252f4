/**
 * The benchmark runner: `npm run bench [-- options]` (builds, then runs
 * `node dist/apps/bench/main.js`).
 *
 *   --quick            small sizes: the whole run takes well under two minutes
 *   --only <names>     run only these scenarios (comma-separated)
 *   --out <file>       where to write the JSON results (default bench-results.json)
 *   --keep             keep each scenario's temporary directory (data, for profiling)
 *   --profile <dir>    start the ledger servers with --cpu-prof, writing the profiles under <dir>/<scenario>
 *   --list             list the scenarios
 *
 * The runner only spawns and drives processes: it imports no Nest code, so
 * what it measures is the server's start, not its own.
 */
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { BenchReport, formatHeader, formatTable, machineInfo, writeReport } from './bench-report';
import { BenchRow, ScenarioContext } from './bench.types';
import { SCENARIOS } from './scenarios';

interface Options {
  quick: boolean;
  only?: string[];
  out: string;
  keep: boolean;
  list: boolean;
  profileDir?: string;
}

const USAGE = `usage: npm run bench -- [--quick] [--only <scenario>[,<scenario>]] [--out <file>] [--keep] [--profile <dir>] [--list]
scenarios: ${SCENARIOS.map((scenario) => scenario.name).join(', ')}`;

function parseArguments(args: string[]): Options {
  const options: Options = { quick: false, out: 'bench-results.json', keep: false, list: false };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const value = () => {
      const next = args[++i];
      if (next === undefined || next.startsWith('--')) throw new Error(`${arg} needs a value`);
      return next;
    };
    if (arg === '--quick') options.quick = true;
    else if (arg === '--only') options.only = value().split(',').map((name) => name.trim()).filter(Boolean);
    else if (arg.startsWith('--only=')) options.only = arg.slice('--only='.length).split(',').filter(Boolean);
    else if (arg === '--out') options.out = value();
    else if (arg.startsWith('--out=')) options.out = arg.slice('--out='.length);
    else if (arg === '--keep') options.keep = true;
    else if (arg === '--profile') options.profileDir = resolve(value());
    else if (arg === '--list') options.list = true;
    else if (arg === '--help' || arg === '-h') {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    } else throw new Error(`unknown argument ${arg}`);
  }
  const unknown = options.only?.filter((name) => !SCENARIOS.some((scenario) => scenario.name === name)) ?? [];
  if (unknown.length > 0) throw new Error(`unknown scenario ${unknown.join(', ')}`);
  return options;
}

const progress = (message: string) => process.stderr.write(`${message}\n`);

async function main(): Promise<number> {
  let options: Options;
  try {
    options = parseArguments(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`);
    return 2;
  }
  if (options.list) {
    for (const scenario of SCENARIOS) process.stdout.write(`${scenario.name.padEnd(12)} ${scenario.description}\n`);
    return 0;
  }

  // dist/apps/bench/main.js → the repository root.
  const rootDir = resolve(__dirname, '../../..');
  const serverEntry = join(rootDir, 'dist/src/main.js');
  if (!existsSync(serverEntry)) {
    process.stderr.write(`${serverEntry} is missing: build first (npm run build)\n`);
    return 2;
  }
  const selected = SCENARIOS.filter((scenario) => !options.only || options.only.includes(scenario.name));
  const report: BenchReport = {
    startedAt: new Date().toISOString(),
    finishedAt: '',
    mode: options.quick ? 'quick' : 'full',
    machine: machineInfo(),
    scenarios: [],
    rows: [],
  };
  process.stdout.write(`${formatHeader(report)}\n\n`);

  const sharedDir = mkdtempSync(join(tmpdir(), 'ledger-bench-shared-'));
  for (const scenario of selected) {
    const workDir = mkdtempSync(join(tmpdir(), `ledger-bench-${scenario.name}-`));
    const serverNodeArgs = options.profileDir ? ['--cpu-prof', '--cpu-prof-dir', join(options.profileDir, scenario.name)] : [];
    const context: ScenarioContext = { quick: options.quick, rootDir, serverEntry, workDir, sharedDir, serverNodeArgs, progress };
    const started = performance.now();
    progress(`== ${scenario.name}: ${scenario.description}`);
    try {
      const rows: BenchRow[] = await scenario.run(context);
      report.rows.push(...rows);
      report.scenarios.push({ name: scenario.name, description: scenario.description, ok: true, seconds: Math.round((performance.now() - started) / 100) / 10 });
    } catch (error) {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      progress(`!! ${scenario.name} failed: ${message}`);
      report.scenarios.push({ name: scenario.name, description: scenario.description, ok: false, seconds: Math.round((performance.now() - started) / 100) / 10, error: message });
    } finally {
      if (options.keep) progress(`   kept ${workDir}`);
      else rmSync(workDir, { recursive: true, force: true });
    }
    progress(`== ${scenario.name} took ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }

  if (options.keep) progress(`kept ${sharedDir}`);
  else rmSync(sharedDir, { recursive: true, force: true });

  report.finishedAt = new Date().toISOString();
  process.stdout.write(`${formatTable(report.rows)}\n`);
  const failed = report.scenarios.filter((scenario) => !scenario.ok);
  if (failed.length > 0) process.stdout.write(`\nFAILED: ${failed.map((scenario) => scenario.name).join(', ')}\n`);
  const out = resolve(options.out);
  writeReport(out, report);
  process.stdout.write(`\nresults written to ${out}\n`);
  return failed.length > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
