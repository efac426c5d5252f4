import Database from 'better-sqlite3';
import { join } from 'node:path';
import type { RecordedEvent } from '@incident-ledger/event-store';
import { incidentEventCodec } from '@incident-ledger/domain';
import { IncidentReadModel, TimelineEntry, toTimelineEntry } from '@incident-ledger/read-models';
import { Caller, graphql, mustQuery } from './support/graphql-client';
import { newApiKey } from './support/keys';
import { removeDataDir, RunningServer, startServer, tempDataDir } from './support/server';

/**
 * Crash safety under load: concurrent mutations against the server process,
 * SIGKILL in the middle of them, a restart on the same data, and then proof
 * that every acknowledged mutation is stored, that no command is stored half
 * way, and that the read models the restarted server answers from equal a
 * full rebuild from the log. Repeated over several kill points on one store.
 */

/** How long each round of load runs before the kill (at least until one write is acknowledged). */
const KILL_AFTER_MS = [50, 150, 300, 500, 800];
const WORKERS = 20;
/** Codes of a refusal: nothing was written (README: "Nothing is written for a refused request"). */
const REFUSAL_CODES = new Set(['CONFLICT', 'NOT_FOUND', 'BAD_USER_INPUT']);

const RESPONDERS = ['alice', 'bob', 'carol', 'dave', 'erin'];
const ROLES = ['INCIDENT_COMMANDER', 'SCRIBE', 'COMMUNICATIONS_LEAD', 'SUBJECT_MATTER_EXPERT'];
const SEVERITIES = ['SEV1', 'SEV2', 'SEV3', 'SEV4', 'SEV5'];
const SERVICES = ['checkout', 'search', 'payments', 'login'];
const STATUS_TARGETS = ['IDENTIFIED', 'MONITORING', 'RESOLVED', 'INVESTIGATING'];

// Mutations answer little, to keep the load on the write path.
const write = (name: string, inputType: string) => `mutation Do($input: ${inputType}!) { ${name}(input: $input) { id version status } }`;
const DECLARE = write('declareIncident', 'DeclareIncidentInput');
const ADD_NOTE = write('addTimelineNote', 'AddTimelineNoteInput');
const ASSIGN_ROLE = write('assignIncidentRole', 'IncidentRoleInput');
const CHANGE_STATUS = write('changeIncidentStatus', 'ChangeIncidentStatusInput');
const CLOSE = write('closeIncident', 'CloseIncidentInput');

// Every field of the read model the API serves, to compare with a rebuild.
const UPDATE_FIELDS = 'audience message status postedAt postedBy';
const REPORT_SECTIONS = 'summary impact detection rootCause contributingFactors resolution whatWentWell whatWentWrong lessons';
const REPORT_FIELDS = `revision status internal { ${REPORT_SECTIONS} } external { ${REPORT_SECTIONS} } causeTags updatedAt updatedBy publishedAt publishedBy`;
const ACTION_ITEM_FIELDS = 'id incidentId title owner dueAt priority type source status createdAt createdBy completedAt completedBy';
const VIEW_FIELDS = `id title description severity highestSeverity status services impactStartedAt detectedAt declaredAt acknowledgedAt
  mitigatedAt resolvedAt closedAt declaredBy acknowledgedBy commander scribe communicationsLead subjectMatterExperts
  resolutionSummary private kind version updatedAt tags mergedInto duplicates
  report { ${REPORT_FIELDS} } actionItems { ${ACTION_ITEM_FIELDS} } engagements { responder role from to }
  latestInternalUpdate { ${UPDATE_FIELDS} } latestExternalUpdate { ${UPDATE_FIELDS} }
  alertGroups { alertGroupId integrationId title alertCount attachedAt resolvedAt }`;
const ENTRY_FIELDS = `incidentId version position eventId type occurredAt actor summary severity previousSeverity
  status previousStatus role responder previousResponder text audience correctedTimestamp correctedFrom correctedTo
  linkedIncidentId actionItemId tags reminderKind recipients alertGroupId`;
/** Incidents per comparison request: by the cost rule (fields times list sizes) each costs about 5,400 of the 25,000 an operation may. */
const INCIDENTS_PER_QUERY = 4;

