import {
  decideSchedule,
  evolveSchedule,
  initialScheduleState,
  IsoWeekday,
  NewLayer,
  ON_CALL_SEARCH_HORIZON_DAYS,
  onCallAt,
  renderSchedule,
  ScheduleCommand,
  scheduleEventCodec,
  ScheduleState,
  scheduleStreamId,
} from '@incident-ledger/domain';
import { RecordedEvent } from '@incident-ledger/event-store';
import { OncallReadModel } from '@incident-ledger/read-models';
import { randomUUID } from 'node:crypto';
import { availableParallelism, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { BenchRow, ratioTo, Scenario, ScenarioContext } from '../bench.types';
import { median, percentile, round } from '../support/statistics';
import { seededRandom } from '../support/incident-log.generator';

/**
 * On-call schedules at the sizes, in this process on the read model
 * (no server: the figure is the domain's, which the GraphQL `onCall` query
 * adds its own constant cost to):
 *
 * 1. `onCallAt(state.timeline, at)`, what `onCall(scheduleId, at)` does, on a
 *    schedule in Europe/Berlin of 5 layers (weekly 24/7, daily business
 *    hours, weekends, 12-hour shifts, follow-the-sun nights), 20 members and
 *    500 overrides over two years, each added a few days before it starts, so
 *    its timeline has a version per override as a real one would; asked at
 *    random instants over the two years, each lookup timed alone. Target:
 *    p99 under 1 ms. Baseline in the same run: the same lookups on a schedule
 *    of 1 layer, 1 member and no override; beside it, 1 layer of 2 members.
 * 2. A year of final schedule (`renderSchedule(...).final`) for each of 100
 *    schedules of mixed zones, layers, members and overrides, against the
 *    same year of the 1-layer schedule, 100 times.
 *
 * Every schedule is built by the real decider at successive instants and
 * reaches the read model as encoded, recorded events. Random choices come
 * from a seeded generator, so every run measures the same schedules and
 * instants.
 */
const SCENARIO = 'oncall';
const FULL = { lookups: 20_000, renderRounds: 3 };
const QUICK = { lookups: 2_000, renderRounds: 1 };
const WARM_UP_LOOKUPS = 500;
const TARGET_P99_MS = 1;

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
/** Created the day before its first hand-offs; every figure covers the two years after. */
const CREATED = Date.parse('2027-01-03T09:00:00Z');
const FIRST_DAY = '2027-01-04';
const TWO_YEARS_MS = 730 * DAY_MS;
const RENDER_FROM = new Date(CREATED + 180 * DAY_MS).toISOString();
const RENDER_TO = new Date(CREATED + 545 * DAY_MS).toISOString();

const BIG = 'schedule of 5 layers, 20 members, 500 overrides over two years';
const SMALL = 'schedule of 1 layer, 1 member, no override';
const PAIR = 'schedule of 1 layer, 2 members, no override';
const MIXED = '100 schedules of 1 to 5 layers, 2 to 20 members, up to 250 overrides';

type Random = () => number;
const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)];

/** The five kinds of layer a team runs, each over the members given. */
const LAYER_KINDS: ReadonlyArray<(members: string[]) => NewLayer> = [
  (members) => ({ name: 'primary, weekly 24/7', members, rotation: { unit: 'WEEK', length: 1 }, handOff: '09:00', startDate: FIRST_DAY }),
  (members) => ({ name: '12-hour shifts', members, rotation: { unit: 'HOUR', length: 12 }, handOff: '08:00', startDate: FIRST_DAY }),
  (members) => ({
    name: 'business hours',
    members,
    rotation: { unit: 'DAY', length: 1 },
    handOff: '09:00',
    startDate: FIRST_DAY,
    restrictions: [{ kind: 'DAILY', from: '09:00', to: '17:00' }],
  }),
  (members) => ({
    name: 'weekends',
    members,
    rotation: { unit: 'WEEK', length: 1 },
    handOff: '18:00',
    startDate: '2027-01-08',
    restrictions: [{ kind: 'WEEKLY', fromDay: 5 as IsoWeekday, from: '18:00', toDay: 1 as IsoWeekday, to: '08:00' }],
  }),
  (members) => ({
    name: 'follow the sun, nights from the other side of the world',
    members,
    rotation: { unit: 'DAY', length: 1 },
    handOff: '20:00',
    startDate: FIRST_DAY,
    restrictions: [{ kind: 'DAILY', from: '20:00', to: '08:00' }],
  }),
];

