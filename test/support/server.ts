import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { Caller, mustQuery } from './graphql-client';
import { bearer, newApiKey } from './keys';

const SERVER_ENTRY = resolve(__dirname, '../../dist/src/main.js');

export interface RunningServer {
  url: string;
  wsUrl: string;
  healthUrl: string;
  /** GET /health as the bootstrap admin: the whole report (anyone else gets only the status). */
  health(): Promise<Response>;
  dataDir: string;
  /** The bootstrap admin key of this data directory ('' when started without one). */
  adminKey: string;
  /** Calls as the bootstrap admin. */
  admin: Caller;
  /** Calls with a key for `name` in `role`, created on first use (RESPONDER by default). */
  as(name: string, role?: 'VIEWER' | 'RESPONDER' | 'ADMIN' | 'INGEST'): Promise<Caller>;
  process: ChildProcess;
  logs: string[];
  /** SIGTERM and wait for the exit; resolves with the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL: the process dies on the spot, as in a crash. */
  kill(): Promise<void>;
}

export interface StartOptions {
  dataDir?: string;
  /**
   * The admin key to bootstrap; a fresh one by default. Reuse it when restarting on the same data.
   * `null` starts without BOOTSTRAP_ADMIN_KEY, even one exported where the tests run (`admin` then has no key).
   */
  adminKey?: string | null;
  /** Set for the server; a variable set to undefined is left unset, so the product's default applies. */
  env?: Record<string, string | undefined>;
  timeoutMs?: number;
}

/**
 * The store e2e servers (and CLI runs) use: the embedded SQLite file in the
 * data directory, or the real EventStoreDB at EVENTSTORE_CONNECTION_STRING
 * when that is set, where each data directory gets streams of its own.
 * Tests about the embedded store itself pin EVENT_STORE=sqlite.
 */
export function storeEnv(dataDir: string): Record<string, string> {
  const connectionString = process.env.EVENTSTORE_CONNECTION_STRING;
  if (!connectionString) return { EVENT_STORE: 'sqlite' };
  return { EVENT_STORE: 'eventstoredb', EVENTSTORE_CONNECTION_STRING: connectionString, EVENTSTORE_STREAM_PREFIX: `e2e-${basename(dataDir)}` };
}

export function tempDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'ledger-e2e-'));
}

export function removeDataDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Starts the built server (`npm run build` first) on a free port and waits until it listens. */
export function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const dataDir = options.dataDir ?? tempDataDir();
  const adminKey = options.adminKey === null ? '' : (options.adminKey ?? newApiKey());
  const { BOOTSTRAP_ADMIN_KEY: _exported, ...environment } = process.env;
  const child = spawn(process.execPath, [SERVER_ENTRY], {
    env: {
      ...environment,
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'log',
      ...(adminKey ? { BOOTSTRAP_ADMIN_KEY: adminKey } : {}),
      // Most tests close incidents without writing a report; the tests of the report rule turn it back on.
      REPORT_REQUIRED_FOR: 'none',
      // Reminders write in the background (timers, the planner's checkpoint), which would blur what a request wrote; the tests of reminders turn them on.
      REMINDER_POLICY: 'off',
      // On-call notices too; the tests of on-call notices turn them on.
      SHIFT_REMINDERS: 'off',
      GAP_WARNING_DAYS: '0',
      ...storeEnv(dataDir),
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: string[] = [];
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));

  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not start in time:\n${logs.join('\n')}`));
    }, options.timeoutMs ?? 30_000);
    const onLine = (line: string) => {
      logs.push(line);
      let entry: { message?: string; port?: number } | undefined;
      try {
        entry = JSON.parse(line);
      } catch {
        return;
      }
      if (entry?.message === 'Incident Ledger is listening') {
        clearTimeout(timer);
        const base = `127.0.0.1:${entry.port}`;
        const url = `http://${base}/graphql`;
        const admin = { url, key: adminKey };
        const keys = new Map<string, Promise<Caller>>();
        resolvePromise({
          url,
          wsUrl: `ws://${base}/graphql`,
          healthUrl: `http://${base}/health`,
          health: () => fetch(`http://${base}/health`, { headers: bearer(adminKey) }),
          dataDir,
          adminKey,
          admin,
          as: (name, role = 'RESPONDER') => {
            const id = `${name}/${role}`;
            if (!keys.has(id)) {
              keys.set(
                id,
                mustQuery(admin, 'mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { key } }', {
                  input: { name, role },
                }).then((data) => ({ url, key: data.createApiKey.key as string })),
              );
            }
            return keys.get(id) as Promise<Caller>;
          },
          process: child,
          logs,
          stop: () => {
            child.kill('SIGTERM');
            return exited;
          },
          kill: async () => {
            child.kill('SIGKILL');
            await exited;
          },
        });
      }
    };
    let buffered = '';
    const read = (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      lines.forEach(onLine);
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening:\n${logs.join('\n')}`));
    });
  });
}
