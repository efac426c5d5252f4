import { generateApiKey, generateWebhookSecret } from '@incident-ledger/application';
import { IncidentStatus, Severity } from '@incident-ledger/domain';
import { webhookPayload } from '@incident-ledger/presentation';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { BenchRow, ratioTo, Scenario, ScenarioContext } from '../bench.types';
import { CONNECTIONS, describeLoad } from '../support/http-load';
import { incidentLogIn, SMALL_LOG_EVENTS } from '../support/log-cache';
import { ensurePeers, runJsonProgram } from '../support/peers';
import { noteLoad, NoteLoadResult } from '../support/note-load';
import { BenchServer, graphql, startServer } from '../support/server-process';
import { percentile, round } from '../support/statistics';
import { notifyingEnv, webhookChannel } from '../support/webhook-channels';
import { startWebhookReceiver, WebhookReceiver } from '../support/webhook-receiver';
import type { SenderResult, SenderSpec } from '../workers/webhook-sender';

/**
 * Notifications, two figures:
 *
 * 1. **Deliveries per second** to a local receiver (support/webhook-receiver.ts:
 *    204 to every POST, signatures sampled with `standardwebhooks`): the built
 *    server with WEBHOOK channels subscribed to ANNOUNCEMENTS, then SEV1
 *    incidents declared as fast as 8 clients can; from the first declaration
 *    sent until the receiver has every delivery (each declaration × each
 *    channel, each webhook-id once). Baseline in the same run: the receiver's
 *    own ceiling, as many signed POSTs sent straight to it by a plain node
 *    client (workers/webhook-sender.ts) at the worker's concurrency, 4, on a
 *    new connection each as the server's. Also how long each delivery took,
 *    from the event's time (the payload's `timestamp`) to its arrival.
 * 2. **The command path with ten channels** as a ratio to none, on one server
 *    (the command-path scenario's load, `addTimelineNote` at 50 connections),
 *    first with no channel, then with ten WEBHOOK channels subscribed to
 *    ANNOUNCEMENTS; in both runs a SEV1 incident is declared every 200 ms
 *    beside the notes, so that the delivery process reads every note and has
 *    ten deliveries to make per declaration during the loaded run (the
 *    receiver counts what arrived, and how late). Channels that hear every
 *    note (ten follows of each incident) are not measured here: with the
 *    outbox as first written (one append per delivery, the whole backlog read
 *    before the worker sent anything) nothing arrived during the loaded run
 *    (tried with --quick); it now schedules in batches and bounds its rounds,
 *    and that case was not measured again.
 */
const SCENARIO = 'notifications';
const FULL = { declarations: 250, deliveryChannels: 2, loadChannels: 10 };
const QUICK = { declarations: 100, deliveryChannels: 2, loadChannels: 10 };
/** The delivery worker's concurrency (libs/application/src/notifications/delivery-worker.ts): the baseline sends as many at a time. */
const WORKER_CONCURRENCY = 4;
/** Declarations in flight at once: faster than deliveries go, so that the deliveries are what is measured. */
const DECLARE_CONCURRENCY = 8;
const DELIVERY_TIMEOUT_MS = 120_000;
/** During the loaded runs: a SEV1 declaration this often, heard by every channel's ANNOUNCEMENTS. */
const DECLARE_EVERY_MS = 200;

const DECLARE = 'mutation($input: DeclareIncidentInput!) { declareIncident(input: $input) { id } }';

const RECEIVER = 'receiver ceiling: signed POSTs sent directly';
const DELIVERIES = 'ledger, WEBHOOK deliveries of SEV1 declarations';
const NO_CHANNELS = 'ledger, addTimelineNote, no channels';
const TEN_CHANNELS = 'ledger, addTimelineNote, ten ANNOUNCEMENTS channels';

export const notificationsScenario: Scenario = {
  name: SCENARIO,
  description: 'webhook deliveries/s to a local receiver vs its own ceiling; addTimelineNote with ten subscribed channels vs none',
  async run(context: ScenarioContext): Promise<BenchRow[]> {
    const sizes = context.quick ? QUICK : FULL;
    const receiver = await startWebhookReceiver();
    try {
      const rows = await measureDeliveries(context, receiver, sizes);
      receiver.reset();
      rows.push(...(await measureCommandPath(context, receiver, sizes)));
      return rows;
    } finally {
      await receiver.close();
    }
  },
};