interface ScheduleSpec {
  scheduleId: string;
  timeZone: string;
  layers: NewLayer[];
  overrides: number;
  people: string[];
}

/**
 * The schedule: every kind of layer once, 20 people (two of them in
 * two layers), 500 overrides. Lowest first: the 12-hour rota kept as a
 * fallback under the weekly primary, then weekends, business hours, and the
 * nights on top.
 */
function bigSchedule(): ScheduleSpec {
  const people = Array.from({ length: 20 }, (_, index) => `person-${String(index + 1).padStart(2, '0')}`);
  const [primary, twelve, business, weekend, sun] = LAYER_KINDS;
  const layers = [
    twelve([...people.slice(15, 17), people[0], people[8]]),
    primary(people.slice(0, 8)),
    weekend(people.slice(12, 15)),
    business(people.slice(8, 12)),
    sun(people.slice(17, 20)),
  ];
  return { scheduleId: 'big', timeZone: 'Europe/Berlin', layers, overrides: 500, people };
}

/** One weekly 24/7 layer and no override: with one member, one endless stretch; with two, a hand-off every week. */
function smallSchedule(scheduleId: string, members = ['solo']): ScheduleSpec {
  return { scheduleId, timeZone: 'Europe/Berlin', layers: [LAYER_KINDS[0](members)], overrides: 0, people: members };
}

const ZONES = ['Europe/Berlin', 'America/New_York', 'Australia/Sydney', 'Asia/Kolkata', 'Europe/London', 'Asia/Tokyo'];

/** Some of everything: zones on both hemispheres and a half-hour offset, 1 to 5 layers of any kind, 0 to 250 overrides. */
function mixedSchedule(index: number, random: Random): ScheduleSpec {
  const people = Array.from({ length: 2 + Math.floor(random() * 19) }, (_, person) => `team-${index}-person-${person + 1}`);
  const layers = Array.from({ length: 1 + Math.floor(random() * 5) }, () => {
    const first = Math.floor(random() * people.length);
    const count = 1 + Math.floor(random() * Math.min(8, people.length));
    return pick(random, LAYER_KINDS)(Array.from({ length: count }, (_, member) => people[(first + member) % people.length]));
  });
  return { scheduleId: `mixed-${index}`, timeZone: pick(random, ZONES), layers, overrides: Math.floor(random() * 251), people };
}

/** The override commands, each given a few days (up to two weeks) before it starts, in the order they are given. */
function overrideCommands(spec: ScheduleSpec, random: Random): Array<{ at: number; command: ScheduleCommand }> {
  return Array.from({ length: spec.overrides }, () => {
    const from = CREATED + DAY_MS + Math.floor(random() * (TWO_YEARS_MS / HOUR_MS)) * HOUR_MS;
    const to = from + (1 + Math.floor(random() * 48)) * HOUR_MS;
    const at = Math.max(CREATED + 60_000, from - Math.floor(random() * 14 * DAY_MS));
    const command: ScheduleCommand = {
      type: 'AddScheduleOverride',
      scheduleId: spec.scheduleId,
      actor: 'bench',
      person: pick(random, spec.people),
      from: new Date(from).toISOString(),
      to: new Date(to).toISOString(),
    };
    return { at, command };
  }).sort((a, b) => a.at - b.at);
}

