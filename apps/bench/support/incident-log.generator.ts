import {
  AccessRole,
  ActionItemType,
  IncidentKind,
  IncidentTimestamp,
  ApiKeyCommand,
  apiKeyEventCodec,
  apiKeyStreamId,
  decideApiKey,
  decideIncident,
  EncodedEvent,
  evolveIncident,
  IncidentCommand,
  incidentEventCodec,
  IncidentState,
  IncidentStatus,
  incidentStreamId,
  initialIncidentState,
  isActiveStatus,
  requiresFullResponse,
  ResponderRole,
  SEVERITIES,
  Severity,
} from '@incident-ledger/domain';
import { AppendResult, EventStore, newEventId } from '@incident-ledger/event-store';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { fingerprintOf, generateApiKey, hashSecret, eventsToAppend } from '@incident-ledger/application';

/**
 * Writes a realistic incident log straight into an event store: the commands a
 * team would send, judged by the real deciders (`decideIncident`,
 * `decideApiKey`), with the metadata the server's command executor writes, so
 * that the read models do the work they do in production. Many incidents are
 * open at once, so their events interleave in the log as they do for real.
 *
 * Appends are fired many at a time without waiting, each with the exact
 * expected revision: the store's group commit puts each such batch in one
 * transaction. The content is reproducible from `seed` (ids and key hashes are random).
 */
export interface IncidentLogOptions {
  /** How many events to write (the last command may add one more). */
  events: number;
  /** Incidents in progress at any time; their events interleave. */
  concurrentIncidents?: number;
  /** Appends handed to the store before waiting for them: one group commit. */
  appendsPerCommit?: number;
  seed?: number;
  /** The simulated time of the first event. */
  startAt?: Date;
  progress?: (message: string) => void;
}

export interface GeneratedIncidentLog {
  events: number;
  incidents: number;
  /** Incidents left unresolved at the end of the log. */
  activeIncidents: number;
  apiKeys: number;
  /** An ADMIN key whose ApiKeyCreated event is in the log: use it as `Authorization: Bearer <key>`. */
  adminKey: string;
  /** Some incident ids, oldest to newest (the first, one in the middle, the last declared). */
  sampleIncidentIds: string[];
  /** Transactions the store committed (group commits). */
  transactions: number;
  ms: number;
}

const FIRST_NAMES = ['ada', 'grace', 'alan', 'edsger', 'barbara', 'ken', 'dennis', 'margaret', 'linus', 'radia', 'leslie', 'frances', 'donald', 'john', 'katherine', 'tim', 'vint', 'sophie', 'bjarne', 'guido'];
const LAST_NAMES = ['lovelace', 'hopper', 'turing', 'dijkstra', 'liskov', 'thompson', 'ritchie', 'hamilton', 'torvalds', 'perlman', 'lamport', 'allen', 'knuth', 'backus', 'johnson'];
const SERVICES = [
  'checkout', 'payments', 'search', 'auth', 'catalog', 'cart', 'shipping', 'inventory', 'notifications', 'recommendations',
  'api-gateway', 'cdn', 'billing', 'accounts', 'orders', 'reviews', 'pricing', 'media', 'ledger', 'messaging',
  'kafka', 'postgres-primary', 'redis-cache', 'dns', 'load-balancer', 'k8s-control-plane', 'object-storage', 'mobile-api', 'web-frontend', 'reporting',
];
const SYMPTOMS = [
  'returns 502s', 'elevated p99 latency', 'timeouts for some customers', 'error rate above 5%', 'not processing jobs',
  'out of memory crash loop', 'stale data served', 'certificate expired', 'disk full on primary', 'replication lag above 10 minutes',
  'login failures in EU', 'requests dropped at the edge', 'queue backlog growing', 'duplicate messages delivered', 'degraded after deploy',
];
const NOTES = [
  'Rolled back deploy {n}',
  'Scaled {service} from {m} to {n} replicas',
  'Error rate down to {m}.{m}% after the change',
  'Paged the {service} on-call, joining the bridge',
  'Found the cause: a connection pool of {m} per pod is too small under this load',
  'Customer support reports {n} tickets so far',
  'Failover to the secondary region started',
  'Dashboards show {service} saturated on CPU since {m}:{m}{m}',
  'Feature flag {service}-v{m} turned off',
  'Vendor status page confirms an outage on their side',
  'Restarted {m} stuck workers; backlog draining at {n}/s',
  'Hypothesis: the cache eviction change in release {n} is the trigger',
];
const UPDATES = [
  'We are investigating reports of problems with {service}.',
  'Some customers may see errors when using {service}. We are working on a fix.',
  'A fix is being rolled out; {service} is recovering.',
  'We are monitoring {service} after the fix; error rates are back to normal.',
  'Internal: {service} team engaged, next update in 30 minutes.',
];
const TAGS = ['database', 'network', 'deploy', 'capacity', 'third-party', 'config', 'security', 'dns'];
const CAUSES = ['bad deploy', 'config change', 'capacity', 'dependency failure', 'hardware', 'expired certificate', 'software bug'];
const ACTION_ITEMS = [
  'Add an alert on {service} saturation',
  'Write a runbook for {service} failover',
  'Raise the connection pool of {service} and load-test it',
  'Automate the certificate rotation of {service}',
  'Add a canary stage to {service} deploys',
  'Review the on-call escalation policy',
];
const SUMMARIES = [
  'Rolled back the faulty release',
  'Connection pool size restored',
  'Failed over to the secondary and rebuilt the replica',
  'Certificate renewed and rotation automated',
  'Vendor fixed the upstream outage',
];