/** `count` WEBHOOK channels at the receiver's endpoints 0..count-1, each subscribed to ANNOUNCEMENTS; their ids. */
async function announcementChannels(server: BenchServer, key: string, receiver: WebhookReceiver, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let n = 0; n < count; n++) ids.push(await webhookChannel(server, key, receiver, n, { preset: 'ANNOUNCEMENTS' }));
  return ids;
}

/** A webhook body of the size the server sends for a declaration, for the baseline. */
function sampleBody(): string {
  return webhookPayload({
    type: 'incident.declared',
    kind: 'DECLARED',
    occurredAt: new Date().toISOString(),
    incident: { id: 'bench-incident', title: 'Bench incident 0: checkout errors', severity: Severity.SEV1, status: IncidentStatus.INVESTIGATING, services: ['checkout'], drill: false, commander: null },
    summary: 'admin declared a SEV1 incident (critical, widespread impact): Bench incident 0: checkout errors',
    detail: null,
    actor: 'admin',
    link: null,
  });
}

/** The receiver's ceiling: as many signed POSTs as the ledger will deliver, sent straight to it at the worker's concurrency. */
async function measureReceiverCeiling(context: ScenarioContext, receiver: WebhookReceiver, channels: number, count: number): Promise<number> {
  const secrets = Array.from({ length: channels }, () => generateWebhookSecret());
  secrets.forEach((secret, n) => receiver.setSecret(n, secret));
  const spec: SenderSpec = {
    urls: secrets.map((_, n) => receiver.urlOf(n)),
    secrets,
    count,
    concurrency: WORKER_CONCURRENCY,
    body: sampleBody(),
  };
  const result = await runJsonProgram<SenderResult>(join(context.rootDir, 'dist/apps/bench/workers/webhook-sender.js'), spec);
  checkReceived(receiver, count);
  const perSecond = (count / result.ms) * 1000;
  context.progress(`notifications: ${RECEIVER.padEnd(44)} ${Math.round(perSecond).toLocaleString('en-US').padStart(7)} POSTs/s (${count} in ${Math.round(result.ms)} ms)`);
  receiver.reset();
  return perSecond;
}

/** Every one of `count` requests arrived once, and every signature checked verified. */
function checkReceived(receiver: WebhookReceiver, count: number): void {
  const distinct = new Set(receiver.receipts.map((receipt) => receipt.id)).size;
  if (receiver.receipts.length !== count || distinct !== count) throw new Error(`the receiver got ${receiver.receipts.length} requests (${distinct} distinct ids), not ${count}`);
  if (receiver.verified.checked === 0 || receiver.verified.failed > 0) throw new Error(`${receiver.verified.failed} of ${receiver.verified.checked} signatures checked did not verify`);
}