/** Decides every command at its instant, folding as it goes, and feeds the events to the model as the store would record them. */
function feed(model: OncallReadModel, spec: ScheduleSpec, random: Random, position: { next: number }): void {
  const create: ScheduleCommand = { type: 'CreateSchedule', scheduleId: spec.scheduleId, actor: 'bench', name: spec.scheduleId, ownerTeam: 'bench', timeZone: spec.timeZone, layers: spec.layers };
  let state: ScheduleState = initialScheduleState;
  let revision = 0;
  for (const { at, command } of [{ at: CREATED, command: create }, ...overrideCommands(spec, random)]) {
    for (const event of decideSchedule(command, state, new Date(at))) {
      state = evolveSchedule(state, event);
      const encoded = scheduleEventCodec.encode(event);
      const recorded: RecordedEvent = {
        id: randomUUID(),
        type: encoded.type,
        data: encoded.data,
        metadata: { correlationId: randomUUID(), causationId: null, actor: 'bench', occurredAt: event.data.at, schemaVersion: encoded.schemaVersion },
        streamId: scheduleStreamId(spec.scheduleId),
        revision: revision++,
        position: position.next++,
        recordedAt: event.data.at,
      };
      model.apply(recorded);
    }
  }
}

/** Each lookup timed alone, as the API makes them: the schedule from the read model, then who is on call. */
function timedLookups(model: OncallReadModel, scheduleId: string, instants: readonly string[]): number[] {
  return instants.map((at) => {
    const started = performance.now();
    const onCall = onCallAt((model.schedule(scheduleId) as ScheduleState).timeline, at);
    const ms = performance.now() - started;
    if (!onCall) throw new Error(`oncall: nobody on call at ${at} on ${scheduleId}, whose 24/7 layer started before`);
    return ms;
  });
}

/** One year of final schedule for each schedule; the total time. */
function timedRenders(model: OncallReadModel, scheduleIds: readonly string[]): { ms: number; shifts: number } {
  let shifts = 0;
  const started = performance.now();
  for (const scheduleId of scheduleIds) shifts += renderSchedule((model.schedule(scheduleId) as ScheduleState).timeline, RENDER_FROM, RENDER_TO).final.length;
  return { ms: performance.now() - started, shifts };
}

/** p50, p99 and the slowest; for the big schedule, the ratios to the baseline's and the target. */
function lookupRows(variant: string, samples: readonly number[], baseline?: readonly number[]): BenchRow[] {
  const p99 = percentile(samples, 0.99);
  const row = (metric: string, value: number, baselineValue?: number): BenchRow => ({
    scenario: SCENARIO,
    variant: `${variant}, onCallAt`,
    metric,
    value: round(value, 3),
    unit: 'ms',
    ...(baselineValue === undefined ? {} : { ratio: round(ratioTo(value, baselineValue, true), 3), baseline: `${SMALL}, onCallAt` }),
  });
  return [
    row('latency p50', median(samples), baseline && median(baseline)),
    { ...row('latency p99', p99, baseline && percentile(baseline, 0.99)), ...(baseline ? { target: { goal: `p99 < ${TARGET_P99_MS} ms`, met: p99 < TARGET_P99_MS } } : {}) },
    row('latency, slowest', Math.max(...samples)),
  ];
}

