/**
 * A real Prometheus Alertmanager for one test file: the system's
 * `prometheus-alertmanager` (Debian's package, which CI installs with apt: see
 * .ci/run) started as a child process with a configuration written here, on
 * free loopback ports, with clustering off and its data in a temporary
 * directory; alerts are fired and resolved with the real `amtool`, as an
 * operator would. Never the package's own service: that one reads
 * /etc/prometheus and listens on 9093 for everyone.
 *
 * Alertmanager keeps real time (the ledger's CLOCK_FILE does not reach it), so
 * waits here are in real seconds: routes group for 1s by default, so a firing
 * alert is notified about a second after it is added, and its resolution at
 * the group's next interval after it is resolved.
 */
import { ChildProcess, execFile, spawn } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { stringify } from 'yaml';

/** The executables: `$ALERTMANAGER_PATH` and `$AMTOOL_PATH`, or Debian's. */
export const ALERTMANAGER_PATH: string = process.env.ALERTMANAGER_PATH || '/usr/bin/prometheus-alertmanager';
export const AMTOOL_PATH: string = process.env.AMTOOL_PATH || '/usr/bin/amtool';

const run = promisify(execFile);

/** A `webhook_configs` receiver that sends a bearer key, as the ledger's `POST /integrations/alertmanager` wants. */
export interface WebhookReceiver {
  name: string;
  webhook: { url: string; bearer: string; maxAlerts?: number };
}

/**
 * A `pagerduty_configs` receiver (Events API v2) pointed at `url` (the ledger's `/v2/enqueue`).
 * `severity` is Alertmanager's template for `payload.severity`; Alertmanager sends `error` without one.
 */
export interface PagerDutyReceiver {
  name: string;
  pagerDuty: { url: string; routingKey: string; severity?: string };
}

export type Receiver = WebhookReceiver | PagerDutyReceiver;

/** The root route's grouping and timing, in Alertmanager's own words; child routes inherit them. */
export interface RouteOptions {
  group_by?: string[];
  group_wait?: string;
  group_interval?: string;
  repeat_interval?: string;
  /** Child routes, tried in order: alerts matching all `matchers` (e.g. `via="pagerduty"`) go to `receiver`. */
  routes?: Array<{ receiver: string; matchers: string[] }>;
}

export interface AlertmanagerOptions {
  /** The first receiver is the root route's: it gets every alert no child route takes. */
  receivers: Receiver[];
  route?: RouteOptions;
  /** How long an alert sent without `endsAt` stays firing without being sent again (Alertmanager's default: 5m). */
  resolveTimeout?: string;
  timeoutMs?: number;
}

export interface AlertOptions {
  annotations?: Record<string, string>;
  startsAt?: Date;
  endsAt?: Date;
  generatorURL?: string;
}

export interface RunningAlertmanager {
  /** Its API and UI, e.g. http://127.0.0.1:40123. */
  url: string;
  /** The configuration it runs, as written. */
  config: string;
  /** Everything it logged, line by line (logfmt). */
  logs: string[];
  /** Fires an alert with `amtool alert add` (no `endsAt`: firing until resolved). */
  addAlert(labels: Record<string, string>, options?: AlertOptions): Promise<void>;
  /**
   * Resolves an alert added before: the same alert again with `endsAt` now (`amtool alert add --end`).
   * Alertmanager notifies the resolution at the group's next `group_interval`.
   */
  resolveAlert(labels: Record<string, string>): Promise<void>;
  /**
   * Polls `read` (every 250 ms) until `accept` holds for its value, and returns that value; after `timeoutMs`
   * (20 s at most), fails with `what`, the last value read and Alertmanager's logs.
   */
  waitUntil<T>(what: string, read: () => Promise<T>, accept: (value: T) => boolean, timeoutMs?: number): Promise<T>;
  /** Kills it and removes its directory. */
  stop(): Promise<void>;
}

