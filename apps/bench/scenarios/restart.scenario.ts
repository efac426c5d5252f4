import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { BenchRow, ratioTo, Scenario, ScenarioContext } from '../bench.types';
import { CaughtUp, caughtUpLine, numberFrom } from '../support/caught-up';
import { ledgerEnv } from '../support/http-load';
import { incidentLogIn, LARGE_LOG_EVENTS, SMALL_LOG_EVENTS } from '../support/log-cache';
import { BenchServer, getJson, graphql, startServer } from '../support/server-process';
import { MB, median, round } from '../support/statistics';

/**
 * Restart time: how long the built server takes from its spawn until it
 * serves (read models caught up, port bound) on a log of N events, first
 * replaying the whole log ("without snapshot"), then restoring the read-model
 * snapshot it wrote at its graceful shutdown ("with snapshot"). The two
 * alternate, the snapshot deleted before each run without one; the median of
 * the runs is reported. Each run answers one GraphQL query, which must be the
 * same every time.
 *
 * Sizes: the shared large log (1,250,000 events) in full mode, 50,000 with --quick;
 * BENCH_RESTART_EVENTS and BENCH_RESTART_RUNS override them.
 */
const FULL = { events: LARGE_LOG_EVENTS, runs: 3 };
const QUICK = { events: SMALL_LOG_EVENTS, runs: 3 };
const VARIANTS = { without: 'without snapshot', with: 'with snapshot' } as const;

/** One query over the read models: counts by status, severity and service, the board, the newest page, three incidents in full. */
const FINGERPRINT_QUERY = `
query RestartFingerprint($first: ID!, $middle: ID!, $last: ID!) {
  all: incidents(first: 1) { totalCount }
  open: incidents(first: 1, filter: { status: [INVESTIGATING, IDENTIFIED, MONITORING] }) { totalCount }
  resolved: incidents(first: 1, filter: { status: [RESOLVED] }) { totalCount }
  closed: incidents(first: 1, filter: { status: [CLOSED] }) { totalCount }
  sev1: incidents(first: 1, filter: { severity: [SEV1] }) { totalCount }
  checkout: incidents(first: 1, filter: { service: "checkout" }) { totalCount }
  activeIncidents { id version status severity commander updatedAt }
  newest: incidents(first: 10) { edges { node { id version status severity acknowledgedAt mitigatedAt resolvedAt closedAt } } }
  firstIncident: incident(id: $first) { ...full }
  middleIncident: incident(id: $middle) { ...full }
  lastIncident: incident(id: $last) { ...full }
}
fragment full on Incident {
  id title version status severity private commander scribe communicationsLead subjectMatterExperts
  declaredAt acknowledgedAt mitigatedAt resolvedAt closedAt resolutionSummary
  timeline { version type actor summary }
}`;

interface Fingerprint {
  all: { totalCount: number };
  open: { totalCount: number };
  resolved: { totalCount: number };
  closed: { totalCount: number };
  sev1: { totalCount: number };
  checkout: { totalCount: number };
  activeIncidents: unknown[];
}

interface RunResult {
  variant: string;
  readyMs: number;
  /** The server's own figure: snapshot load plus replay, from its 'Read models caught up' line. */
  caughtUp: CaughtUp;
  /** Ready minus catch-up: loading Node, Nest and the modules, building the schema, binding the port. */
  overheadMs: number;
  peakRssBytes?: number;
  stopMs: number;
  /** The snapshot the server wrote at shutdown, if it wrote one. */
  snapshotWritten?: { bytes: number; ms: number };
  answer: string;
  summary: Fingerprint;
}