export const oncallScenario: Scenario = {
  name: SCENARIO,
  description: 'onCallAt on a schedule of 5 layers, 20 members, 500 overrides vs 1 layer; a year of final schedule for 100 schedules vs 1 layer',
  async run(context: ScenarioContext): Promise<BenchRow[]> {
    const sizes = context.quick ? QUICK : FULL;
    const random = seededRandom(16);
    const model = new OncallReadModel();
    const position = { next: 1 };
    const built = performance.now();
    const big = bigSchedule();
    feed(model, big, random, position);
    feed(model, smallSchedule('small'), random, position);
    feed(model, smallSchedule('pair', ['ana', 'ben']), random, position);
    const mixed = Array.from({ length: 100 }, (_, index) => mixedSchedule(index, random));
    for (const spec of mixed) feed(model, spec, random, position);
    const singles = mixed.map((_, index) => `small-${index}`);
    for (const scheduleId of singles) feed(model, smallSchedule(scheduleId), random, position);
    const versions = (model.schedule(big.scheduleId) as ScheduleState).timeline.length;
    context.progress(`oncall: ${position.next - 1} events decided and applied in ${Math.round(performance.now() - built)} ms; the big schedule has ${versions} versions`);

    const instants = Array.from({ length: WARM_UP_LOOKUPS + sizes.lookups }, () => new Date(CREATED + DAY_MS + Math.floor(random() * (TWO_YEARS_MS - DAY_MS))).toISOString());
    // Warm-ups on every schedule, so that no figure includes the JIT's first compilations.
    for (const scheduleId of ['small', 'pair', big.scheduleId]) timedLookups(model, scheduleId, instants.slice(0, WARM_UP_LOOKUPS));
    const measured = instants.slice(WARM_UP_LOOKUPS);
    const loadBefore = loadavg()[0];
    const small = timedLookups(model, 'small', measured);
    const pair = timedLookups(model, 'pair', measured);
    const large = timedLookups(model, big.scheduleId, measured);
    const load = `load average ${loadBefore.toFixed(2)} before the lookups, ${loadavg()[0].toFixed(2)} after, on ${availableParallelism()} cores`;
    context.progress(
      `oncall: onCallAt ×${measured.length}: ${BIG} p50 ${median(large).toFixed(3)} ms, p99 ${percentile(large, 0.99).toFixed(3)} ms; ${SMALL} p99 ${percentile(small, 0.99).toFixed(3)} ms; ${load}`,
    );

    const mixedIds = mixed.map((spec) => spec.scheduleId);
    timedRenders(model, mixedIds.slice(0, 5));
    const renders = Array.from({ length: sizes.renderRounds }, () => ({ mixed: timedRenders(model, mixedIds), single: timedRenders(model, singles) }));
    const mixedMs = median(renders.map((pass) => pass.mixed.ms));
    const singleMs = median(renders.map((pass) => pass.single.ms));
    const shifts = renders[0].mixed.shifts;
    context.progress(`oncall: a year of final schedule for 100 schedules in ${Math.round(mixedMs)} ms (${shifts} shifts); 100 × ${SMALL} in ${Math.round(singleMs)} ms`);

    const overrides = mixed.reduce((sum, spec) => sum + spec.overrides, 0);
    const layers = mixed.reduce((sum, spec) => sum + spec.layers.length, 0);
    return [
      ...lookupRows(SMALL, small),
      ...lookupRows(PAIR, pair),
      ...lookupRows(BIG, large, small),
      {
        scenario: SCENARIO,
        variant: `${BIG}, onCallAt`,
        metric: 'lookups',
        value: measured.length,
        unit: 'lookups',
        note: `oncall: ${measured.length.toLocaleString('en-US')} lookups at random instants over two years after ${WARM_UP_LOOKUPS} warm-ups, each timed alone (read model, then onCallAt); the big schedule's timeline has ${versions} versions (one per override added); ${load}. With one member a schedule is one endless stretch, which onCallAt follows to its ${ON_CALL_SEARCH_HORIZON_DAYS}-day horizon both ways: that baseline costs more than a hand-off every week.`,
      },
      { scenario: SCENARIO, variant: `a year of final schedule, 100 × ${SMALL}`, metric: 'time per schedule', value: round(singleMs / singles.length, 3), unit: 'ms' },
      {
        scenario: SCENARIO,
        variant: `a year of final schedule, ${MIXED}`,
        metric: 'time per schedule',
        value: round(mixedMs / mixedIds.length, 3),
        unit: 'ms',
        ratio: round(ratioTo(mixedMs, singleMs, true), 3),
        baseline: `a year of final schedule, 100 × ${SMALL}`,
        samples: renders.map((pass) => Math.round(pass.mixed.ms)),
        note: `oncall: the 100 mixed schedules have ${layers} layers and ${overrides.toLocaleString('en-US')} overrides in six zones; their year (${RENDER_FROM.slice(0, 10)} to ${RENDER_TO.slice(0, 10)}) is ${shifts.toLocaleString('en-US')} final shifts; median of ${sizes.renderRounds} rounds.`,
      },
      { scenario: SCENARIO, variant: `a year of final schedule, ${MIXED}`, metric: 'time, all 100', value: round(mixedMs / 1000, 2), unit: 's' },
    ];
  },
};
