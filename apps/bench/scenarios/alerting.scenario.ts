import { generateApiKey } from '@incident-ledger/application';
import { createClient } from 'graphql-ws';
import { join } from 'node:path';
import { availableParallelism, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { BenchRow, ratioTo, Scenario, ScenarioContext } from '../bench.types';
import { alertGroupTitle, alertmanagerPayload, BENCH_SERVICE } from '../support/alertmanager-payloads';
import { ledgerEnv } from '../support/http-load';
import { runJsonProgram } from '../support/peers';
import { PageReceipts } from '../support/page-receipts';
import { BenchServer, graphql, startServer } from '../support/server-process';
import { percentile, round } from '../support/statistics';
import { notifyingEnv, webhookChannel } from '../support/webhook-channels';
import { startWebhookReceiver } from '../support/webhook-receiver';
import type { AlertLoadResult, AlertLoadSpec } from '../workers/alert-load';

/**
 * Alerts in, two figures (issue 17):
 *
 * 1. **Alerts accepted per second**: Alertmanager webhook bodies of 100
 *    alerts (support/alertmanager-payloads.ts, shaped like a real capture)
 *    posted to /integrations/alertmanager by CONNECTIONS keep-alive clients
 *    for a fixed time (workers/alert-load.ts, a process of its own), every
 *    answer a 202. Two cases on a fresh server each: every payload a new
 *    group (many rules firing at once), and every payload the same group
 *    again (what Alertmanager sends each group_interval while a group fires).
 *    The alerts are `warning` (SEV4: recorded, no incident), so the figure is
 *    ingestion alone. Baseline in the same run: bare Fastify parsing the same
 *    body and answering 202 (workers/bare-ingest-server.ts).
 * 2. **Alert → page at 100 alerts per second**: a paced sender posts 10
 *    payloads a second of 10 `critical` alerts, each a new group (SEV2: an
 *    incident each, and the service's escalation policy pages whoever is on
 *    call), and each group's time runs from its request being sent to each
 *    stage of `ALERT_TO_PAGE` seeing it: the incident's declaration,
 *    delivered over the `incidentUpdated` subscription, then its page,
 *    delivered to a local receiver by a WEBHOOK channel subscribed to PAGE.
 *    Target: p99 under 1 s at the last stage, the page.
 */
const SCENARIO = 'alerting';
const FULL = { warmupSeconds: 2, seconds: 10, pacedSeconds: 20 };
const QUICK = { warmupSeconds: 0.5, seconds: 2, pacedSeconds: 3 };
/** Concurrent senders: Alertmanager notifies each group's receiver on its own, so a storm arrives as parallel requests. */
const CONNECTIONS = 16;
const ALERTS_PER_PAYLOAD = 100;
/** 10 payloads of 10 alerts a second: the issue's 100 alerts per second, a new group (and incident) every 100 ms. */
const PACED = { payloadsPerSecond: 10, alertsPerPayload: 10 };
const TARGET_P99_MS = 1000;
/** How long after the last alert sent every stage must have seen every group. */
const STAGE_TIMEOUT_MS = 60_000;
/**
 * How long after every stage saw every group a stage may still hear one
 * twice before it is checked: a few of the delivery process's rounds (200 ms
 * apart), so that a page sent again would have arrived.
 */
const SETTLE_MS = 1_500;

const BARE = 'bare Fastify, JSON parsed, 202';
const NEW_GROUPS = `ledger, ${ALERTS_PER_PAYLOAD} warning alerts a payload, each payload a new group`;
const ONE_GROUP = `ledger, ${ALERTS_PER_PAYLOAD} warning alerts a payload, the same group every time`;
const PACED_VARIANT = `ledger, ${PACED.payloadsPerSecond} payloads/s of ${PACED.alertsPerPayload} critical alerts, each a new group (SEV2 → incident)`;

const INCIDENT_DECLARED = 'subscription { incidentUpdated { id title } }';

/** The ledger started for one measurement, set up as a team would: a catalogue service and an Alertmanager integration. */
interface AlertingLedger {
  server: BenchServer;
  adminKey: string;
  integrationKey: string;
  /** POST /integrations/alertmanager. */
  ingestUrl: string;
}

/** One alert group the paced sender sent: when (performance.timeOrigin + now(), ms) and when its 202 came back. */
interface SentGroup {
  title: string;
  sentAt: number;
  answeredAt: number;
}

/**
 * One stage of an alert's way to a page, watched from outside the server.
 * `watch` starts before the first alert is sent and records, by the group's
 * title, when each group reached the stage.
 */
export interface AlertStage {
  /** What the group has reached, as the rows name it (`incident declared`). */
  name: string;
  watch(ledger: AlertingLedger): Promise<StageWatch>;
}

export interface StageWatch {
  /** When each group, by title, reached the stage: performance.timeOrigin + now(), ms. */
  readonly seen: ReadonlyMap<string, number>;
  /** Once the run has settled: throws unless each of these groups reached the stage exactly once (for stages that can tell). */
  expectOnceEach?(titles: readonly string[]): void;
  close(): Promise<void>;
}

const now = () => performance.timeOrigin + performance.now();

/** The incident an alert group declared, as a client sees it: its first delivery on the `incidentUpdated` subscription. */
const incidentDeclared: AlertStage = {
  name: 'incident declared',
  async watch(ledger) {
    const seen = new Map<string, number>();
    const client = createClient({
      url: ledger.server.url.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${ledger.adminKey}` },
      retryAttempts: 0,
    });
    let failure: unknown;
    client.subscribe<{ incidentUpdated: { id: string; title: string } }>(
      { query: INCIDENT_DECLARED },
      {
        next: ({ data, errors }) => {
          if (errors?.length) failure = new Error(`incidentUpdated: ${JSON.stringify(errors)}`);
          const title = data?.incidentUpdated.title;
          if (title !== undefined && !seen.has(title)) seen.set(title, now());
        },
        error: (error) => (failure = error),
        complete: () => undefined,
      },
    );
    return {
      get seen() {
        if (failure) throw failure instanceof Error ? failure : new Error(JSON.stringify(failure));
        return seen;
      },
      close: async () => {
        await client.dispose();
      },
    };
  },
};

/**
 * The incident's page, as its on-call person's tooling sees it: its delivery
 * to a local receiver (support/webhook-receiver.ts) by a WEBHOOK channel
 * subscribed to the kind PAGE alone, by the incident's title in the payload.
 */
const pageDelivered: AlertStage = {
  name: 'page delivered',
  async watch(ledger) {
    const receiver = await startWebhookReceiver();
    try {
      await webhookChannel(ledger.server, ledger.adminKey, receiver, 0, { preset: 'CUSTOM', kinds: ['PAGE'] });
    } catch (error) {
      await receiver.close();
      throw error;
    }
    const pages = new PageReceipts(() => receiver.receipts);
    return {
      get seen() {
        return pages.seen;
      },
      expectOnceEach(titles) {
        pages.expectOnceEach(titles);
        const { checked, failed } = receiver.verified;
        if (checked === 0 || failed > 0) throw new Error(`${failed} of ${checked} page signatures checked did not verify`);
      },
      close: () => receiver.close(),
    };
  },
};

/** Where an alert goes, in order: the incident it declares, then the page to whoever is on call. */
const ALERT_TO_PAGE: readonly AlertStage[] = [incidentDeclared, pageDelivered];

export const alertingScenario: Scenario = {
  name: SCENARIO,
  description: 'alerts accepted/s (Alertmanager payloads of 100) vs bare Fastify; alert → incident and alert → page delivered p99 at 100 alerts/s',
  async run(context: ScenarioContext): Promise<BenchRow[]> {
    const sizes = context.quick ? QUICK : FULL;
    const rows = await alertsAccepted(context, sizes);
    rows.push(...(await alertToPage(context, sizes, ALERT_TO_PAGE)));
    return rows;
  },
};

/**
 * A fresh server with a catalogue service and an integration for it;
 * ingestion unthrottled (the bench is one integration). `serverEnv` makes the
 * rest of its environment (notifyingEnv, for a ledger that delivers pages).
 */
async function startAlertingLedger(context: ScenarioContext, name: string, serverEnv = ledgerEnv): Promise<AlertingLedger> {
  const adminKey = generateApiKey().key;
  const env = { ...serverEnv(join(context.workDir, name)), BOOTSTRAP_ADMIN_KEY: adminKey, INGEST_RATE_LIMIT_PER_SECOND: '0' };
  const server = await startServer({ entry: context.serverEntry, nodeArgs: context.serverNodeArgs, env, timeoutMs: 60_000 });
  try {
    await graphql(server.url, adminKey, 'mutation { registerPerson(input: { name: "ann", timeZone: "Europe/Berlin" }) { name } }');
    await graphql(server.url, adminKey, 'mutation { registerTeam(input: { slug: "shop", name: "Shop", members: ["ann"] }) { slug } }');
    await graphql(server.url, adminKey, `mutation { registerService(input: { slug: "${BENCH_SERVICE}", name: "Checkout", tier: TIER_1, ownerTeam: "shop" }) { slug } }`);
    const created = await graphql<{ createIntegration: { key: string } }>(
      server.url,
      adminKey,
      `mutation { createIntegration(input: { id: "prometheus", name: "Prometheus", service: "${BENCH_SERVICE}" }) { key } }`,
    );
    return { server, adminKey, integrationKey: created.createIntegration.key, ingestUrl: new URL('/integrations/alertmanager', server.url).href };
  } catch (error) {
    await server.kill();
    throw error;
  }
}

function loadSpec(url: string, key: string | undefined, groups: AlertLoadSpec['groups'], sizes: typeof FULL): AlertLoadSpec {
  return { url, key, connections: CONNECTIONS, warmupSeconds: sizes.warmupSeconds, seconds: sizes.seconds, alerts: ALERTS_PER_PAYLOAD, severity: 'warning', groups };
}

function runLoad(context: ScenarioContext, spec: AlertLoadSpec): Promise<AlertLoadResult> {
  return runJsonProgram<AlertLoadResult>(join(context.rootDir, 'dist/apps/bench/workers/alert-load.js'), spec);
}

function describeAlertLoad(name: string, result: AlertLoadResult): string {
  return (
    `alerting: ${name.padEnd(72)} ${Math.round(result.alertsPerSecond).toLocaleString('en-US').padStart(7)} alerts/s ` +
    `(${Math.round(result.requestsPerSecond).toLocaleString('en-US')} req/s), p50 ${result.latencyMs.p50} ms, p99 ${result.latencyMs.p99} ms`
  );
}

async function measureBare(context: ScenarioContext, sizes: typeof FULL): Promise<AlertLoadResult> {
  const bare = await startServer({ entry: join(context.rootDir, 'dist/apps/bench/workers/bare-ingest-server.js'), env: { PORT: '0' }, readyMessage: 'listening', timeoutMs: 60_000 });
  try {
    const result = await runLoad(context, loadSpec(new URL('/integrations/alertmanager', bare.url).href, undefined, 'new', sizes));
    context.progress(describeAlertLoad(BARE, result));
    return result;
  } finally {
    await bare.stop();
  }
}

/** The load on a fresh ledger, then a check that it recorded every group it answered for; with the server's CPU per payload. */
async function measureLedger(context: ScenarioContext, sizes: typeof FULL, groups: AlertLoadSpec['groups']): Promise<{ result: AlertLoadResult; cpuPerPayloadMs: number }> {
  const ledger = await startAlertingLedger(context, `ingest-${groups}`);
  try {
    const cpuBefore = ledger.server.cpuMs() ?? NaN;
    const result = await runLoad(context, loadSpec(ledger.ingestUrl, ledger.integrationKey, groups, sizes));
    const answered = result.warmupRequests + result.requests;
    const cpuPerPayloadMs = ((ledger.server.cpuMs() ?? NaN) - cpuBefore) / answered;
    await expectAlertGroups(ledger, groups === 'new' ? answered : 1);
    context.progress(describeAlertLoad(groups === 'new' ? NEW_GROUPS : ONE_GROUP, result));
    return { result, cpuPerPayloadMs };
  } finally {
    await ledger.server.stop();
  }
}

/** The read model holds `count` alert groups (it follows the store, so it may lag the answers briefly). */
async function expectAlertGroups(ledger: AlertingLedger, count: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  let totalCount = -1;
  while (Date.now() < deadline) {
    ({ alertGroups: { totalCount } } = await graphql<{ alertGroups: { totalCount: number } }>(ledger.server.url, ledger.adminKey, '{ alertGroups(first: 1) { totalCount } }'));
    if (totalCount === count) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the ledger answered 202 for ${count} alert groups but lists ${totalCount}`);
}

async function alertsAccepted(context: ScenarioContext, sizes: typeof FULL): Promise<BenchRow[]> {
  const loadBefore = loadavg()[0];
  const bare = await measureBare(context, sizes);
  const fresh = await measureLedger(context, sizes, 'new');
  const repeated = await measureLedger(context, sizes, 'one');
  const load = `load average ${loadBefore.toFixed(2)} before, ${loadavg()[0].toFixed(2)} after, on ${availableParallelism()} cores`;
  const rows = (variant: string, result: AlertLoadResult, cpuPerPayloadMs?: number): BenchRow[] => {
    const compared = (value: number, baselineValue: number, lowerIsBetter: boolean) =>
      variant === BARE ? {} : { ratio: round(ratioTo(value, baselineValue, lowerIsBetter), 3), baseline: BARE };
    return [
      { scenario: SCENARIO, variant, metric: `alerts/s accepted, ${CONNECTIONS} connections`, value: Math.round(result.alertsPerSecond), unit: 'alerts/s', ...compared(result.alertsPerSecond, bare.alertsPerSecond, false) },
      { scenario: SCENARIO, variant, metric: `requests/s, ${CONNECTIONS} connections`, value: Math.round(result.requestsPerSecond), unit: 'req/s' },
      { scenario: SCENARIO, variant, metric: 'latency p50', value: result.latencyMs.p50, unit: 'ms' },
      { scenario: SCENARIO, variant, metric: 'latency p99', value: result.latencyMs.p99, unit: 'ms', ...compared(result.latencyMs.p99, bare.latencyMs.p99, true) },
      ...(cpuPerPayloadMs === undefined ? [] : [{ scenario: SCENARIO, variant, metric: 'server CPU per payload', value: round(cpuPerPayloadMs, 2), unit: 'ms' }]),
    ];
  };
  const all = [...rows(BARE, bare), ...rows(NEW_GROUPS, fresh.result, fresh.cpuPerPayloadMs), ...rows(ONE_GROUP, repeated.result, repeated.cpuPerPayloadMs)];
  all[all.length - 1].note =
    `alerting: Alertmanager payloads of ${ALERTS_PER_PAYLOAD} alerts (${Math.round(bare.bodyBytes / 1024)} KB), severity warning (SEV4: recorded, no incident, so ingestion alone is measured), ` +
    `${CONNECTIONS} keep-alive clients for ${sizes.seconds} s after ${sizes.warmupSeconds} s of warm-up, every answer 202 and every group listed afterwards; ` +
    `each case on a fresh server, the load generator on the same ${availableParallelism()} cores; CPU per payload is the server's user and system time over the payloads answered, warm-up included; ${load}.`;
  return all;
}

/**
 * What pages for the service, as a team sets it up: a schedule of one layer
 * whose one member (ann, of the owning team) has been on call since last
 * week, and an escalation policy for the service whose first level pages
 * that schedule. Its 5 minutes to acknowledge outlast the run, so each
 * incident pages once.
 */
async function pagesWhoeverIsOnCall(ledger: AlertingLedger): Promise<void> {
  const lastWeek = new Date(Date.now() - 7 * 24 * 3_600_000).toISOString().slice(0, 10);
  await graphql(
    ledger.server.url,
    ledger.adminKey,
    `mutation { createSchedule(input: { id: "shop-primary", name: "Shop primary", ownerTeam: "shop", timeZone: "Europe/Berlin",
      layers: [{ name: "Weekly", members: ["ann"], rotation: { unit: WEEK, length: 1 }, handOff: "09:00", startDate: "${lastWeek}" }] }) { id } }`,
  );
  await graphql(
    ledger.server.url,
    ledger.adminKey,
    `mutation { createEscalationPolicy(input: { id: "checkout-pages", name: "Checkout pages", ownerTeam: "shop", services: ["${BENCH_SERVICE}"],
      levels: [{ targets: [{ kind: SCHEDULE, id: "shop-primary" }], delayMinutes: 5 }] }) { id } }`,
  );
}

/** Sends one payload of the paced run; throws unless it was accepted as a SEV2 group (else it would declare nothing). */
async function sendGroup(ledger: AlertingLedger, group: string, startsAt: string): Promise<SentGroup> {
  const body = JSON.stringify(alertmanagerPayload({ group, alerts: PACED.alertsPerPayload, severity: 'critical', startsAt }));
  const sentAt = now();
  const response = await fetch(ledger.ingestUrl, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${ledger.integrationKey}` }, body });
  const answer = (await response.json()) as { alertGroups?: { severity: string }[] };
  const answeredAt = now();
  if (response.status !== 202 || answer.alertGroups?.[0]?.severity !== 'SEV2') throw new Error(`alert group ${group} answered ${response.status}: ${JSON.stringify(answer).slice(0, 500)}`);
  return { title: alertGroupTitle(group), sentAt, answeredAt };
}

/** Until every stage has seen every group; throws, saying how far each got, after STAGE_TIMEOUT_MS. */
async function waitForStages(stages: readonly AlertStage[], watches: readonly StageWatch[], groups: readonly SentGroup[]): Promise<void> {
  const deadline = Date.now() + STAGE_TIMEOUT_MS;
  const missing = () => watches.map((watch) => groups.filter((group) => !watch.seen.has(group.title)).length);
  while (missing().some((count) => count > 0)) {
    if (Date.now() > deadline) throw new Error(`after ${STAGE_TIMEOUT_MS} ms, of ${groups.length} groups: ${stages.map((stage, index) => `${missing()[index]} not at "${stage.name}"`).join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * Alert → page: PACED.payloadsPerSecond new groups a second, each request sent
 * on a fixed schedule whether or not the one before was answered (alerts do
 * not wait for the ledger), and for each stage, each group's time from its
 * request sent to the stage seeing it. One group first, not timed, proves
 * every stage is watching and warms the paths up.
 */
async function alertToPage(context: ScenarioContext, sizes: typeof FULL, stages: readonly AlertStage[]): Promise<BenchRow[]> {
  const ledger = await startAlertingLedger(context, 'alert-to-page', notifyingEnv);
  const watches: StageWatch[] = [];
  let sent: SentGroup[];
  let load: string;
  try {
    await pagesWhoeverIsOnCall(ledger);
    for (const stage of stages) watches.push(await stage.watch(ledger));
    const startsAt = new Date().toISOString();
    const warmup = [await sendGroup(ledger, 'warm-up', startsAt)];
    await waitForStages(stages, watches, warmup);

    const loadBefore = loadavg()[0];
    const count = sizes.pacedSeconds * PACED.payloadsPerSecond;
    const first = now() + 50;
    const sending: Promise<SentGroup>[] = [];
    for (let n = 0; n < count; n++) {
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, first + (n * 1000) / PACED.payloadsPerSecond - now())));
      sending.push(sendGroup(ledger, `paced-${n}`, startsAt));
    }
    sent = await Promise.all(sending);
    await waitForStages(stages, watches, sent);
    load = `load average ${loadBefore.toFixed(2)} before, ${loadavg()[0].toFixed(2)} after, on ${availableParallelism()} cores`;
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    const titles = [...warmup, ...sent].map((group) => group.title);
    for (const watch of watches) watch.expectOnceEach?.(titles);
  } finally {
    await Promise.all(watches.map((watch) => watch.close()));
    await ledger.server.stop();
  }

  const answered = sent.map((group) => group.answeredAt - group.sentAt);
  context.progress(`alerting: ${sent.length} groups at ${PACED.payloadsPerSecond}/s, sent → 202 p50 ${round(percentile(answered, 0.5))} ms, p99 ${round(percentile(answered, 0.99))} ms`);
  const rows: BenchRow[] = [
    { scenario: SCENARIO, variant: PACED_VARIANT, metric: 'alert sent → 202 answer p50', value: round(percentile(answered, 0.5)), unit: 'ms' },
    { scenario: SCENARIO, variant: PACED_VARIANT, metric: 'alert sent → 202 answer p99', value: round(percentile(answered, 0.99)), unit: 'ms' },
  ];
  stages.forEach((stage, index) => {
    const latencies = sent.map((group) => (watches[index].seen.get(group.title) as number) - group.sentAt);
    const p99 = percentile(latencies, 0.99);
    const last = index === stages.length - 1;
    context.progress(`alerting: sent → ${stage.name}: p50 ${round(percentile(latencies, 0.5))} ms, p99 ${round(p99)} ms, slowest ${round(Math.max(...latencies))} ms`);
    rows.push(
      { scenario: SCENARIO, variant: PACED_VARIANT, metric: `alert sent → ${stage.name} p50`, value: round(percentile(latencies, 0.5)), unit: 'ms' },
      {
        scenario: SCENARIO,
        variant: PACED_VARIANT,
        metric: `alert sent → ${stage.name} p99`,
        value: round(p99),
        unit: 'ms',
        ...(last ? { target: { goal: `alert → page p99 < ${TARGET_P99_MS} ms, measured to ${stage.name}`, met: p99 < TARGET_P99_MS } } : {}),
      },
      { scenario: SCENARIO, variant: PACED_VARIANT, metric: `alert sent → ${stage.name}, slowest`, value: round(Math.max(...latencies)), unit: 'ms' },
    );
  });
  rows[rows.length - 1].note =
    `alerting: ${sent.length} alert groups of ${PACED.alertsPerPayload} critical alerts over ${sizes.pacedSeconds} s (${PACED.payloadsPerSecond * PACED.alertsPerPayload} alerts/s), ` +
    `each request sent on schedule without waiting for the one before, after one warm-up group; every group declared its incident and paged the one person on call once; ` +
    `each stage is when a client saw it (the incident: its first incidentUpdated delivery over graphql-ws; the page: its WEBHOOK delivery to a local receiver, a channel subscribed to PAGE alone, ` +
    `every page arriving once by webhook-id and title, checked ${SETTLE_MS / 1000} s after the last); stages measured: ${stages.map((stage) => stage.name).join(', then ')}; ${load}.`;
  return rows;
}