export const restartScenario: Scenario = {
  name: 'restart',
  description: 'server start with N events in the log: full replay vs read-model snapshot',
  async run(context: ScenarioContext): Promise<BenchRow[]> {
    const sizes = context.quick ? QUICK : FULL;
    const events = Number(process.env.BENCH_RESTART_EVENTS ?? sizes.events);
    const runs = Number(process.env.BENCH_RESTART_RUNS ?? sizes.runs);
    if (!Number.isInteger(events) || events < 100) throw new Error('BENCH_RESTART_EVENTS must be a whole number of at least 100');
    if (!Number.isInteger(runs) || runs < 1) throw new Error('BENCH_RESTART_RUNS must be a whole number of at least 1');

    const dataDir = join(context.workDir, 'data');
    const { log, config, databaseBytes } = await incidentLogIn(context, dataDir, { events });

    const env = { ...ledgerEnv(dataDir), SNAPSHOTS: 'true' };
    const [first, middle, last] = [...log.sampleIncidentIds, ...log.sampleIncidentIds, ...log.sampleIncidentIds];
    let reference: string | undefined;

    const runOnce = async (variant: string, expectSnapshot: 'none' | 'restored', pass: number): Promise<RunResult> => {
      const server: BenchServer = await startServer({ entry: context.serverEntry, nodeArgs: context.serverNodeArgs, env, timeoutMs: 15 * 60_000 });
      try {
        const caughtUp = caughtUpLine(server);
        if (caughtUp.snapshot !== expectSnapshot) {
          const warning = server.lines.find((candidate) => candidate.entry.level === 'warn');
          throw new Error(`${variant}: expected snapshot outcome '${expectSnapshot}', the server logged '${caughtUp.snapshot}' ${JSON.stringify(warning?.entry ?? {})}`);
        }
        const health = await getJson(server.healthUrl, log.adminKey);
        const lag = (health.body as { projections?: { lag?: number } }).projections?.lag;
        if (health.status !== 200 || lag !== 0) throw new Error(`${variant}: /health answered ${health.status} with lag ${lag}`);

        const data = await graphql<Fingerprint>(server.url, log.adminKey, FINGERPRINT_QUERY, { first, middle, last });
        const answer = JSON.stringify(data);
        if (reference === undefined) {
          reference = answer;
          if (data.all.totalCount !== log.incidents || data.open.totalCount !== log.activeIncidents || data.activeIncidents.length !== log.activeIncidents) {
            throw new Error(
              `${variant}: the server counts ${data.all.totalCount} incidents, ${data.open.totalCount} open, ${data.activeIncidents.length} on the board; ` +
                `the generator wrote ${log.incidents}, ${log.activeIncidents} open`,
            );
          }
        } else if (answer !== reference) {
          throw new Error(`${variant} (round ${pass}): the answer differs from the first run's:\n  first: ${reference.slice(0, 400)}…\n  now:   ${answer.slice(0, 400)}…`);
        }
        const peakRssBytes = server.peakRssBytes();
        const stop = await server.stop();
        if (stop.exitCode !== 0) throw new Error(`${variant}: the server exited with ${stop.exitCode ?? stop.signal} after SIGTERM`);
        const snapshotLine = server.find('Read models snapshotted');
        const result: RunResult = {
          variant,
          readyMs: server.readyMs,
          caughtUp,
          overheadMs: server.readyMs - caughtUp.ms,
          peakRssBytes,
          stopMs: stop.ms,
          snapshotWritten: snapshotLine
            ? { bytes: numberFrom(snapshotLine.entry.bytes, 'bytes'), ms: numberFrom(snapshotLine.entry.ms, 'ms') }
            : undefined,
          answer,
          summary: data,
        };
        context.progress(
          `restart: round ${pass} ${variant.padEnd(16)} ready in ${Math.round(result.readyMs).toLocaleString('en-US')} ms ` +
            `(server: caught up in ${caughtUp.ms.toLocaleString('en-US')} ms, replayed ${caughtUp.replayed.toLocaleString('en-US')} events after ${caughtUp.restoredFrom.toLocaleString('en-US')}); ` +
            `stopped in ${Math.round(stop.ms)} ms` +
            (result.snapshotWritten ? `, snapshot of ${(result.snapshotWritten.bytes / MB).toFixed(1)} MB written in ${result.snapshotWritten.ms} ms` : ''),
        );
        return result;
      } catch (error) {
        await server.kill();
        throw error;
      }
    };

    const without: RunResult[] = [];
    const withSnapshot: RunResult[] = [];
    for (let pass = 1; pass <= runs; pass++) {
      rmSync(config.snapshotPath, { force: true });
      const full = await runOnce(VARIANTS.without, 'none', pass);
      without.push(full);
      if (!full.snapshotWritten || !existsSync(config.snapshotPath)) throw new Error('the server wrote no snapshot at shutdown');
      withSnapshot.push(await runOnce(VARIANTS.with, 'restored', pass));
    }

    const summary = without[0].summary;
    context.progress(
      `restart: every answer equal: ${summary.all.totalCount} incidents, ${summary.open.totalCount} open (${summary.activeIncidents.length} on the board), ` +
        `${summary.resolved.totalCount} resolved, ${summary.closed.totalCount} closed, ${summary.sev1.totalCount} SEV1, ${summary.checkout.totalCount} on checkout`,
    );

    const scenario = restartScenario.name;
    const samples = (results: RunResult[], pickValue: (result: RunResult) => number) => results.map((result) => round(pickValue(result)));
    const rows: BenchRow[] = [];
    /** The same metric for both variants; the one with a snapshot compared with the one without (lower is better), unless `compare` is false. */
    const pair = (metric: string, unit: string, pickValue: (result: RunResult) => number, compare = true) => {
      const a = median(without.map(pickValue));
      const b = median(withSnapshot.map(pickValue));
      const digits = unit === 'ms' || unit === 'events' ? 0 : 1;
      rows.push({ scenario, variant: VARIANTS.without, metric, value: round(a, digits), unit, samples: samples(without, pickValue) });
      rows.push({
        scenario,
        variant: VARIANTS.with,
        metric,
        value: round(b, digits),
        unit,
        ...(compare && b > 0 ? { ratio: round(ratioTo(b, a, true), 2), baseline: VARIANTS.without } : {}),
        samples: samples(withSnapshot, pickValue),
      });
    };
    pair('time to ready (spawn → listening)', 'ms', (result) => result.readyMs);
    pair('read-model catch-up, as the server logs it', 'ms', (result) => result.caughtUp.ms);
    pair('start overhead (ready − catch-up): Node, Nest, schema, listen', 'ms', (result) => result.overheadMs, false);
    pair('events replayed', 'events', (result) => result.caughtUp.replayed, false);
    rows.push({
      scenario,
      variant: VARIANTS.without,
      metric: 'replay rate (events replayed ÷ server catch-up time)',
      value: Math.round(median(without.map((result) => result.caughtUp.replayed / (result.caughtUp.ms / 1000)))),
      unit: 'events/s',
      samples: without.map((result) => Math.round(result.caughtUp.replayed / (result.caughtUp.ms / 1000))),
    });
    rows.push({
      scenario,
      variant: VARIANTS.without,
      metric: 'events in the log ÷ time to ready',
      value: Math.round(median(without.map((result) => log.events / (result.readyMs / 1000)))),
      unit: 'events/s',
    });
    if (without.every((result) => result.peakRssBytes !== undefined)) {
      pair('peak RSS (VmHWM) once ready', 'MB', (result) => (result.peakRssBytes as number) / MB);
    }
    const written = without.map((result) => result.snapshotWritten as NonNullable<RunResult['snapshotWritten']>);
    rows.push({ scenario, variant: 'snapshot', metric: 'snapshot file size', value: round(median(written.map((w) => w.bytes)) / MB), unit: 'MB' });
    rows.push({
      scenario,
      variant: 'snapshot',
      metric: 'snapshot write at shutdown, as the server logs it',
      value: Math.round(median(written.map((w) => w.ms))),
      unit: 'ms',
      samples: written.map((w) => w.ms),
    });
    rows.push({
      scenario,
      variant: 'snapshot',
      metric: 'graceful stop with snapshot write (SIGTERM → exit)',
      value: Math.round(median(without.map((result) => result.stopMs))),
      unit: 'ms',
      samples: samples(without, (result) => result.stopMs),
    });
    rows.push({
      scenario,
      variant: 'log',
      metric: 'events in the store',
      value: log.events,
      unit: 'events',
      note:
        `restart: times are medians of ${runs} runs per variant, alternating (snapshot deleted before each run without one); every sample is in the JSON. ` +
        `"events replayed" counts one ApiKeyUsed event more than the log held: the first query records the admin key's use.`,
    });
    rows.push({ scenario, variant: 'log', metric: 'incidents', value: log.incidents, unit: 'incidents' });
    rows.push({
      scenario,
      variant: 'log',
      metric: 'incidents open (on the status board)',
      value: summary.activeIncidents.length,
      unit: 'incidents',
      note: `restart: one GraphQL query (counts by status, severity and service, the status board, the newest page, three incidents with their timelines) gave the same answer in all ${runs * 2} starts.`,
    });
    rows.push({ scenario, variant: 'log', metric: 'events.sqlite size', value: round(databaseBytes / MB), unit: 'MB' });
    rows.push({
      scenario,
      variant: 'log',
      metric: 'generation time (setup, not part of any figure)',
      value: round(log.ms / 1000),
      unit: 's',
      note:
        `restart: log generation (setup, not measured): ${log.events.toLocaleString('en-US')} events of ${log.incidents.toLocaleString('en-US')} incidents in ${(log.ms / 1000).toFixed(1)} s, ` +
        `${Math.round(log.events / (log.ms / 1000)).toLocaleString('en-US')} events/s in ${log.transactions.toLocaleString('en-US')} group commits (durability normal).`,
    });
    return rows;
  },
};
