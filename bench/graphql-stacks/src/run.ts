/**
 * Starts each stack as its own child process, warms it up, loads it with autocannon from this
 * process, stops it, and prints a table plus results.json. Stacks run one after the other.
 * Usage: node dist/run.js [stack ...]   env: DURATION (s, 10), WARMUP (s, 3), CONNECTIONS (50),
 * ROUNDS (1; with more, the stacks are interleaved and each one's median round is reported),
 * IDLE_WAIT (s, 60: how long to wait before each stack for other work on the machine to settle).
 */
import autocannon from 'autocannon';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { QUERY, QUERY_ID, incidents } from './data.js';

const STACKS = [
  { name: 'fastify-mercurius', label: 'Fastify 5 + Mercurius 16 (bare, baseline)', args: ['fastify-mercurius.js'] },
  { name: 'nest-mercurius', label: 'Nest 12 + Fastify + Mercurius', args: ['nest-mercurius.js'] },
  { name: 'nest-mercurius-jit', label: 'Nest 12 + Fastify + Mercurius (jit: 1)', args: ['nest-mercurius.js', '--jit'] },
  { name: 'nest-apollo', label: 'Nest 12 + Express + Apollo Server 5', args: ['nest-apollo.js'] },
];
const BASELINE = 'fastify-mercurius';
const BUSY = 0.15; // CPU share used by other processes above which figures are flagged
const PACKAGES = ['@nestjs/core', '@nestjs/graphql', '@nestjs/mercurius', '@nestjs/apollo', '@nestjs/platform-fastify',
  '@nestjs/platform-express', 'fastify', 'mercurius', 'express', '@apollo/server', '@as-integrations/express5', 'graphql', 'autocannon'];

const print = (line = ''): void => void process.stdout.write(`${line}\n`); // the repo's lint forbids console
const env = (key: string, fallback: number): number => Number(process.env[key] ?? fallback);
const config = {
  connections: env('CONNECTIONS', 50), duration: env('DURATION', 10), warmup: env('WARMUP', 3), rounds: env('ROUNDS', 1),
  idleWait: env('IDLE_WAIT', 60), query: QUERY,
};
const distDir = fileURLToPath(new URL('.', import.meta.url));
const rootDir = fileURLToPath(new URL('..', import.meta.url));
const body = JSON.stringify({ query: QUERY });
const expected = JSON.stringify({ data: { incident: incidents.get(QUERY_ID) } });
const verifyBody = (text: string): boolean => text.trimEnd() === expected; // Apollo appends '\n'

/** Share of all cores busy over `ms`, measured while no stack runs: other work skews the figures. */
async function cpuBusy(ms: number): Promise<number> {
  const total = () => cpus().reduce((sum, c) => ({ idle: sum.idle + c.times.idle,
    all: sum.all + c.times.idle + c.times.user + c.times.sys + c.times.nice + c.times.irq }), { idle: 0, all: 0 });
  const before = total();
  await new Promise((resolve) => setTimeout(resolve, ms));
  const after = total();
  return 1 - (after.idle - before.idle) / (after.all - before.all);
}

/** Waits (up to IDLE_WAIT s) until the machine is quiet; returns the last busy share seen. */
async function settle(): Promise<number> {
  let busy = await cpuBusy(1000);
  for (let waited = 1; busy > BUSY && waited < config.idleWait; waited++) busy = await cpuBusy(1000);
  return busy;
}

async function start(args: string[]): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, args.map((a, i) => (i === 0 ? distDir + a : a)), {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, NODE_ENV: 'production' },
  });
  const lines = createInterface({ input: child.stdout! });
  const exited = once(child, 'exit').then(([code]) => { throw new Error(`${args[0]} exited (${code}) before listening`); });
  const port = (async () => {
    for await (const line of lines) if (line.startsWith('PORT=')) return Number(line.slice(5));
    throw new Error(`${args[0]} closed stdout without announcing a port`);
  })();
  return { child, port: await Promise.race([port, exited]) };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}