/** Whether both executables exist and may be run. */
export function alertmanagerAvailable(): boolean {
  try {
    accessSync(ALERTMANAGER_PATH, constants.X_OK);
    accessSync(AMTOOL_PATH, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * `it` for a test that needs Alertmanager, as `itWithChromium` is for Chromium: skipped, saying why and how to run
 * it, on a machine without one (the quick start needs only Node); run, and failing when it is missing, with
 * REQUIRE_ALERTMANAGER set, as CI sets it.
 */
export function itWithAlertmanager(name: string, test: () => Promise<void>): void {
  if (alertmanagerAvailable() || process.env.REQUIRE_ALERTMANAGER) it(name, test);
  else it.skip(`${name} (needs Prometheus Alertmanager, none at ${ALERTMANAGER_PATH}: apt-get install prometheus-alertmanager, or set ALERTMANAGER_PATH and AMTOOL_PATH)`, test);
}

const DEFAULT_ROUTE: Required<Omit<RouteOptions, 'routes'>> = {
  group_by: ['alertname'],
  group_wait: '1s',
  group_interval: '1s',
  // Longer than any test, so that a notification is never repeated while one runs.
  repeat_interval: '1h',
};

/** The receiver as Alertmanager's configuration spells it. */
function receiverConfig(receiver: Receiver): Record<string, unknown> {
  if ('webhook' in receiver) {
    const { url, bearer, maxAlerts } = receiver.webhook;
    return {
      name: receiver.name,
      webhook_configs: [
        { url, send_resolved: true, http_config: { authorization: { type: 'Bearer', credentials: bearer } }, ...(maxAlerts ? { max_alerts: maxAlerts } : {}) },
      ],
    };
  }
  const { url, routingKey, severity } = receiver.pagerDuty;
  return { name: receiver.name, pagerduty_configs: [{ url, routing_key: routingKey, send_resolved: true, ...(severity ? { severity } : {}) }] };
}

/** The configuration file: the receivers, one route tree over them, nothing else. */
export function alertmanagerConfig(options: AlertmanagerOptions): string {
  if (options.receivers.length === 0) throw new Error('Alertmanager needs at least one receiver');
  const { routes, ...timing } = options.route ?? {};
  return stringify({
    ...(options.resolveTimeout ? { global: { resolve_timeout: options.resolveTimeout } } : {}),
    route: { receiver: options.receivers[0].name, ...DEFAULT_ROUTE, ...timing, ...(routes ? { routes } : {}) },
    receivers: options.receivers.map(receiverConfig),
  });
}

/** A port free on loopback right now (the kernel's pick, released for Alertmanager to take). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** `amtool`'s `name=value` arguments (labels, or annotations after `--annotation=`). */
const pairs = (values: Record<string, string>, prefix = '') => Object.entries(values).map(([name, value]) => `${prefix}${name}=${value}`);

/** Starts Alertmanager with `options` and waits until `/-/ready` answers 200. */
export async function startAlertmanager(options: AlertmanagerOptions): Promise<RunningAlertmanager> {
  if (!alertmanagerAvailable()) {
    throw new Error(`Alertmanager not found at ${ALERTMANAGER_PATH} (or amtool at ${AMTOOL_PATH}): apt-get install prometheus-alertmanager`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'ledger-alertmanager-'));
  const config = alertmanagerConfig(options);
  const configFile = join(dir, 'alertmanager.yml');
  writeFileSync(configFile, config);
  const url = `http://127.0.0.1:${await freePort()}`;
  const child = spawn(
    ALERTMANAGER_PATH,
    [
      `--config.file=${configFile}`,
      `--storage.path=${join(dir, 'data')}`,
      `--web.listen-address=${url.slice('http://'.length)}`,
      `--web.external-url=${url}`,
      // Alone: no gossip port, no waiting for peers before notifying.
      '--cluster.listen-address=',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const logs = collectLines(child);
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const running = handle(url, config, logs, child, exited, dir);
  try {
    await waitUntilReady(url, logs, exited, options.timeoutMs ?? 15_000);
    return running;
  } catch (error) {
    await running.stop();
    throw error;
  }
}

function collectLines(child: ChildProcess): string[] {
  const logs: string[] = [];
  let buffered = '';
  const read = (chunk: Buffer) => {
    buffered += chunk.toString('utf8');
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    logs.push(...lines);
  };
  child.stdout?.on('data', read);
  child.stderr?.on('data', read);
  return logs;
}

async function waitUntilReady(url: string, logs: string[], exited: Promise<number | null>, timeoutMs: number): Promise<void> {
  let exitCode: number | null | undefined;
  void exited.then((code) => (exitCode = code));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exitCode !== undefined) throw new Error(`Alertmanager exited with ${exitCode} before it was ready:\n${logs.join('\n')}`);
    const ready = await fetch(`${url}/-/ready`).then((response) => response.ok, () => false);
    if (ready) return;
    await sleep(100);
  }
  throw new Error(`Alertmanager was not ready in ${timeoutMs} ms:\n${logs.join('\n')}`);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function handle(url: string, config: string, logs: string[], child: ChildProcess, exited: Promise<number | null>, dir: string): RunningAlertmanager {
  // What each alert was added with, by its labels: a resolution repeats it, so the resolved
  // notification carries the same annotations and start as the firing one.
  const added = new Map<string, AlertOptions>();
  const key = (labels: Record<string, string>) => JSON.stringify(Object.entries(labels).sort(([a], [b]) => a.localeCompare(b)));
  const amtool = async (labels: Record<string, string>, options: AlertOptions) => {
    const args = ['alert', 'add', `--alertmanager.url=${url}`, ...pairs(labels), ...pairs(options.annotations ?? {}, '--annotation=')];
    if (options.startsAt) args.push(`--start=${options.startsAt.toISOString()}`);
    if (options.endsAt) args.push(`--end=${options.endsAt.toISOString()}`);
    if (options.generatorURL) args.push(`--generator-url=${options.generatorURL}`);
    await run(AMTOOL_PATH, args).catch((error: Error & { stderr?: string }) => {
      throw new Error(`amtool ${args.join(' ')} failed: ${error.stderr || error.message}`);
    });
  };
  return {
    url,
    config,
    logs,
    addAlert: async (labels, options = {}) => {
      added.set(key(labels), options);
      await amtool(labels, options);
    },
    resolveAlert: async (labels) => {
      const options = added.get(key(labels));
      if (!options) throw new Error(`no alert was added with the labels ${JSON.stringify(labels)}`);
      await amtool(labels, { ...options, endsAt: new Date() });
    },
    waitUntil: async (what, read, accept, timeoutMs = 20_000) => {
      const bound = Math.min(timeoutMs, 20_000);
      const deadline = Date.now() + bound;
      let last: unknown;
      for (;;) {
        const value = await read();
        if (accept(value)) return value;
        last = value;
        if (Date.now() >= deadline) break;
        await sleep(250);
      }
      throw new Error(`waited ${bound} ms for ${what}; last read: ${JSON.stringify(last)}\nAlertmanager's logs:\n${logs.join('\n')}`);
    },
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
