import { ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

/** One JSON log line of the server, with when it arrived (ms after the spawn). */
export interface ServerLogLine {
  atMs: number;
  entry: Record<string, unknown> & { message?: unknown; level?: unknown };
}

export interface ServerStop {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** From SIGTERM to the process's exit. */
  ms: number;
}

/** The built server, started as a child process: what `npm start` runs. */
export interface BenchServer {
  pid: number;
  port: number;
  url: string;
  healthUrl: string;
  /** From the spawn to the ready line ('Incident Ledger is listening'): read models caught up and HTTP listening. */
  readyMs: number;
  lines: ServerLogLine[];
  /** The first log line with this message. */
  find(message: string): ServerLogLine | undefined;
  /** Peak resident memory so far (VmHWM), in bytes; undefined where /proc is not available. */
  peakRssBytes(): number | undefined;
  /** Resident memory now (VmRSS), in bytes; undefined where /proc is not available. */
  rssBytes(): number | undefined;
  /** CPU time used so far (user and system), in ms; undefined where /proc is not available. */
  cpuMs(): number | undefined;
  /** SIGTERM (graceful: drain, snapshot, close the store) and wait for the exit; SIGKILL and throw after `timeoutMs` (5 min). */
  stop(timeoutMs?: number): Promise<ServerStop>;
  kill(): Promise<void>;
}

export interface StartServerOptions {
  entry: string;
  env: Record<string, string>;
  /** Extra arguments for node, before the entry (e.g. `--cpu-prof`). */
  nodeArgs?: string[];
  timeoutMs: number;
  /** The log line's `message` that says the server listens (default: the ledger's). */
  readyMessage?: string;
}

const READY_MESSAGE = 'Incident Ledger is listening';

/**
 * Spawns `node <entry>` and resolves once the server logs that it listens.
 * The clock starts just before the spawn, so the figure includes loading Node,
 * Nest and the modules, catching the read models up, and binding the port.
 */
export function startServer(options: StartServerOptions): Promise<BenchServer> {
  const lines: ServerLogLine[] = [];
  const raw: string[] = [];
  const started = performance.now();
  const child: ChildProcess = spawn(process.execPath, [...(options.nodeArgs ?? []), options.entry], {
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // 'close', not 'exit': it comes after the last output is read, so the shutdown's log lines are in.
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.once('close', (code, signal) => done({ code, signal })),
  );
  const tail = () => raw.slice(-40).join('\n');

  return new Promise<BenchServer>((resolve, reject) => {
    let settled = false;
    const timer = setTimeout(() => {
      if (settled) return;
      settled = true;
      child.kill('SIGKILL');
      reject(new Error(`the server did not become ready within ${options.timeoutMs} ms; last log lines:\n${tail()}`));
    }, options.timeoutMs);

    const onLine = (text: string) => {
      const atMs = performance.now() - started;
      raw.push(text);
      if (raw.length > 200) raw.shift();
      let entry: ServerLogLine['entry'];
      try {
        entry = JSON.parse(text) as ServerLogLine['entry'];
      } catch {
        return;
      }
      if (entry === null || typeof entry !== 'object') return;
      lines.push({ atMs, entry });
      if (entry.message !== (options.readyMessage ?? READY_MESSAGE) || settled) return;
      settled = true;
      clearTimeout(timer);
      const port = Number(entry.port);
      const base = `http://127.0.0.1:${port}`;
      resolve({
        pid: child.pid as number,
        port,
        url: `${base}/graphql`,
        healthUrl: `${base}/health`,
        readyMs: atMs,
        lines,
        find: (message) => lines.find((line) => line.entry.message === message),
        peakRssBytes: () => procStatusBytes(child.pid, 'VmHWM'),
        rssBytes: () => procStatusBytes(child.pid, 'VmRSS'),
        cpuMs: () => procCpuMs(child.pid),
        stop: async (timeoutMs = 5 * 60_000) => {
          const signalled = performance.now();
          child.kill('SIGTERM');
          let timer: NodeJS.Timeout | undefined;
          const late = new Promise<'late'>((done) => (timer = setTimeout(() => done('late'), timeoutMs)));
          const outcome = await Promise.race([exited, late]);
          clearTimeout(timer);
          if (outcome === 'late') {
            child.kill('SIGKILL');
            await exited;
            throw new Error(`the server did not exit within ${timeoutMs} ms of SIGTERM; last log lines:\n${tail()}`);
          }
          return { exitCode: outcome.code, signal: outcome.signal, ms: performance.now() - signalled };
        },
        kill: async () => {
          child.kill('SIGKILL');
          await exited;
        },
      });
    };
    for (const stream of [child.stdout, child.stderr]) {
      let buffered = '';
      stream?.on('data', (chunk: Buffer) => {
        buffered += chunk.toString('utf8');
        const parts = buffered.split('\n');
        buffered = parts.pop() ?? '';
        for (const part of parts) if (part.trim() !== '') onLine(part);
      });
    }
    void exited.then(({ code, signal }) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      reject(new Error(`the server exited (${code ?? signal}) before it was ready; last log lines:\n${tail()}`));
    });
  });
}

/** A memory figure of /proc/<pid>/status (VmHWM: peak resident, VmRSS: resident now), in bytes. */
function procStatusBytes(pid: number | undefined, field: 'VmHWM' | 'VmRSS'): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Clock ticks per second of /proc/<pid>/stat's times: USER_HZ, 100 on every Linux build in use. */
const USER_HZ = 100;

/** utime + stime of /proc/<pid>/stat, in ms. */
function procCpuMs(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The fields after the command name, which is in parentheses and may itself hold spaces: utime and stime are the 14th and 15th of the line.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / USER_HZ;
  } catch {
    return undefined;
  }
}

/** GET a JSON document (e.g. `/health`, which shows its details only to a caller with a key). */
export async function getJson(url: string, key?: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url, { headers: key ? { authorization: `Bearer ${key}` } : {} });
  return { status: response.status, body: await response.json() };
}

/** One GraphQL operation over HTTP with an API key; throws on any error. */
export async function graphql<T>(url: string, key: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: unknown[] };
  if (response.status !== 200 || body.errors?.length || !body.data) {
    throw new Error(`GraphQL request failed (${response.status}): ${JSON.stringify(body.errors ?? body).slice(0, 2000)}`);
  }
  return body.data;
}