async function measure(stack: (typeof STACKS)[number]) {
  const idleBusy = await settle();
  const { child, port } = await start(stack.args);
  try {
    const url = `http://127.0.0.1:${port}/graphql`;
    const request = { url, method: 'POST', headers: { 'content-type': 'application/json' }, body };
    const check = await fetch(url, request);
    const text = await check.text();
    if (check.status !== 200 || !verifyBody(text)) throw new Error(`${stack.name}: unexpected answer ${check.status} ${text}`);
    const load = { ...request, connections: config.connections, verifyBody };
    await autocannon({ ...load, duration: config.warmup });
    const r = await autocannon({ ...load, duration: config.duration });
    return {
      stack: stack.name, label: stack.label, port, cpuBusyBeforeStart: Number(idleBusy.toFixed(2)),
      reqPerSec: r.requests.average, latencyP50Ms: r.latency.p50, latencyP99Ms: r.latency.p99, latencyMeanMs: r.latency.average,
      requests: r.requests.total, errors: r.errors, timeouts: r.timeouts, non2xx: r.non2xx, mismatches: r.mismatches,
    };
  } finally {
    await stop(child);
  }
}

const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !STACKS.some((s) => s.name === name));
if (unknown.length) throw new Error(`unknown stack(s): ${unknown.join(', ')}; known: ${STACKS.map((s) => s.name).join(', ')}`);
const selected = STACKS.filter((s) => wanted.length === 0 || wanted.includes(s.name));

print(`${selected.length} stack(s) x ${config.rounds} round(s), ${config.connections} connections, ` +
  `${config.warmup} s warm-up + ${config.duration} s each, POST ${QUERY}`);
const runs: Awaited<ReturnType<typeof measure>>[] = [];
for (let round = 1; round <= config.rounds; round++) {
  for (const stack of selected) {
    process.stdout.write(`  [${round}] ${stack.label} ... `);
    const run = await measure(stack);
    const note = run.cpuBusyBeforeStart > BUSY ? `  WARNING: ${Math.round(run.cpuBusyBeforeStart * 100)}% CPU busy before start` : '';
    print(`${Math.round(run.reqPerSec)} req/s (port ${run.port})${note}`);
    runs.push(run);
  }
}
const median = (list: typeof runs) => [...list].sort((a, b) => a.reqPerSec - b.reqPerSec)[Math.floor((list.length - 1) / 2)];
const results = selected.map((stack) => median(runs.filter((r) => r.stack === stack.name)));

const base = results.find((r) => r.stack === BASELINE)?.reqPerSec;
const rows = results.map((r) => ({ ...r, ratioVsBaseline: base ? Number((r.reqPerSec / base).toFixed(3)) : null }));
const table = [['stack', 'req/s (mean)', 'p50 ms', 'p99 ms', 'vs baseline', 'errors/non2xx/mismatch']];
for (const r of rows) {
  table.push([r.label, r.reqPerSec.toFixed(0), String(r.latencyP50Ms), String(r.latencyP99Ms),
    r.ratioVsBaseline === null ? '-' : `${r.ratioVsBaseline.toFixed(2)}x`, `${r.errors}/${r.non2xx}/${r.mismatches}`]);
}
const widths = table[0].map((_, c) => Math.max(...table.map((row) => row[c].length)));
print();
for (const [i, row] of table.entries()) {
  print(row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  '));
  if (i === 0) print(widths.map((w) => '-'.repeat(w)).join('  '));
}

const version = (name: string): string => JSON.parse(readFileSync(`${rootDir}node_modules/${name}/package.json`, 'utf8')).version;
const output = {
  date: new Date().toISOString(),
  machine: { node: process.version, cpus: cpus().length, cpuModel: cpus()[0]?.model },
  config,
  versions: Object.fromEntries(PACKAGES.map((name) => [name, version(name)])),
  results: rows,
  ...(config.rounds > 1 ? { allRounds: runs } : {}),
};
writeFileSync(`${rootDir}results.json`, `${JSON.stringify(output, null, 2)}\n`);
print(`\nwrote ${rootDir}results.json`);
const failed = runs.filter((r) => r.errors || r.non2xx || r.mismatches || r.timeouts);
if (failed.length) {
  process.stderr.write(`bad responses in: ${[...new Set(failed.map((r) => r.stack))].join(', ')}\n`);
  process.exitCode = 1;
}