async function measureDeliveries(context: ScenarioContext, receiver: WebhookReceiver, sizes: typeof FULL): Promise<BenchRow[]> {
  const expected = sizes.declarations * sizes.deliveryChannels;
  const ceiling = await measureReceiverCeiling(context, receiver, sizes.deliveryChannels, expected);

  const admin = generateApiKey().key;
  const dataDir = join(context.workDir, 'deliveries');
  const server = await startServer({ entry: context.serverEntry, nodeArgs: context.serverNodeArgs, env: { ...notifyingEnv(dataDir), BOOTSTRAP_ADMIN_KEY: admin }, timeoutMs: 60_000 });
  let declaredMs: number;
  let deliveredMs: number;
  try {
    await announcementChannels(server, admin, receiver, sizes.deliveryChannels);
    const started = performance.timeOrigin + performance.now();
    let next = 0;
    const declarer = async () => {
      for (let n = next++; n < sizes.declarations; n = next++) {
        await graphql(server.url, admin, DECLARE, { input: { title: `Bench incident ${n}: checkout errors`, severity: 'SEV1', services: ['checkout'] } });
      }
    };
    await Promise.all(Array.from({ length: DECLARE_CONCURRENCY }, declarer));
    declaredMs = performance.timeOrigin + performance.now() - started;
    await receiver.waitForCount(expected, DELIVERY_TIMEOUT_MS);
    checkReceived(receiver, expected);
    deliveredMs = Math.max(...receiver.receipts.map((receipt) => receipt.at)) - started;
  } finally {
    await server.stop();
  }
  const perSecond = (expected / deliveredMs) * 1000;
  const latencies = receiver.receipts.map((receipt) => receipt.at - receipt.eventAt);
  context.progress(
    `notifications: ${DELIVERIES.padEnd(44)} ${Math.round(perSecond).toLocaleString('en-US').padStart(7)} deliveries/s ` +
      `(${expected} in ${Math.round(deliveredMs)} ms; declared in ${Math.round(declaredMs)} ms), event → receipt p50 ${round(percentile(latencies, 0.5))} ms, p99 ${round(percentile(latencies, 0.99))} ms`,
  );
  const variant = `${DELIVERIES}, ${sizes.declarations} × ${sizes.deliveryChannels} channels`;
  return [
    { scenario: SCENARIO, variant: RECEIVER, metric: `POSTs/s, ${WORKER_CONCURRENCY} at a time`, value: Math.round(ceiling), unit: 'req/s' },
    {
      scenario: SCENARIO,
      variant,
      metric: 'deliveries/s, first declaration → last receipt',
      value: Math.round(perSecond),
      unit: 'deliveries/s',
      ratio: round(ratioTo(perSecond, ceiling, false), 3),
      baseline: RECEIVER,
      note: `notifications: ${sizes.declarations} SEV1 declarations (${DECLARE_CONCURRENCY} clients) were answered in ${Math.round(declaredMs)} ms; their ${expected} deliveries all arrived ${Math.round(deliveredMs)} ms after the first was sent, each webhook-id once, sampled signatures verified.`,
    },
    { scenario: SCENARIO, variant, metric: 'event → receipt p50', value: round(percentile(latencies, 0.5)), unit: 'ms' },
    { scenario: SCENARIO, variant, metric: 'event → receipt p99', value: round(percentile(latencies, 0.99)), unit: 'ms' },
  ];
}

/**
 * Declares a SEV1 incident every DECLARE_EVERY_MS until `until` settles: what
 * the announcements hear during the loaded runs (the notes are heard by no
 * ANNOUNCEMENTS subscription). Answers how many it declared.
 */
async function declaringDuring<T>(server: BenchServer, key: string, until: Promise<T>): Promise<{ value: T; declared: number }> {
  let running = true;
  let declared = 0;
  const declarer = (async () => {
    while (running) {
      await graphql(server.url, key, DECLARE, { input: { title: `Bench incident ${declared}: checkout errors`, severity: 'SEV1', services: ['checkout'] } });
      declared++;
      await new Promise((resolve) => setTimeout(resolve, DECLARE_EVERY_MS));
    }
  })();
  try {
    return { value: await until, declared };
  } finally {
    running = false;
    await declarer;
  }
}

/** One loaded run of the command path: the load, the declarations beside it, and the server's CPU time per answered note. */
interface LoadedRun {
  load: NoteLoadResult;
  declared: number;
  seconds: number;
  cpuPerNoteMs: number;
}

