import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { BenchRow, ratioTo, Scenario, ScenarioContext } from '../bench.types';
import { ledgerEnv, startBareServer } from '../support/http-load';
import { incidentLogIn, SMALL_LOG_EVENTS } from '../support/log-cache';
import { ensurePeers } from '../support/peers';
import { BenchServer, graphql, startServer } from '../support/server-process';
import { percentile, round } from '../support/statistics';
import type { SubscriberMessage, SubscriberWorkerData } from '../workers/subscriber-worker';

/**
 * Live fan-out: 1,000 graphql-ws subscribers on one incident's timeline
 * (`incidentTimeline`), then mutations (`addTimelineNote`) one at a time; for
 * each, the time from the mutation's HTTP answer to each subscriber's delivery
 * (a delivery that arrives before the answer counts as 0). Baseline in the
 * same run: the bare Fastify + Mercurius server's own pub/sub, with as many
 * subscribers on one topic and a mutation that publishes to it.
 *
 * The subscribers live in a worker thread (workers/subscriber-worker.ts), so
 * reading their 1,000 deliveries does not hold up the reading of the answer;
 * the time to read them is still inside both figures.
 * Sizes: 1,000 subscribers and 30 mutations in full mode, 200 and 5 with --quick.
 */
const FULL = { subscribers: 1_000, mutations: 30 };
const QUICK = { subscribers: 200, mutations: 5 };
const CONNECT_BATCH = 100;
const DELIVERY_TIMEOUT_MS = 30_000;

const BARE = 'bare Fastify + Mercurius pub/sub';
const LEDGER = 'ledger incidentTimeline';

interface Target {
  wsUrl: string;
  connectionParams: Record<string, unknown>;
  subscription: { query: string; variables: Record<string, unknown> };
  /** Where in a delivery the key it is matched by lies (the entry's version, the note's text). */
  keyPath: string[];
  /** Sends one mutation and resolves with its key once answered. */
  mutate(n: number): Promise<string>;
}

interface FanOutResult {
  /** Delivery minus the mutation's answer, per subscriber and mutation, in ms (at least 0). */
  afterAnswer: number[];
  /** Delivery minus the moment the mutation was sent: the whole way, mutation included. */
  afterSend: number[];
  /** Deliveries that came before the mutation's answer. */
  beforeAnswer: number;
}

export const fanOutScenario: Scenario = {
  name: 'fan-out',
  description: '1,000 graphql-ws subscribers on one incident: mutation answer → delivery, vs bare Mercurius pub/sub',
  async run(context: ScenarioContext): Promise<BenchRow[]> {
    const sizes = context.quick ? QUICK : FULL;
    const peers = ensurePeers(context.rootDir, context.progress);

    const bare = await startBareServer(peers);
    let bareResult: FanOutResult;
    try {
      bareResult = await measureFanOut(context, sizes, {
        wsUrl: bare.url.replace(/^http/, 'ws'),
        connectionParams: {},
        subscription: { query: 'subscription($id: ID!) { noteAdded(incidentId: $id) { text } }', variables: { id: 'inc-0001' } },
        keyPath: ['noteAdded', 'text'],
        mutate: async (n) => {
          const data = await graphql<{ addNote: { text: string } }>(bare.url, '', 'mutation($text: String!) { addNote(incidentId: "inc-0001", text: $text) { text } }', {
            text: `note ${n}`,
          });
          return data.addNote.text;
        },
      });
    } finally {
      await bare.stop();
    }

    const dataDir = join(context.workDir, 'data');
    const { log } = await incidentLogIn(context, dataDir, { events: SMALL_LOG_EVENTS });
    const server: BenchServer = await startServer({ entry: context.serverEntry, nodeArgs: context.serverNodeArgs, env: ledgerEnv(dataDir), timeoutMs: 5 * 60_000 });
    let ledgerResult: FanOutResult;
    try {
      const board = await graphql<{ activeIncidents: Array<{ id: string }> }>(server.url, log.adminKey, '{ activeIncidents { id } }');
      const incidentId = board.activeIncidents[0]?.id;
      if (!incidentId) throw new Error('the generated log left no incident open');
      ledgerResult = await measureFanOut(context, sizes, {
        wsUrl: server.url.replace(/^http/, 'ws'),
        connectionParams: { authorization: `Bearer ${log.adminKey}` },
        subscription: { query: 'subscription($id: ID!) { incidentTimeline(incidentId: $id) { version type } }', variables: { id: incidentId } },
        keyPath: ['incidentTimeline', 'version'],
        mutate: async (n) => {
          const data = await graphql<{ addTimelineNote: { version: number } }>(
            server.url,
            log.adminKey,
            'mutation($input: AddTimelineNoteInput!) { addTimelineNote(input: $input) { version } }',
            { input: { incidentId, text: `Fan-out note ${n}` } },
          );
          return String(data.addTimelineNote.version);
        },
      });
    } finally {
      await server.stop();
    }

    const scenario = 'fan-out';
    const rows: BenchRow[] = [];
    for (const [variant, result] of [
      [BARE, bareResult],
      [LEDGER, ledgerResult],
    ] as const) {
      const answerP99 = percentile(result.afterAnswer, 0.99);
      const sendP99 = percentile(result.afterSend, 0.99);
      rows.push(
        {
          scenario,
          variant,
          metric: `mutation answer → delivery p99 (${sizes.subscribers} subscribers)`,
          value: round(answerP99, 1),
          unit: 'ms',
          ...(variant === LEDGER ? { target: { goal: '< 100 ms', met: answerP99 < 100 } } : {}),
        },
        { scenario, variant, metric: 'mutation sent → delivery p50', value: round(percentile(result.afterSend, 0.5), 1), unit: 'ms' },
        {
          scenario,
          variant,
          metric: 'mutation sent → delivery p99',
          value: round(sendP99, 1),
          unit: 'ms',
          // Compared on the whole way: most answer → delivery samples are 0, so their p99 is a thin tail.
          ...(variant === LEDGER ? { ratio: round(ratioTo(sendP99, percentile(bareResult.afterSend, 0.99), true), 2), baseline: BARE } : {}),
        },
        {
          scenario,
          variant,
          metric: 'mutation sent → delivery, slowest',
          value: round(percentile(result.afterSend, 1), 1),
          unit: 'ms',
          note:
            `fan-out: ${variant}: ${result.afterSend.length.toLocaleString('en-US')} deliveries (${sizes.mutations} mutations × ${sizes.subscribers} subscribers), ` +
            `${result.beforeAnswer.toLocaleString('en-US')} of them read before the mutation's answer (counted as 0 after it).`,
        },
      );
    }
    return rows;
  },
};