/** A small, fast, seedable PRNG (mulberry32): reproducible content for every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Step = (now: Date, state: Extract<IncidentState, { declared: true }>) => IncidentCommand | null;

interface OpenIncident {
  id: string;
  streamId: string;
  state: IncidentState;
  revision: number;
  steps: Step[];
  next: number;
}

interface KeyStream {
  keyId: string;
  streamId: string;
  revision: number;
}

export async function generateIncidentLog(store: EventStore, options: IncidentLogOptions): Promise<GeneratedIncidentLog> {
  const started = performance.now();
  const random = seededRandom(options.seed ?? 20260101);
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const chance = (p: number) => random() < p;
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const people = FIRST_NAMES.flatMap((first) => LAST_NAMES.map((last) => `${first}.${last}`));
  const person = () => pick(people);
  const fill = (template: string, service: string) =>
    template.replace(/\{service\}/g, service).replace(/\{n\}/g, () => String(int(10, 9999))).replace(/\{m\}/g, () => String(int(0, 9)));

  const concurrent = options.concurrentIncidents ?? 20;
  const perCommit = options.appendsPerCommit ?? 2000;
  const target = options.events;
  const transactionsBefore = store.stats().transactions;
  let clock = (options.startAt ?? new Date('2024-01-01T00:00:00Z')).getTime();
  let written = 0;
  let incidents = 0;
  let pending: Promise<AppendResult>[] = [];
  let nextProgress = target / 10;

  const write = async (streamId: string, stream: { revision: number }, command: { type: string; actor: string }, decided: EncodedEvent[]) => {
    if (decided.length === 0) return;
    const events = eventsToAppend(command, decided, {
      ids: () => newEventId(),
      correlationId: randomUUID(),
      causationId: null,
      actor: command.actor,
      occurredAt: new Date(clock).toISOString(),
      fingerprint: fingerprintOf(command),
    });
    const expected = stream.revision < 0 ? 'no-stream' : stream.revision;
    stream.revision += events.length;
    written += events.length;
    pending.push(store.append(streamId, events, expected));
    if (pending.length >= perCommit) await settle();
  };
  const settle = async () => {
    const batch = pending;
    pending = [];
    await Promise.all(batch);
    if (written >= nextProgress) {
      const seconds = (performance.now() - started) / 1000;
      options.progress?.(`  generated ${written.toLocaleString('en-US')} events (${Math.round(written / seconds).toLocaleString('en-US')} events/s)`);
      nextProgress += target / 10;
    }
  };

  // API keys: the admin key used to query, a few responders' keys; their use is recorded hourly.
  const keyStreams: KeyStream[] = [];
  const createKey = async (name: string, role: AccessRole, by: string, key = generateApiKey()) => {
    const keyId = randomUUID();
    const command: ApiKeyCommand = { type: 'CreateApiKey', keyId, name, role, prefix: key.prefix, secretHash: await hashSecret(key.secret), actor: by };
    const stream = { keyId, streamId: apiKeyStreamId(keyId), revision: -1 };
    keyStreams.push(stream);
    await write(stream.streamId, stream, command, decideApiKey(command, { exists: false }, new Date(clock)).map(apiKeyEventCodec.encode));
    return key.key;
  };
  const adminKey = await createKey('bootstrap-admin', AccessRole.ADMIN, 'bootstrap');
  for (let i = 0; i < 6; i++) await createKey(person(), AccessRole.RESPONDER, 'bootstrap-admin');

  let firstId = '';
  let middleId = '';
  let lastId = '';
  const active = new Set<string>();
  const plan = (id: string): Step[] => {
    const roll = random();
    const severity = roll < 0.03 ? Severity.SEV1 : roll < 0.15 ? Severity.SEV2 : roll < 0.5 ? Severity.SEV3 : roll < 0.8 ? Severity.SEV4 : Severity.SEV5;
    const full = requiresFullResponse(severity);
    const services = [...new Set(Array.from({ length: int(1, 3) }, () => pick(SERVICES)))];
    const service = services[0];
    const declarer = person();
    const commander = chance(0.8) ? person() : null;
    const lead = () => commander ?? declarer;
    const steps: Step[] = [];
    steps.push((now) => ({
      type: 'DeclareIncident',
      incidentId: id,
      actor: declarer,
      title: `${service}: ${pick(SYMPTOMS)}`,
      description: chance(0.5) ? `Alert fired for ${services.join(', ')}; ${pick(SYMPTOMS)} reported by ${pick(['monitoring', 'customers', 'support', 'a synthetic check'])}.` : null,
      severity,
      services,
      detectedAt: new Date(now.getTime() - int(0, 600) * 1000),
      impactStartedAt: chance(0.6) ? new Date(now.getTime() - int(600, 2400) * 1000) : null,
      commander,
      private: chance(0.02),
      kind: chance(0.02) ? IncidentKind.DRILL : IncidentKind.NORMAL,
      tags: chance(0.5) ? [pick(TAGS)] : [],
    }));
    if (chance(0.95)) steps.push(() => ({ type: 'AcknowledgeIncident', incidentId: id, actor: lead() }));

    // The work while it is open, in a random order, with the status moving forward through it.
    const activity: Step[] = [];
    if (full && chance(0.9)) activity.push(() => ({ type: 'AssignResponder', incidentId: id, actor: lead(), role: ResponderRole.SCRIBE, responder: person() }));
    if (full && chance(0.6)) activity.push(() => ({ type: 'AssignResponder', incidentId: id, actor: lead(), role: ResponderRole.COMMUNICATIONS_LEAD, responder: person() }));
    for (let i = int(0, 1); i > 0; i--) {
      activity.push((_now, state) => {
        const expert = person();
        return state.experts.includes(expert) ? null : { type: 'AssignResponder', incidentId: id, actor: lead(), role: ResponderRole.SUBJECT_MATTER_EXPERT, responder: expert };
      });
    }
    for (let i = int(1, 3); i > 0; i--) activity.push(() => ({ type: 'AddTimelineNote', incidentId: id, actor: person(), text: fill(pick(NOTES), service) }));
    for (let i = full ? int(1, 2) : int(0, 1); i > 0; i--) {
      activity.push(() => ({ type: 'PostStatusUpdate', incidentId: id, actor: lead(), audience: chance(0.5) ? 'EXTERNAL' : 'INTERNAL', message: fill(pick(UPDATES), service) }));
    }
    if (chance(0.15)) {
      activity.push((_now, state) => {
        const index = SEVERITIES.indexOf(state.severity);
        const to = SEVERITIES[index === 0 ? 1 : index === SEVERITIES.length - 1 ? index - 1 : index + (chance(0.5) ? 1 : -1)];
        return { type: 'ChangeIncidentSeverity', incidentId: id, actor: lead(), severity: to, reason: chance(0.5) ? `Impact is ${pick(['wider', 'narrower'])} than first thought` : null };
      });
    }
    if (chance(0.05)) {
      activity.push((_now, state) => {
        const next = person();
        return state.holders[ResponderRole.INCIDENT_COMMANDER] === next ? null : { type: 'AssignResponder', incidentId: id, actor: next, role: ResponderRole.INCIDENT_COMMANDER, responder: next };
      });
    }
    if (chance(0.05)) {
      activity.push((_now, state) =>
        state.experts.length === 0 ? null : { type: 'UnassignResponder', incidentId: id, actor: lead(), role: ResponderRole.SUBJECT_MATTER_EXPERT, responder: state.experts[0] },
      );
    }
    if (chance(0.01)) activity.push((_now, state) => ({ type: 'ChangeIncidentVisibility', incidentId: id, actor: lead(), private: !state.private }));
    for (let i = activity.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [activity[i], activity[j]] = [activity[j], activity[i]];
    }
    const identified = chance(0.6);
    const monitoring = chance(0.5);
    const moveTo = (status: IncidentStatus): Step => (_now, state) =>
      state.status === status ? null : { type: 'ChangeIncidentStatus', incidentId: id, actor: lead(), status, note: chance(0.3) ? fill(pick(NOTES), service) : null };
    activity.splice(Math.floor(activity.length * 0.4), 0, ...(identified ? [moveTo(IncidentStatus.IDENTIFIED)] : []));
    activity.splice(Math.floor(activity.length * 0.8), 0, ...(monitoring ? [moveTo(IncidentStatus.MONITORING)] : []));
    steps.push(...activity);

    // Now and then one is forgotten and stays on the board.
    if (chance(0.003)) return steps;
    const resolve: Step = () => ({ type: 'ResolveIncident', incidentId: id, actor: lead(), summary: chance(0.7) ? pick(SUMMARIES) : null });
    steps.push(resolve);
    if (chance(0.03)) {
      steps.push(() => ({ type: 'ReopenIncident', incidentId: id, actor: person(), reason: 'It is happening again' }));
      steps.push(() => ({ type: 'AddTimelineNote', incidentId: id, actor: person(), text: fill(pick(NOTES), service) }));
      steps.push(resolve);
    }

    // The review: a corrected impact start now and then; for a full response the report and its action items.
    if (chance(0.1)) {
      steps.push((now, state) => {
        const known = state.times[IncidentTimestamp.IMPACT_STARTED] ?? state.times[IncidentTimestamp.DETECTED];
        const to = new Date(Math.min(Date.parse(known ?? now.toISOString()), now.getTime()) - int(60, 1800) * 1000);
        return { type: 'CorrectIncidentTimestamp', incidentId: id, actor: lead(), field: IncidentTimestamp.IMPACT_STARTED, to, reason: 'Graphs show the errors started earlier' };
      });
    }
    const followUps: Step[] = [];
    if (full && chance(0.7)) {
      const section = () => fill(pick(NOTES), service);
      steps.push(() => ({
        type: 'SaveIncidentReport',
        incidentId: id,
        actor: lead(),
        internal: { summary: `${service}: ${pick(SYMPTOMS)}`, impact: section(), rootCause: section(), resolution: pick(SUMMARIES) },
        external: { summary: fill(pick(UPDATES), service) },
        causeTags: [pick(CAUSES)],
      }));
      if (chance(0.3)) steps.push(() => ({ type: 'SaveIncidentReport', incidentId: id, actor: person(), internal: { lessons: section() } }));
      steps.push(() => ({ type: 'PublishIncidentReport', incidentId: id, actor: lead() }));
      for (let i = int(1, 3); i > 0; i--) {
        const actionItemId = randomUUID();
        const owner = person();
        steps.push((now) => ({
          type: 'AddActionItem',
          incidentId: id,
          actor: lead(),
          actionItemId,
          title: fill(pick(ACTION_ITEMS), service),
          owner,
          dueAt: new Date(now.getTime() + int(3, 60) * 86_400_000),
          actionType: pick(Object.values(ActionItemType)),
        }));
        if (chance(0.6)) followUps.push(() => ({ type: 'CompleteActionItem', incidentId: id, actor: owner, actionItemId }));
      }
    }
    if (chance(0.85)) steps.push(() => ({ type: 'CloseIncident', incidentId: id, actor: lead() }));
    steps.push(...followUps);
    return steps;
  };

  const slots: Array<OpenIncident | undefined> = new Array(concurrent).fill(undefined);
  let lastHour = Math.floor(clock / 3_600_000);
  while (written < target) {
    clock += int(5_000, 85_000);
    const hour = Math.floor(clock / 3_600_000);
    if (hour !== lastHour) {
      // ApiKeyUsed: recorded at most once an hour per key, as the server does.
      lastHour = hour;
      const key = pick(keyStreams);
      const command: ApiKeyCommand = { type: 'RecordApiKeyUse', keyId: key.keyId, actor: 'system' };
      await write(key.streamId, key, command, decideApiKey(command, { exists: true, revoked: false }, new Date(clock)).map(apiKeyEventCodec.encode));
      continue;
    }
    const index = Math.floor(random() * concurrent);
    let incident = slots[index];
    if (!incident || incident.next >= incident.steps.length) {
      const id = randomUUID();
      incident = { id, streamId: incidentStreamId(id), state: initialIncidentState, revision: -1, steps: plan(id), next: 0 };
      slots[index] = incident;
      incidents += 1;
      if (incidents === 1) firstId = id;
      if (written < target / 2) middleId = id;
      lastId = id;
    }
    const now = new Date(clock);
    const step = incident.steps[incident.next++];
    const state = incident.state;
    const command = step(now, state as Extract<IncidentState, { declared: true }>);
    if (!command) continue;
    let decided;
    try {
      decided = decideIncident(command, state, now);
    } catch (error) {
      throw new Error(`The generator sent a command the domain refuses (${command.type}): ${error instanceof Error ? error.message : String(error)}`);
    }
    const after = decided.reduce(evolveIncident, state);
    incident.state = after;
    if (after.declared && isActiveStatus(after.status)) active.add(incident.id);
    else active.delete(incident.id);
    await write(incident.streamId, incident, command, decided.map(incidentEventCodec.encode));
  }
  await settle();

  return {
    events: written,
    incidents,
    activeIncidents: active.size,
    apiKeys: keyStreams.length,
    adminKey,
    sampleIncidentIds: [...new Set([firstId, middleId, lastId].filter((id) => id !== ''))],
    transactions: store.stats().transactions - transactionsBefore,
    ms: performance.now() - started,
  };
}