async function measureCommandPath(context: ScenarioContext, receiver: WebhookReceiver, sizes: typeof FULL): Promise<BenchRow[]> {
  const peers = ensurePeers(context.rootDir, context.progress);
  const dataDir = join(context.workDir, 'command-path');
  const { log } = await incidentLogIn(context, dataDir, { events: SMALL_LOG_EVENTS });
  const server = await startServer({ entry: context.serverEntry, nodeArgs: context.serverNodeArgs, env: notifyingEnv(dataDir), timeoutMs: 5 * 60_000 });
  const loaded = async (): Promise<LoadedRun> => {
    const cpuBefore = server.cpuMs() ?? NaN;
    const started = performance.now();
    const { value: load, declared } = await declaringDuring(server, log.adminKey, noteLoad(peers, context.quick, server, log.adminKey));
    const answered = load.result.warmupRequests + load.result.requests;
    return { load, declared, seconds: (performance.now() - started) / 1000, cpuPerNoteMs: ((server.cpuMs() ?? NaN) - cpuBefore) / answered };
  };
  let none: LoadedRun;
  let ten: LoadedRun;
  let received: number;
  try {
    none = await loaded();
    context.progress(describeLoad(NO_CHANNELS, none.load.result));
    await announcementChannels(server, log.adminKey, receiver, sizes.loadChannels);
    receiver.reset();
    ten = await loaded();
    received = receiver.receipts.length;
    context.progress(describeLoad(TEN_CHANNELS, ten.load.result));
    if (received === 0) throw new Error('no delivery arrived during the loaded run: the ratio would measure nothing');
  } finally {
    await server.stop();
  }
  const latencies = receiver.receipts.map((receipt) => receipt.at - receipt.eventAt);
  const due = ten.declared * sizes.loadChannels;
  context.progress(
    `notifications: ${received.toLocaleString('en-US')} of ${due.toLocaleString('en-US')} deliveries due arrived during the loaded run, ` +
      `event → receipt p50 ${round(percentile(latencies, 0.5))} ms, p99 ${round(percentile(latencies, 0.99))} ms`,
  );
  const ratio = ratioTo(ten.load.result.requestsPerSecond, none.load.result.requestsPerSecond, false);
  return [
    { scenario: SCENARIO, variant: NO_CHANNELS, metric: `requests/s at ${CONNECTIONS} connections`, value: Math.round(none.load.result.requestsPerSecond), unit: 'req/s' },
    { scenario: SCENARIO, variant: NO_CHANNELS, metric: 'latency p99', value: none.load.result.latencyMs.p99, unit: 'ms' },
    { scenario: SCENARIO, variant: NO_CHANNELS, metric: 'server CPU per note', value: round(none.cpuPerNoteMs, 3), unit: 'ms' },
    {
      scenario: SCENARIO,
      variant: TEN_CHANNELS,
      metric: `requests/s at ${CONNECTIONS} connections`,
      value: Math.round(ten.load.result.requestsPerSecond),
      unit: 'req/s',
      ratio: round(ratio, 3),
      baseline: NO_CHANNELS,
      target: { goal: '≥ 0.9× no channels', met: ratio >= 0.9 },
      note:
        `notifications: both loaded runs on one server (no channels first), each with a SEV1 declaration every ${DECLARE_EVERY_MS} ms beside the notes; ` +
        `with ten channels, ${received.toLocaleString('en-US')} of the ${due.toLocaleString('en-US')} deliveries due (${ten.declared} declarations × ${sizes.loadChannels}) ` +
        `arrived during the ${round(ten.seconds)} s of the run (warm-up included). CPU per note is the server's user and system time over the notes answered, warm-up included.`,
    },
    {
      scenario: SCENARIO,
      variant: TEN_CHANNELS,
      metric: 'latency p99',
      value: ten.load.result.latencyMs.p99,
      unit: 'ms',
      ratio: round(ratioTo(ten.load.result.latencyMs.p99, none.load.result.latencyMs.p99, true), 3),
      baseline: NO_CHANNELS,
    },
    {
      scenario: SCENARIO,
      variant: TEN_CHANNELS,
      metric: 'server CPU per note',
      value: round(ten.cpuPerNoteMs, 3),
      unit: 'ms',
      ratio: round(ratioTo(ten.cpuPerNoteMs, none.cpuPerNoteMs, true), 3),
      baseline: NO_CHANNELS,
    },
    // How far the deliveries kept pace with the load: all of them, when the delivery process keeps up.
    { scenario: SCENARIO, variant: TEN_CHANNELS, metric: `deliveries arrived during the run, of ${due} due`, value: received, unit: 'deliveries' },
    { scenario: SCENARIO, variant: TEN_CHANNELS, metric: 'deliveries during the run, event → receipt p99', value: round(percentile(latencies, 0.99)), unit: 'ms' },
  ];
}