async function measureFanOut(context: ScenarioContext, sizes: typeof FULL, target: Target): Promise<FanOutResult> {
  const workerData: SubscriberWorkerData = {
    url: target.wsUrl,
    connectionParams: target.connectionParams,
    query: target.subscription.query,
    variables: target.subscription.variables,
    keyPath: target.keyPath,
    subscribers: sizes.subscribers,
    connectBatch: CONNECT_BATCH,
  };
  const worker = new Worker(join(__dirname, '../workers/subscriber-worker.js'), { workerData });
  const delivered = new Map<string, number[]>();
  const waiting = new Map<string, () => void>();
  let failure: Error | undefined;
  let onConnected: () => void = () => undefined;
  const connected = new Promise<void>((resolve) => (onConnected = resolve));
  worker.on('message', (message: SubscriberMessage) => {
    if (message.type === 'connected') onConnected();
    else if (message.type === 'delivered') {
      delivered.set(message.key, message.at);
      waiting.get(message.key)?.();
    } else failure ??= new Error(`a subscriber failed: ${message.message}`);
  });
  worker.on('error', (error) => (failure ??= error));
  const now = () => performance.timeOrigin + performance.now();
  /** True once every subscriber got `key`; false after `timeoutMs`. */
  const everyoneGot = (key: string, timeoutMs: number) =>
    new Promise<boolean>((resolve) => {
      if (delivered.has(key)) return resolve(true);
      const timer = setTimeout(() => (waiting.delete(key), resolve(false)), timeoutMs);
      waiting.set(key, () => (clearTimeout(timer), waiting.delete(key), resolve(true)));
    });
  const check = () => {
    if (failure) throw failure;
  };
  try {
    await Promise.race([connected, new Promise((_, reject) => setTimeout(() => reject(failure ?? new Error('the subscribers did not connect within 60 s')), 60_000))]);
    check();
    context.progress(`fan-out: ${sizes.subscribers} subscribers connected to ${target.wsUrl}`);
    // Subscriptions start asynchronously on the server: warm-up mutations until one reaches every subscriber.
    let warm = false;
    for (let probe = 0; probe < 10 && !warm; probe++) warm = await everyoneGot(await target.mutate(-1 - probe), 3_000);
    check();
    if (!warm) throw new Error('the subscribers did not all receive any of 10 warm-up mutations');

    const afterAnswer: number[] = [];
    const afterSend: number[] = [];
    let beforeAnswer = 0;
    for (let n = 0; n < sizes.mutations; n++) {
      const sentAt = now();
      const key = await target.mutate(n);
      const answeredAt = now();
      if (!(await everyoneGot(key, DELIVERY_TIMEOUT_MS))) {
        check();
        throw new Error(`mutation ${n}: not every one of ${sizes.subscribers} subscribers got it within ${DELIVERY_TIMEOUT_MS} ms`);
      }
      for (const at of delivered.get(key) as number[]) {
        if (at < answeredAt) beforeAnswer++;
        afterAnswer.push(Math.max(0, at - answeredAt));
        afterSend.push(at - sentAt);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    check();
    return { afterAnswer, afterSend, beforeAnswer };
  } finally {
    worker.postMessage({ type: 'stop' });
    await Promise.race([new Promise((resolve) => worker.once('exit', resolve)), new Promise((resolve) => setTimeout(resolve, 5_000))]);
    await worker.terminate();
  }
}