const CLOSING = [['IncidentClosed'], ['IncidentResolved', 'IncidentClosed']];
const EVENTS_OF_STATUS: Record<string, string[][]> = {
  IDENTIFIED: [['IncidentStatusChanged']],
  MONITORING: [['IncidentStatusChanged']],
  RESOLVED: [['IncidentResolved']],
  INVESTIGATING: [['IncidentReopened']],
  CLOSED: CLOSING,
};

type Kind = 'declare' | 'note' | 'assign' | 'status' | 'close';
type Outcome = 'pending' | 'acknowledged' | 'refused' | 'error' | 'cut-off';

interface Attempt {
  killPoint: number;
  commandId: string;
  kind: Kind;
  /** The incident acted on; for a declaration, known from its answer. */
  incidentId?: string;
  /** The event types the command may write, as whole sequences. */
  expectedTypes: string[][];
  /** What the client knows now: the answer, or for a cut-off request the answer to its retry. */
  outcome: Outcome;
  /** The answer before the kill. */
  firstOutcome?: Outcome;
  code?: string;
  reason?: string;
  message?: string;
  /** The incident version in the answer. */
  answeredVersion?: number;
  /** The request failed before the kill: a client or server fault, not the crash. */
  failedBeforeKill?: boolean;
  /** Unanswered at the kill (its outcome is then that of its retry after the restart). */
  cutOff?: boolean;
  /** Whether a cut-off command was in the store before its retry. */
  storedBeforeRetry?: boolean;
  query: string;
  input: Record<string, unknown>;
}

interface EventRow {
  position: number;
  event_id: string;
  stream_id: string;
  revision: number;
  type: string;
  data: string;
  metadata: string;
  recorded_at: string;
}

interface StoredCommand {
  events: RecordedEvent[];
}

interface Verification {
  problems: string[];
  events: RecordedEvent[];
  commands: Map<string, StoredCommand>;
  activeIds: string[];
  incidents: number;
}

/** A small seeded generator, so that every run draws the same mix of commands. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** JSON with the keys of every object sorted: answers and rebuilt views list their fields in different orders. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    item && typeof item === 'object' && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : item,
  );
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Everything in the store, read straight from the SQLite file (read-only), in position order. */
function readStore(dataDir: string): RecordedEvent[] {
  const db = new Database(join(dataDir, 'events.sqlite'), { readonly: true, fileMustExist: true });
  try {
    const rows = db
      .prepare<[], EventRow>('SELECT position, event_id, stream_id, revision, type, data, metadata, recorded_at FROM events ORDER BY position')
      .all();
    return rows.map((row) => ({
      id: row.event_id,
      type: row.type,
      data: JSON.parse(row.data) as unknown,
      metadata: JSON.parse(row.metadata) as RecordedEvent['metadata'],
      streamId: row.stream_id,
      revision: row.revision,
      position: row.position,
      recordedAt: row.recorded_at,
    }));
  } finally {
    db.close();
  }
}

/** Sends the attempt's mutation and records how it was answered; returns the incident when acknowledged. */
async function send(caller: Caller, attempt: Attempt): Promise<{ id: string; version: number; status: string } | undefined> {
  try {
    const { status, body } = await graphql(caller, attempt.query, { input: attempt.input });
    const error = body.errors?.[0];
    if (status === 200 && !error && body.data) {
      const answer = Object.values(body.data)[0] as { id: string; version: number; status: string };
      attempt.outcome = 'acknowledged';
      attempt.incidentId = answer.id;
      attempt.answeredVersion = answer.version;
      return answer;
    }
    const code = error?.extensions?.code;
    attempt.code = typeof code === 'string' ? code : `HTTP ${status}`;
    attempt.reason = typeof error?.extensions?.reason === 'string' ? error.extensions.reason : undefined;
    attempt.message = error?.message;
    attempt.outcome = REFUSAL_CODES.has(attempt.code) ? 'refused' : 'error';
  } catch (error) {
    attempt.outcome = 'cut-off';
    attempt.message = error instanceof Error ? `${error.message} ${String(error.cause ?? '')}` : String(error);
  }
  return undefined;
}

/**
 * One round: WORKERS concurrent clients send mutations, each with its own
 * commandId, until the kill. Requests still unanswered at the kill are cut off.
 */
