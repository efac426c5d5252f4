import { generateApiKey } from '@incident-ledger/application';
import { writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { BenchRow, ratioTo, Scenario, ScenarioContext } from '../bench.types';
import { pinToCore } from '../support/cpu-affinity';
import { CONNECTIONS, ledgerEnv } from '../support/http-load';
import { runJsonProgram } from '../support/peers';
import { BenchServer, graphql, startServer } from '../support/server-process';
import { median, percentile, round } from '../support/statistics';
import type { StaticDocument } from '../workers/bare-static-server';
import type { GetLoadResult, GetLoadSpec } from '../workers/get-load';

/**
 * The public status page during an outage (issue 18), two figures:
 *
 * 1. **Under load**: `GET /api/v2/summary.json` and `GET /status`, plain GETs
 *    on CONNECTIONS keep-alive connections (workers/get-load.ts, a process of
 *    its own), on a page as a real one looks mid-outage: 12 components in 3
 *    groups, an incident published with 6 public updates, an upcoming
 *    maintenance and 90 days of resolved public incidents. The history is
 *    real: it is written with the server's clock (CLOCK_FILE) set back to
 *    each incident's day. Baseline in the same run: bare Fastify answering
 *    the same bytes with the same headers from memory
 *    (workers/bare-static-server.ts), measured in alternating rounds with
 *    the ledger (see underLoad). Target: at least 0.8 of its answers per
 *    second of server CPU (its CPU per answer over the ledger's), the
 *    capacity each has on its core. Requests/s are shown beside it, but on
 *    two cores a 200 of 10 KB costs the load generator, which reads every
 *    byte, about as much CPU as it costs the server (its CPU per answer is
 *    reported too), so each round's pace is set by whichever of the two
 *    cores is slower then. The same again with If-None-Match (304s), for
 *    clients that keep the ETag.
 * 2. **Freshness**: the time from an EXTERNAL `postStatusUpdate` being sent
 *    (and answered) to its text in `GET /api/v2/summary.json`, which a client
 *    polls back to back with If-None-Match meanwhile. What bounds it: the
 *    append (a group commit, durable), then the projector, which applies the
 *    store's subscription to every read model, the status page's included;
 *    the mutation answers once the incident's read model has reached its
 *    position (read-your-writes), so the page usually shows the update before
 *    the answer arrives. The page cache is keyed by the read model's version
 *    (events folded, and the minute), so the first GET after the fold renders
 *    the page again: there is no timer or TTL between the store and the page.
 *
 * The measured server runs on the system clock: CLOCK_FILE is read on every
 * `now()`, which the page asks for on every request, so the history is built
 * by one server process with it and measured by a second without it, on the
 * same data directory.
 */
const SCENARIO = 'statuspage';
/** Under load, each server is measured in `rounds` runs of `seconds`, the first after `warmupSeconds` (JIT, connections), the others after ROUND_WARMUP_SECONDS. */
const FULL = { warmupSeconds: 2, rounds: 5, seconds: 2, historyIncidents: 20, updates: 50 };
const QUICK = { warmupSeconds: 0.25, rounds: 2, seconds: 0.5, historyIncidents: 4, updates: 10 };
/** Before each round after the first: the load's connections are new, the servers already warm. */
const ROUND_WARMUP_SECONDS = 0.25;
/** Where the servers and the load run (see pinToCore). */
const SERVER_CORE = 0;
const LOAD_CORE = 1;
type Sizes = typeof FULL;

const TARGET_RATIO = 0.8;
const PUBLIC_URL = 'https://status.bench.example';
const OUTAGE_NAME = 'Elevated checkout errors and slow API responses';
const FRESHNESS_TIMEOUT_MS = 10_000;
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** The routes measured, with a text every 200 answer holds. */
const ROUTES = [
  { path: '/api/v2/summary.json', expect: OUTAGE_NAME },
  { path: '/status', expect: OUTAGE_NAME },
] as const;
type Route = (typeof ROUTES)[number];

const BARE = 'bare Fastify, the same bytes and headers from memory';
const LEDGER = 'ledger';

/** 12 components in 3 groups, as a SaaS page shows them. */
const GROUPS = [
  { id: 'api', name: 'API', components: ['REST API', 'GraphQL API', 'Webhooks', 'Authentication'] },
  { id: 'apps', name: 'Applications', components: ['Website', 'Dashboard', 'Checkout', 'Mobile apps'] },
  { id: 'infra', name: 'Infrastructure', components: ['Database', 'Search', 'Email delivery', 'CDN'] },
];
const componentId = (name: string) => name.toLowerCase().replace(/ /g, '-');
const COMPONENTS = GROUPS.flatMap((group) => group.components.map(componentId));

const GROUP_MUTATION = 'mutation($input: StatusComponentGroupInput!) { createStatusComponentGroup(input: $input) { id } }';
const COMPONENT_MUTATION = 'mutation($input: StatusComponentInput!) { createStatusComponent(input: $input) { id } }';
const DECLARE = 'mutation($input: DeclareIncidentInput!) { declareIncident(input: $input) { id } }';
const PUBLISH = 'mutation($input: PublishIncidentInput!) { publishIncidentToStatusPage(input: $input) { id } }';
const CHANGE_STATUS = 'mutation($input: ChangeIncidentStatusInput!) { changeIncidentStatus(input: $input) { id } }';
const UPDATE = 'mutation($input: PostStatusUpdateInput!) { postStatusUpdate(input: $input) { id } }';
const RESOLVE = 'mutation($input: ResolveIncidentInput!) { resolveIncident(input: $input) { id } }';
const MAINTENANCE = 'mutation($input: ScheduleMaintenanceInput!) { scheduleMaintenance(input: $input) { id } }';

/** The ledger while it is set up: its admin key and a clock the bench moves. */
interface Setup {
  server: BenchServer;
  adminKey: string;
  setClock(at: number): void;
}

export const statuspageScenario: Scenario = {
  name: SCENARIO,
  description: 'GET /api/v2/summary.json and /status mid-outage vs bare Fastify with the same bytes, alternating rounds on pinned cores (target ≥ 0.8× its answers per CPU-second), with 304s; EXTERNAL update → on the page p50/p99',
  async run(context: ScenarioContext): Promise<BenchRow[]> {
    const sizes = context.quick ? QUICK : FULL;
    const dataDir = join(context.workDir, 'ledger');
    const adminKey = generateApiKey().key;
    const outageId = await buildPage(context, dataDir, adminKey, sizes);

    const ledger = await startServer({ entry: context.serverEntry, nodeArgs: context.serverNodeArgs, env: { ...ledgerEnv(dataDir), BOOTSTRAP_ADMIN_KEY: adminKey, PUBLIC_URL }, timeoutMs: 60_000 });
    let bare: BenchServer | undefined;
    try {
      const documents = await publicDocuments(ledger, sizes);
      const documentsFile = join(context.workDir, 'static-documents.json');
      writeFileSync(documentsFile, JSON.stringify(documents));
      bare = await startServer({ entry: workerEntry(context, 'bare-static-server'), env: { PORT: '0', STATIC_DOCUMENTS: documentsFile }, readyMessage: 'listening', timeoutMs: 60_000 });
      const rows = await underLoad(context, sizes, { [BARE]: bare, [LEDGER]: ledger }, documents);
      rows.push(...(await freshness(context, sizes, ledger, adminKey, outageId)));
      return rows;
    } finally {
      await bare?.stop();
      await ledger.stop();
    }
  },
};

function workerEntry(context: ScenarioContext, name: string): string {
  return join(context.rootDir, `dist/apps/bench/workers/${name}.js`);
}

/**
 * Writes the page through GraphQL on a server whose clock the bench sets:
 * the components, `historyIncidents` incidents spread over the last 90 days
 * (each published, identified, resolved, with a public update at each step),
 * the outage going on now (published 100 minutes ago, 6 public updates) and
 * a maintenance in two days. Answers the outage's incident id.
 */
async function buildPage(context: ScenarioContext, dataDir: string, adminKey: string, sizes: Sizes): Promise<string> {
  const clockFile = join(context.workDir, 'clock');
  const setClock = (at: number) => writeFileSync(clockFile, new Date(at).toISOString());
  // A whole minute, a little in the past, so that every instant written is before the measured server's first now().
  const now = Math.floor(Date.now() / MINUTE) * MINUTE - MINUTE;
  setClock(now - 90 * DAY);
  const started = performance.now();
  const server = await startServer({ entry: context.serverEntry, env: { ...ledgerEnv(dataDir), BOOTSTRAP_ADMIN_KEY: adminKey, PUBLIC_URL, CLOCK_FILE: clockFile }, timeoutMs: 60_000 });
  try {
    const setup: Setup = { server, adminKey, setClock };
    await createComponents(setup);
    for (let n = 0; n < sizes.historyIncidents; n++) await pastIncident(setup, n, now - 89 * DAY + Math.round((n * 88 * DAY) / sizes.historyIncidents));
    const outageId = await currentOutage(setup, now);
    setClock(now);
    await mutate(setup, MAINTENANCE, {
      id: 'db-upgrade',
      name: 'Database upgrade',
      message: 'We will upgrade the primary database. Search may be slow for a few minutes.',
      components: ['database', 'search'],
      scheduledFor: new Date(now + 2 * DAY).toISOString(),
      scheduledUntil: new Date(now + 2 * DAY + 2 * 60 * MINUTE).toISOString(),
    });
    context.progress(`${SCENARIO}: page built in ${Math.round(performance.now() - started)} ms (${COMPONENTS.length} components, ${sizes.historyIncidents} past incidents, the outage, a maintenance)`);
    return outageId;
  } finally {
    await server.stop();
  }
}

async function mutate<T = unknown>(setup: Setup, query: string, input: Record<string, unknown>): Promise<T> {
  return graphql<T>(setup.server.url, setup.adminKey, query, { input });
}

async function createComponents(setup: Setup): Promise<void> {
  for (const group of GROUPS) {
    await mutate(setup, GROUP_MUTATION, { id: group.id, name: group.name });
    for (const name of group.components) await mutate(setup, COMPONENT_MUTATION, { id: componentId(name), name, groupId: group.id });
  }
}

async function declare(setup: Setup, title: string): Promise<string> {
  return (await mutate<{ declareIncident: { id: string } }>(setup, DECLARE, { title, severity: 'SEV2' })).declareIncident.id;
}

async function publicUpdate(setup: Setup, incidentId: string, message: string): Promise<void> {
  await mutate(setup, UPDATE, { incidentId, audience: 'EXTERNAL', message });
}

/** One resolved public incident of the history: 20 minutes investigating, 40 identified, then resolved. */
async function pastIncident(setup: Setup, n: number, at: number): Promise<void> {
  setup.setClock(at);
  const incidentId = await declare(setup, `Past incident ${n}`);
  const affected = [COMPONENTS[n % COMPONENTS.length], COMPONENTS[(n * 5 + 3) % COMPONENTS.length]];
  await mutate(setup, PUBLISH, {
    incidentId,
    name: `Degraded ${affected.join(' and ')} (${n + 1})`,
    impact: ['MINOR', 'MAJOR', 'MINOR', 'CRITICAL'][n % 4],
    components: [...new Set(affected)].map((id) => ({ componentId: id })),
    message: 'We are investigating reports of errors and slow responses.',
  });
  setup.setClock(at + 20 * MINUTE);
  await mutate(setup, CHANGE_STATUS, { incidentId, status: 'IDENTIFIED' });
  await publicUpdate(setup, incidentId, 'We have identified the cause and are rolling out a fix.');
  setup.setClock(at + 60 * MINUTE);
  await mutate(setup, RESOLVE, { incidentId });
  await publicUpdate(setup, incidentId, 'This incident has been resolved. We are sorry for the trouble.');
}

/** The outage going on: published 100 minutes ago, 6 public updates in all, still identified. */
async function currentOutage(setup: Setup, now: number): Promise<string> {
  setup.setClock(now - 100 * MINUTE);
  const incidentId = await declare(setup, 'payments-db connection pool exhausted');
  await mutate(setup, PUBLISH, {
    incidentId,
    name: OUTAGE_NAME,
    impact: 'MAJOR',
    components: [{ componentId: 'checkout', status: 'MAJOR_OUTAGE' }, { componentId: 'rest-api' }, { componentId: 'graphql-api', status: 'DEGRADED_PERFORMANCE' }],
    message: 'We are investigating elevated error rates at checkout and slow API responses.',
  });
  const updates: Array<[number, string, string?]> = [
    [85, 'Some customers cannot complete payments. We are still investigating.'],
    [70, 'We have identified a database capacity problem behind the errors and are adding capacity.', 'IDENTIFIED'],
    [50, 'Capacity has been added; error rates are falling but remain above normal.'],
    [30, 'API response times are back to normal. Checkout errors continue for about 5% of payments.'],
    [10, 'We are moving payment traffic to a second database cluster. Next update in 30 minutes.'],
  ];
  for (const [minutesAgo, message, status] of updates) {
    setup.setClock(now - minutesAgo * MINUTE);
    if (status) await mutate(setup, CHANGE_STATUS, { incidentId, status });
    await publicUpdate(setup, incidentId, message);
  }
  return incidentId;
}

/**
 * Reads each measured route once from the measured ledger, checks the page
 * shows what was built, and keeps its body and headers for the bare server.
 */
async function publicDocuments(ledger: BenchServer, sizes: Sizes): Promise<StaticDocument[]> {
  const origin = new URL(ledger.url).origin;
  const documents: StaticDocument[] = [];
  for (const route of ROUTES) {
    const response = await fetch(`${origin}${route.path}`);
    const body = await response.text();
    if (response.status !== 200 || !body.includes(route.expect)) throw new Error(`${route.path} answered ${response.status} without the outage: ${body.slice(0, 500)}`);
    const headers: Record<string, string> = {};
    // The ones the connection decides; fetch has undone any content encoding, and the load asks for none.
    for (const [name, value] of response.headers) if (!['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding', 'content-encoding'].includes(name)) headers[name] = value;
    documents.push({ path: route.path, headers, body });
  }
  expectPage(JSON.parse(documents[0].body) as Summary, sizes);
  const incidents = (await (await fetch(`${origin}/api/v2/incidents.json`)).json()) as { incidents: unknown[] };
  if (incidents.incidents.length !== sizes.historyIncidents + 1) throw new Error(`incidents.json lists ${incidents.incidents.length} incidents, not ${sizes.historyIncidents + 1}`);
  return documents;
}

interface Summary {
  components: unknown[];
  incidents: Array<{ name: string; incident_updates: unknown[] }>;
  scheduled_maintenances: unknown[];
}

function expectPage(summary: Summary, sizes: Sizes): void {
  const shape = { components: summary.components.length, incidents: summary.incidents.map((incident) => [incident.name, incident.incident_updates.length]), maintenances: summary.scheduled_maintenances.length };
  const expected = { components: COMPONENTS.length + GROUPS.length, incidents: [[OUTAGE_NAME, 6]], maintenances: 1 };
  if (JSON.stringify(shape) !== JSON.stringify(expected)) throw new Error(`the page is not what was built (${sizes.historyIncidents} past incidents): ${JSON.stringify(shape)}, expected ${JSON.stringify(expected)}`);
}

interface Measured {
  result: GetLoadResult;
  /** The server's user and system time per request answered, warm-up included, in µs. */
  cpuPerRequestUs: number;
}

/** One load run on one server; with its CPU per request from /proc. */
async function measure(context: ScenarioContext, server: BenchServer, spec: GetLoadSpec): Promise<Measured> {
  const cpuBefore = server.cpuMs() ?? NaN;
  const result = await runJsonProgram<GetLoadResult>(workerEntry(context, 'get-load'), spec);
  const cpuPerRequestUs = (((server.cpuMs() ?? NaN) - cpuBefore) * 1000) / (result.requests + result.warmupRequests);
  return { result, cpuPerRequestUs };
}

/**
 * Each route, 200s then 304s, in rounds: each round measures the bare server
 * and the ledger one after the other, both up all along (the idle one costs
 * nothing), the first of the two alternating from round to round. This
 * machine's speed drifts by half within a minute (other tenants); one long run
 * per server put whole drifts on one side of the ratio, in either direction.
 * Each round's ratios compare two runs seconds apart, and the median of the
 * rounds' ratios is the figure given. Each server runs on one
 * core and the load on the other (see pinToCore), the ledger for the
 * freshness figures after this too.
 */
async function underLoad(context: ScenarioContext, sizes: Sizes, servers: Record<string, BenchServer>, documents: StaticDocument[]): Promise<BenchRow[]> {
  const loadBefore = loadavg()[0];
  // Each server on the first core, the load on the second: the same place for both, in every round.
  const serversPinned = Object.values(servers).map((server) => pinToCore(server.pid, SERVER_CORE)).every(Boolean);
  let loadPinned = true;
  const rows: BenchRow[] = [];
  for (const route of ROUTES) {
    const document = documents.find((candidate) => candidate.path === route.path) as StaticDocument;
    for (const conditional of [false, true]) {
      const rounds: Record<string, Measured[]> = { [BARE]: [], [LEDGER]: [] };
      for (let round = 0; round < sizes.rounds; round++) {
        for (const name of round % 2 === 0 ? [BARE, LEDGER] : [LEDGER, BARE]) {
          const spec: GetLoadSpec = {
            url: `${new URL(servers[name].url).origin}${route.path}`,
            ...(conditional ? { etag: document.headers.etag } : {}),
            connections: CONNECTIONS,
            warmupSeconds: round === 0 ? sizes.warmupSeconds : ROUND_WARMUP_SECONDS,
            seconds: sizes.seconds,
            expect: route.expect,
            core: LOAD_CORE,
          };
          const measured = await measure(context, servers[name], spec);
          loadPinned &&= measured.result.pinned;
          rounds[name].push(measured);
          const answers = conditional ? ` (${measured.result.notModified.toLocaleString('en-US')} of ${measured.result.requests.toLocaleString('en-US')} timed answers 304)` : '';
          context.progress(describe(`round ${round + 1}, ${name}, GET ${route.path}${answers}`, measured));
        }
      }
      rows.push(...loadRows(route, conditional, rounds[BARE], rounds[LEDGER], Buffer.byteLength(document.body)));
    }
  }
  rows[rows.length - 1].note =
    `${SCENARIO}: plain GETs on ${CONNECTIONS} keep-alive connections, ${sizes.rounds} rounds of ${sizes.seconds} s per server (the first after ${sizes.warmupSeconds} s of warm-up, the others after ${ROUND_WARMUP_SECONDS} s), the bare server and the ledger one after the other in each round, which goes first alternating; ` +
    `figures are medians over the rounds, and each ratio the median of the rounds' ratios (each round's req/s are in the JSON's samples); the target is on answers per second of server CPU (bare CPU per answer over the ledger's), since on 2 cores the load generator, reading every 200, spends about as much per answer as the server and may set the pace; ` +
    `the load generator (raw HTTP/1.1 sockets, every answer's status and body checked) a process of its own on the same ${availableParallelism()} cores, ` +
    (serversPinned && loadPinned ? `each server pinned to core ${SERVER_CORE} and the load to core ${LOAD_CORE} (taskset); ` : 'NOT pinned to cores (no taskset, or one core): rounds vary more; ') +
    `the page mid-outage: ${COMPONENTS.length} components in ${GROUPS.length} groups, one incident published with 6 public updates, a maintenance in two days, ${sizes.historyIncidents} resolved public incidents over 90 days; ` +
    `summary.json ${Buffer.byteLength(documents[0].body).toLocaleString('en-US')} bytes, /status ${Buffer.byteLength(documents[1].body).toLocaleString('en-US')} bytes; the baseline answers the same bytes with the same headers; ` +
    `CPU per request is the server's user and system time over the requests answered, warm-up included; load average ${loadBefore.toFixed(2)} before, ${loadavg()[0].toFixed(2)} after.`;
  return rows;
}

function describe(name: string, measured: Measured): string {
  const { result } = measured;
  return (
    `${SCENARIO}: ${name.padEnd(100)} ${Math.round(result.requestsPerSecond).toLocaleString('en-US').padStart(7)} req/s, ` +
    `p50 ${result.latencyMs.p50} ms, p99 ${result.latencyMs.p99} ms, server CPU ${Math.round(measured.cpuPerRequestUs)} µs/request, load generator CPU ${Math.round(result.cpuPerRequestUs)} µs/request`
  );
}

function loadRows(route: Route, conditional: boolean, bare: Measured[], ledger: Measured[], bodyBytes: number): BenchRow[] {
  const what = `GET ${route.path}${conditional ? ', If-None-Match (304)' : ` (${bodyBytes.toLocaleString('en-US')} bytes)`}`;
  const bareVariant = `${BARE}, ${what}`;
  const ledgerVariant = `${LEDGER}, ${what}`;
  const requestsPerSecond = (rounds: Measured[]) => rounds.map((round) => Math.round(round.result.requestsPerSecond));
  const figures = (rounds: Measured[]) => ({
    requestsPerSecond: median(requestsPerSecond(rounds)),
    p50: median(rounds.map((round) => round.result.latencyMs.p50)),
    p99: median(rounds.map((round) => round.result.latencyMs.p99)),
    cpuPerRequestUs: median(rounds.map((round) => round.cpuPerRequestUs)),
    loadCpuPerRequestUs: median(rounds.map((round) => round.result.cpuPerRequestUs)),
  });
  const [bareFigures, ledgerFigures] = [figures(bare), figures(ledger)];
  /** The median over the rounds of the ledger's figure against the bare server's in the same round. */
  const roundsRatio = (figure: (round: Measured) => number, lowerIsBetter: boolean) => median(ledger.map((round, index) => ratioTo(figure(round), figure(bare[index]), lowerIsBetter)));
  const throughputRatio = roundsRatio((round) => round.result.requestsPerSecond, false);
  // Answers per second of the server's CPU: what the server can serve when it, not the load, sets the pace.
  const capacityRatio = roundsRatio((round) => round.cpuPerRequestUs, true);
  const metric = `requests/s, ${CONNECTIONS} connections`;
  const cpuMetric = 'server CPU per request';
  return [
    { scenario: SCENARIO, variant: bareVariant, metric, value: bareFigures.requestsPerSecond, unit: 'req/s', samples: requestsPerSecond(bare) },
    { scenario: SCENARIO, variant: bareVariant, metric: 'latency p50 / p99', value: bareFigures.p99, unit: 'ms', samples: [bareFigures.p50, bareFigures.p99] },
    { scenario: SCENARIO, variant: bareVariant, metric: cpuMetric, value: Math.round(bareFigures.cpuPerRequestUs), unit: 'µs' },
    { scenario: SCENARIO, variant: bareVariant, metric: 'load generator CPU per request', value: Math.round(bareFigures.loadCpuPerRequestUs), unit: 'µs' },
    { scenario: SCENARIO, variant: ledgerVariant, metric, value: ledgerFigures.requestsPerSecond, unit: 'req/s', samples: requestsPerSecond(ledger), ratio: round(throughputRatio, 3), baseline: bareVariant },
    { scenario: SCENARIO, variant: ledgerVariant, metric: 'latency p50 / p99', value: ledgerFigures.p99, unit: 'ms', samples: [ledgerFigures.p50, ledgerFigures.p99], ratio: round(ratioTo(ledgerFigures.p99, bareFigures.p99, true), 3), baseline: bareVariant },
    {
      scenario: SCENARIO,
      variant: ledgerVariant,
      metric: cpuMetric,
      value: Math.round(ledgerFigures.cpuPerRequestUs),
      unit: 'µs',
      ratio: round(capacityRatio, 3),
      baseline: bareVariant,
      // The issue's target is for the page as served; a 304 is shown beside it.
      ...(conditional ? {} : { target: { goal: `≥ ${TARGET_RATIO}× bare Fastify's answers per second of server CPU (median of the rounds)`, met: capacityRatio >= TARGET_RATIO } }),
    },
    { scenario: SCENARIO, variant: ledgerVariant, metric: 'load generator CPU per request', value: Math.round(ledgerFigures.loadCpuPerRequestUs), unit: 'µs' },
  ];
}

/** One update's times (performance.timeOrigin + now(), ms). */
interface Sighting {
  sentAt: number;
  answeredAt: number;
  seenAt: number;
}

const now = () => performance.timeOrigin + performance.now();

/**
 * `updates` EXTERNAL updates to the outage, one at a time; for each, a client
 * polls summary.json back to back (If-None-Match with the last ETag it saw, as
 * a polling widget does) from just before the mutation is sent until the
 * update's text is in it.
 */
async function freshness(context: ScenarioContext, sizes: Sizes, ledger: BenchServer, adminKey: string, incidentId: string): Promise<BenchRow[]> {
  const summaryUrl = `${new URL(ledger.url).origin}/api/v2/summary.json`;
  const loadBefore = loadavg()[0];
  const sightings: Sighting[] = [];
  let etag = '';
  // One update first, not counted: it warms the mutation and render paths up.
  for (let n = 0; n <= sizes.updates; n++) {
    const message = `Bench update ${n}: payments are recovering; next update in 15 minutes.`;
    let seenAt: number | undefined;
    const deadline = Date.now() + FRESHNESS_TIMEOUT_MS;
    const polling = (async () => {
      while (seenAt === undefined) {
        if (Date.now() > deadline) throw new Error(`update ${n} was not on ${summaryUrl} within ${FRESHNESS_TIMEOUT_MS} ms`);
        const response = await fetch(summaryUrl, { headers: etag ? { 'if-none-match': etag } : {} });
        const body = await response.text();
        if (response.status !== 200) continue;
        etag = response.headers.get('etag') ?? '';
        if (body.includes(message)) seenAt = now();
      }
    })();
    const sentAt = now();
    await graphql(ledger.url, adminKey, UPDATE, { input: { incidentId, audience: 'EXTERNAL', message } });
    const answeredAt = now();
    await polling;
    if (n > 0) sightings.push({ sentAt, answeredAt, seenAt: seenAt as number });
  }
  const fromSent = sightings.map((sighting) => sighting.seenAt - sighting.sentAt);
  // Seen before the answer arrived counts as 0: the page was current when the client could know of the update.
  const fromAnswered = sightings.map((sighting) => Math.max(0, sighting.seenAt - sighting.answeredAt));
  const answered = sightings.map((sighting) => sighting.answeredAt - sighting.sentAt);
  const before = sightings.filter((sighting) => sighting.seenAt <= sighting.answeredAt).length;
  context.progress(
    `${SCENARIO}: ${sightings.length} EXTERNAL updates: sent → on the page p50 ${round(percentile(fromSent, 0.5))} ms, p99 ${round(percentile(fromSent, 0.99))} ms; ` +
      `answered → on the page p50 ${round(percentile(fromAnswered, 0.5))} ms, p99 ${round(percentile(fromAnswered, 0.99))} ms (${before} seen before the answer)`,
  );
  const variant = 'ledger, EXTERNAL postStatusUpdate → its text in GET /api/v2/summary.json';
  const row = (metric: string, values: number[], q: number): BenchRow => ({ scenario: SCENARIO, variant, metric, value: round(percentile(values, q)), unit: 'ms' });
  const rows: BenchRow[] = [
    row('mutation sent → answered p50', answered, 0.5),
    row('mutation sent → answered p99', answered, 0.99),
    row('mutation sent → on the page p50', fromSent, 0.5),
    row('mutation sent → on the page p99', fromSent, 0.99),
    row('mutation answered → on the page p50', fromAnswered, 0.5),
    row('mutation answered → on the page p99', fromAnswered, 0.99),
    { scenario: SCENARIO, variant, metric: 'updates on the page before the mutation was answered', value: before, unit: `of ${sightings.length}` },
  ];
  rows[rows.length - 1].note =
    `${SCENARIO}: ${sightings.length} EXTERNAL updates to the published outage one at a time (after one not counted), a client polling summary.json back to back with If-None-Match meanwhile; ` +
    `"on the page" is when the poll that first held the update's text was answered (a poll's round trip is the resolution); load average ${loadBefore.toFixed(2)} before, ${loadavg()[0].toFixed(2)} after.`;
  return rows;
}
