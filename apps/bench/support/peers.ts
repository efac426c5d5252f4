import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The bench-only package `bench/peers`: what the ledger is compared with
 * (Emmett's SQLite event store, NestJS + Express + Apollo, a bare Fastify +
 * Mercurius server) and the HTTP load generator (autocannon). It has its own
 * package.json and lock file, so none of it is in the product's dependency
 * tree; the runner installs and builds it on first use.
 */
export interface Peers {
  dir: string;
  /** The built entry point of one of the package's programs, e.g. `load` → `bench/peers/dist/load.js`. */
  entry(name: 'load' | 'bare-server' | 'emmett-append' | 'nest-apollo-server'): string;
}

let ready: Peers | undefined;

/** Installs (`npm ci`) and builds `bench/peers` when needed; once per run. */
export function ensurePeers(rootDir: string, progress: (message: string) => void): Peers {
  if (ready) return ready;
  const dir = join(rootDir, 'bench/peers');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  if (!existsSync(join(dir, 'node_modules/.package-lock.json'))) {
    progress('peers: installing bench/peers (npm ci; sqlite3 for Emmett builds from source, about 2 minutes)');
    run(npm, ['ci', '--no-audit', '--no-fund'], dir);
  }
  if (newestMtime(join(dir, 'src')) > newestMtime(join(dir, 'dist'))) {
    progress('peers: building bench/peers');
    run(npm, ['run', '-s', 'build'], dir);
  }
  ready = { dir, entry: (name) => join(dir, 'dist', `${name}.js`) };
  return ready;
}

function run(command: string, args: string[], cwd: string): void {
  const result = spawnSync(command, args, { cwd, stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} in ${cwd} failed (${result.status ?? result.signal})`);
}

function newestMtime(dir: string): number {
  if (!existsSync(dir)) return 0;
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/**
 * Runs one of the peers' programs (or any node script) with a JSON spec as its
 * argument and returns the JSON line it prints last. Its stderr goes to the
 * runner's, as progress.
 */
export function runJsonProgram<T>(entry: string, spec: unknown, nodeArgs: string[] = []): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeArgs, entry, JSON.stringify(spec)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    child.once('error', reject);
    child.once('close', (code, signal) => {
      const last = out.trim().split('\n').pop() ?? '';
      if (code !== 0) return reject(new Error(`${entry} exited with ${code ?? signal}: ${last.slice(0, 2000)}`));
      try {
        resolve(JSON.parse(last) as T);
      } catch {
        reject(new Error(`${entry} printed no JSON result: ${out.slice(-2000)}`));
      }
    });
  });
}