async function loadUntilKilled(
  server: RunningServer,
  killPoint: number,
  killAfterMs: number,
  pool: string[],
  attempts: Attempt[],
): Promise<{ elapsedMs: number }> {
  const draw = random(killPoint * 7919 + 17);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(draw() * items.length)];
  const drop = (id: string | undefined) => {
    const index = id === undefined ? -1 : pool.indexOf(id);
    if (index >= 0) pool.splice(index, 1);
  };
  let stopped = false;
  let killed = false;
  let firstAcknowledged: () => void = () => undefined;
  const acknowledgedOnce = new Promise<void>((resolve) => (firstAcknowledged = resolve));

  const next = (worker: number, sequence: number): Attempt => {
    const commandId = `crash-k${killPoint}-w${worker}-${sequence}`;
    const roll = draw();
    const base = { killPoint, commandId, outcome: 'pending' as Outcome };
    if (pool.length === 0 || roll < 0.25) {
      const commander = draw() < 0.4 ? pick(RESPONDERS) : undefined;
      const input = {
        commandId,
        title: `Crash test ${commandId}`,
        severity: pick(SEVERITIES),
        services: SERVICES.filter(() => draw() < 0.4),
        ...(draw() < 0.3 ? { description: 'Declared under load' } : {}),
        ...(commander ? { commander } : {}),
        ...(draw() < 0.15 ? { private: true } : {}),
      };
      const expectedTypes = [commander ? ['IncidentDeclared', 'ResponderAssigned'] : ['IncidentDeclared']];
      return { ...base, kind: 'declare', expectedTypes, query: DECLARE, input };
    }
    const incidentId = pick(pool);
    if (roll < 0.6) {
      const input = { commandId, incidentId, text: `note ${commandId}` };
      return { ...base, kind: 'note', incidentId, expectedTypes: [['TimelineNoteAdded']], query: ADD_NOTE, input };
    }
    if (roll < 0.75) {
      const input = { commandId, incidentId, role: pick(ROLES), responder: pick(RESPONDERS) };
      return { ...base, kind: 'assign', incidentId, expectedTypes: [['ResponderAssigned']], query: ASSIGN_ROLE, input };
    }
    if (roll < 0.93) {
      const status = pick(STATUS_TARGETS);
      const input = { commandId, incidentId, status, ...(draw() < 0.5 ? { note: `to ${status}` } : {}) };
      return { ...base, kind: 'status', incidentId, expectedTypes: EVENTS_OF_STATUS[status], query: CHANGE_STATUS, input };
    }
    // Closing an unresolved incident writes two events in one command; half of them go through changeIncidentStatus.
    if (draw() < 0.5) {
      const input = { commandId, incidentId, status: 'CLOSED' };
      return { ...base, kind: 'close', incidentId, expectedTypes: CLOSING, query: CHANGE_STATUS, input };
    }
    return { ...base, kind: 'close', incidentId, expectedTypes: CLOSING, query: CLOSE, input: { commandId, incidentId } };
  };

  const worker = async (index: number) => {
    for (let sequence = 0; !stopped; sequence++) {
      const attempt = next(index, sequence);
      attempts.push(attempt);
      const answer = await send(server.admin, attempt);
      attempt.firstOutcome = attempt.outcome;
      if (attempt.outcome === 'cut-off') {
        attempt.cutOff = true;
        if (!killed) attempt.failedBeforeKill = true;
      }
      if (answer?.status === 'CLOSED' || attempt.reason === 'INCIDENT_CLOSED') drop(attempt.incidentId);
      else if (answer && attempt.kind === 'declare') pool.push(answer.id);
      if (answer) firstAcknowledged();
    }
  };

  const started = Date.now();
  const workers = Array.from({ length: WORKERS }, (_, index) => worker(index));
  await sleep(killAfterMs);
  // The earliest kill points may come before the first answer of a cold server: wait for one, so no round is vacuous.
  let giveUp: NodeJS.Timeout | undefined;
  await Promise.race([acknowledgedOnce, new Promise((resolve) => (giveUp = setTimeout(resolve, 15_000)))]);
  clearTimeout(giveUp);
  stopped = true;
  killed = true;
  const elapsedMs = Date.now() - started;
  const dead = server.kill();
  await Promise.all(workers);
  await dead;
  return { elapsedMs };
}

/** Checks the store and the restarted server's answers against what the clients were told. */
async function verify(server: RunningServer, attempts: Attempt[]): Promise<Verification> {
  const problems: string[] = [];
  const events = readStore(server.dataDir);

  // Positions strictly increase; every stream's revisions are 0..n-1, in position order, without a gap.
  const streams = new Map<string, number[]>();
  let lastPosition = 0;
  for (const event of events) {
    if (event.position <= lastPosition) problems.push(`position ${event.position} after ${lastPosition}`);
    lastPosition = event.position;
    const revisions = streams.get(event.streamId) ?? [];
    revisions.push(event.revision);
    streams.set(event.streamId, revisions);
  }
  for (const [streamId, revisions] of streams) {
    const gap = revisions.findIndex((revision, index) => revision !== index);
    if (gap >= 0) problems.push(`stream ${streamId}: revision ${revisions[gap]} at index ${gap} (${revisions.join(',')})`);
  }

  // No half-written command: each command's events are all there (eventsInCommand), consecutive in one stream.
  const commands = new Map<string, StoredCommand>();
  for (const event of events) {
    const causationId = event.metadata.causationId;
    if (typeof causationId !== 'string') continue;
    const command = commands.get(causationId) ?? { events: [] };
    command.events.push(event);
    commands.set(causationId, command);
  }
  for (const [commandId, { events: written }] of commands) {
    const expected = written[0].metadata.eventsInCommand;
    if (written.length !== expected) problems.push(`command ${commandId}: ${written.length} events stored, eventsInCommand says ${String(expected)}`);
    written.forEach((event, index) => {
      if (event.streamId !== written[0].streamId) problems.push(`command ${commandId}: events in ${written[0].streamId} and ${event.streamId}`);
      if (event.revision !== written[0].revision + index) problems.push(`command ${commandId}: revisions ${written.map((e) => e.revision).join(',')}`);
      if (event.metadata.eventsInCommand !== expected) problems.push(`command ${commandId}: eventsInCommand differs between its events`);
    });
  }

  // What the clients were told: every acknowledged command is stored whole and where the answer said; refusals wrote nothing.
  const tried = new Map(attempts.map((attempt) => [attempt.commandId, attempt]));
  for (const attempt of attempts) {
    const stored = commands.get(attempt.commandId);
    if (attempt.outcome === 'acknowledged') {
      if (!stored) {
        problems.push(`acknowledged ${attempt.kind} ${attempt.commandId} is missing from the store`);
        continue;
      }
      const last = stored.events[stored.events.length - 1];
      if (last.streamId !== `incident-${attempt.incidentId}`) problems.push(`acknowledged ${attempt.commandId} on ${attempt.incidentId} is stored in ${last.streamId}`);
      if ((attempt.answeredVersion ?? 0) < last.revision + 1) {
        problems.push(`acknowledged ${attempt.commandId} answered version ${attempt.answeredVersion}, but its last event is revision ${last.revision}`);
      }
    }
    if (attempt.outcome === 'refused' && stored) problems.push(`refused ${attempt.commandId} (${attempt.code} ${attempt.reason}) wrote ${stored.events.length} events`);
    if (stored) {
      const types = stored.events.map((event) => event.type).join(',');
      if (!attempt.expectedTypes.some((sequence) => sequence.join(',') === types)) problems.push(`${attempt.kind} ${attempt.commandId} wrote ${types}`);
      if (attempt.incidentId && attempt.kind !== 'declare' && stored.events[0].streamId !== `incident-${attempt.incidentId}`) {
        problems.push(`${attempt.commandId} on ${attempt.incidentId} wrote to ${stored.events[0].streamId}`);
      }
    }
  }
  for (const event of events) {
    const causationId = event.metadata.causationId;
    if (event.streamId.startsWith('incident-') && (typeof causationId !== 'string' || !tried.has(causationId))) {
      problems.push(`event ${event.position} in ${event.streamId} was caused by ${String(causationId)}, which no client sent`);
    }
  }

  // The read models equal a rebuild: fold the log with the project's own projection, compare with the answers.
  const model = new IncidentReadModel();
  for (const event of events) model.apply(event);
  const { incidents } = model.snapshot();
  // Each timeline is its stream told entry by entry.
  const timelines: Record<string, TimelineEntry[]> = {};
  for (const event of events) {
    if (!event.streamId.startsWith('incident-') || !incidentEventCodec.knows(event.type)) continue;
    const entry = toTimelineEntry(incidentEventCodec.decodeRecorded(event));
    (timelines[entry.incidentId] ??= []).push(entry);
  }
  for (let start = 0; start < incidents.length; start += INCIDENTS_PER_QUERY) {
    const batch = incidents.slice(start, start + INCIDENTS_PER_QUERY);
    const variables = Object.fromEntries(batch.map((incident, index) => [`id${index}`, incident.id]));
    const query = `query Compare(${batch.map((_, index) => `$id${index}: ID!`).join(', ')}) {
      ${batch.map((_, index) => `i${index}: incident(id: $id${index}) { ${VIEW_FIELDS} timeline { ${ENTRY_FIELDS} } }`).join('\n')}
    }`;
    const answers = await mustQuery(server.admin, query, variables);
    batch.forEach(({ position: _position, ...view }, index) => {
      const expected = { ...view, timeline: timelines[view.id] };
      const answered: unknown = answers[`i${index}`];
      if (canonical(answered) !== canonical(expected)) {
        problems.push(`incident ${view.id} differs from a rebuild:\n  served  ${JSON.stringify(answered)}\n  rebuilt ${JSON.stringify(expected)}`);
      }
    });
  }
  const { activeIncidents, incidents: list } = await mustQuery(
    server.admin,
    '{ activeIncidents { id } incidents(first: 100) { totalCount edges { node { id } } } }',
  );
  const activeIds = model.active().map((incident) => incident.id);
  const served = (activeIncidents as Array<{ id: string }>).map((incident) => incident.id);
  if (JSON.stringify(served) !== JSON.stringify(activeIds)) problems.push(`activeIncidents differs from a rebuild: served ${served.join(',')}, rebuilt ${activeIds.join(',')}`);
  if (list.totalCount !== incidents.length) problems.push(`incidents totalCount ${list.totalCount}, rebuilt ${incidents.length}`);
  const listed = (list.edges as Array<{ node: { id: string } }>).map((edge) => edge.node.id);
  const expectedListed = model.list({}, 100).incidents.map((incident) => incident.id);
  if (JSON.stringify(listed) !== JSON.stringify(expectedListed)) problems.push(`incidents(first: 100) order differs from a rebuild`);

  // The restarted server has applied the whole log (its head may have moved on since: it records key use).
  const health = (await (await server.health()).json()) as { store: { headPosition: number }; projections: { position: number; lag: number } };
  if (health.store.headPosition < lastPosition || health.projections.lag !== 0) {
    problems.push(`health after restart: head ${health.store.headPosition}, lag ${health.projections.lag}; the file's last position is ${lastPosition}`);
  }

  return { problems, events, commands, activeIds, incidents: incidents.length };
}

describe('crash safety: SIGKILL under concurrent writes', () => {
  const dataDir = tempDataDir();
  const adminKey = newApiKey();
  // The embedded store's own durability; an EventStoreDB's is the database's business.
  const env = { RATE_LIMIT_PER_SECOND: '0', EVENT_STORE: 'sqlite' };
  let server: RunningServer | undefined;

  afterAll(async () => {
    await server?.kill();
    removeDataDir(dataDir);
  });

  it(`keeps every acknowledged write, no half command, and read models equal to a rebuild, over ${KILL_AFTER_MS.length} kill points`, async () => {
    const attempts: Attempt[] = [];
    let pool: string[] = [];
    server = await startServer({ dataDir, adminKey, env });
    // Warm the path (authentication cache, resolvers) so the first kill point is not spent starting up.
    await mustQuery(server.admin, '{ me { name role } }');

    for (const [index, killAfterMs] of KILL_AFTER_MS.entries()) {
      const killPoint = index + 1;
      const { elapsedMs } = await loadUntilKilled(server, killPoint, killAfterMs, pool, attempts);
      const restarted = await startServer({ dataDir, adminKey, env });
      server = restarted;
      // Checks this round's answers, and every earlier round's again: nothing acknowledged may vanish later.
      const result = await verify(restarted, attempts);

      const round = attempts.filter((attempt) => attempt.killPoint === killPoint);
      const count = (outcome: Outcome) => round.filter((attempt) => attempt.firstOutcome === outcome).length;
      const cutOff = round.filter((attempt) => attempt.cutOff);
      const roundEvents = round.reduce((sum, attempt) => sum + (result.commands.get(attempt.commandId)?.events.length ?? 0), 0);
      const missing = round.filter((attempt) => attempt.outcome === 'acknowledged' && !result.commands.has(attempt.commandId)).length;
      const stored = cutOff.filter((attempt) => result.commands.has(attempt.commandId)).length;
      console.log(
        `crash-safety: kill point ${killPoint} after ${killAfterMs} ms (killed at ${elapsedMs} ms): ${round.length} requests tried, ` +
          `${count('acknowledged')} acknowledged, ${count('refused')} refused, ` +
          `${cutOff.length} cut off (${stored} of them stored whole, ${cutOff.length - stored} not at all), ` +
          `${roundEvents} events found for them (${result.events.length} in the store, ${result.incidents} incidents), ${missing} missing`,
      );
      expect(result.problems).toEqual([]);
      expect(count('acknowledged')).toBeGreaterThan(0);
      expect(round.filter((attempt) => attempt.failedBeforeKill).map((attempt) => `${attempt.commandId}: ${attempt.message}`)).toEqual([]);

      // A client retries what was cut off, with the same commandId: a stored command answers as the first time, without
      // writing twice; one that was not stored is decided now. The next verification checks the store against these answers.
      for (const attempt of cutOff) attempt.storedBeforeRetry = result.commands.has(attempt.commandId);
      await Promise.all(cutOff.map((attempt) => send(restarted.admin, attempt)));
      const unanswered = (attempt: Attempt) => attempt.outcome !== 'acknowledged' && attempt.outcome !== 'refused';
      expect(round.filter(unanswered).map((attempt) => `${attempt.commandId}: ${attempt.outcome} ${attempt.code} ${attempt.message}`)).toEqual([]);
      const notReplayed = cutOff.filter((attempt) => attempt.storedBeforeRetry && attempt.outcome !== 'acknowledged');
      expect(notReplayed.map((attempt) => `${attempt.commandId}: ${attempt.code} ${attempt.reason} ${attempt.message}`)).toEqual([]);
      pool = result.activeIds;
    }

    // A last, clean restart: the retries of the last round and everything before are checked once more.
    expect(await server.stop()).toBe(0);
    server = await startServer({ dataDir, adminKey, env });
    const final = await verify(server, attempts);
    const total = (predicate: (attempt: Attempt) => boolean) => attempts.filter(predicate).length;
    const missing = total((attempt) => attempt.outcome === 'acknowledged' && !final.commands.has(attempt.commandId));
    console.log(
      `crash-safety: total over ${KILL_AFTER_MS.length} kill points: ${attempts.length} requests tried, ` +
        `${total((attempt) => attempt.firstOutcome === 'acknowledged')} acknowledged, ` +
        `${total((attempt) => attempt.firstOutcome === 'refused')} refused, ${total((attempt) => attempt.cutOff === true)} cut off ` +
        `(${total((attempt) => attempt.storedBeforeRetry === true)} stored whole; retried: ` +
        `${total((attempt) => attempt.cutOff === true && attempt.outcome === 'acknowledged')} acknowledged, ` +
        `${total((attempt) => attempt.cutOff === true && attempt.outcome === 'refused')} refused), ` +
        `${final.events.length} events found, ${missing} missing`,
    );
    const reasons = new Map<string, number>();
    for (const attempt of attempts) {
      if (attempt.outcome === 'refused') reasons.set(`${attempt.reason}`, (reasons.get(`${attempt.reason}`) ?? 0) + 1);
    }
    console.log(`crash-safety: refusals by reason: ${[...reasons].map(([reason, n]) => `${reason} ${n}`).join(', ')}`);
    expect(final.problems).toEqual([]);
    expect(missing).toBe(0);
    // Every incident acted on was declared with an acknowledgement (or found in the store): none may be unknown after a crash.
    expect(attempts.filter((attempt) => attempt.reason === 'INCIDENT_NOT_FOUND').map((attempt) => attempt.commandId)).toEqual([]);
    // Some requests were in flight at the kills (not necessarily at every one).
    expect(total((attempt) => attempt.cutOff === true)).toBeGreaterThan(0);

    expect(await server.stop()).toBe(0);
    server = undefined;
  }, 120_000);
});
