import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ICAL from 'ical.js';
import { Caller, graphql, GraphQLResponse, mustQuery } from './support/graphql-client';
import { removeDataDir, RunningServer, startServer, tempDataDir } from './support/server';

/**
 * On-call schedules over GraphQL on the real server, its time held by
 * CLOCK_FILE: a team builds a schedule (a weekly rota below a business-hours
 * layer, in Europe/Berlin, across the spring DST change), asks who is on
 * call around hand-offs, swaps a shift, subscribes to the calendar feeds
 * without a key (parsed by ical.js, an independent parser), edits the rota
 * and travels back to before the edit; and is refused, field by field.
 */

// Monday 22 March 2027. Berlin moves from CET (+01:00) to CEST (+02:00) on Sunday 28 March at 01:00Z.
const T0 = '2027-03-22T00:00:00.000Z';
const SCHEDULE_FIELDS = `id name ownerTeam timeZone asOf layers { id name members handOff rotation { unit length } restrictions { kind from to } }
  overrides { id person from to } swaps { id person from to status takenBy overrideId }`;
const CREATE = `mutation($input: CreateScheduleInput!) { createSchedule(input: $input) { ${SCHEDULE_FIELDS} } }`;
const SCHEDULE = `query($id: String!, $asOf: DateTime) { schedule(id: $id, asOf: $asOf) { ${SCHEDULE_FIELDS} } }`;
const ON_CALL = `query($at: DateTime, $asOf: DateTime) { onCall(scheduleId: "payments-primary", at: $at, asOf: $asOf) { person from to source layerId overrideId } }`;
const SHIFTS = `query($from: DateTime!, $to: DateTime!, $layerId: String) { shifts(scheduleId: "payments-primary", from: $from, to: $to, layerId: $layerId) { person from to source } }`;
const OFFER = `mutation($input: OfferShiftSwapInput!) { offerShiftSwap(input: $input) { swaps { id person from to status } } }`;
const TAKE = `mutation($input: TakeShiftSwapInput!) { takeShiftSwap(input: $input) { swaps { id status takenBy overrideId } } }`;
const CHANGE = `mutation($input: ChangeScheduleLayerInput!) { changeScheduleLayer(input: $input) { layers { id members } } }`;
const OVERRIDE = `mutation($input: AddScheduleOverrideInput!) { addScheduleOverride(input: $input) { overrides { id } } }`;

const weeklyPrimary = { name: 'Weekly primary', members: ['ann', 'bob'], rotation: { unit: 'WEEK', length: 1 }, handOff: '09:00', startDate: '2027-03-22' };
const businessHours = { name: 'Business hours', members: ['cat'], rotation: { unit: 'WEEK', length: 1 }, handOff: '09:00', startDate: '2027-03-22', restrictions: [{ kind: 'DAILY', from: '09:00', to: '17:00' }] };
const newSchedule = (input: Record<string, unknown> = {}) => ({ id: 'payments-primary', name: 'Payments primary', ownerTeam: 'payments', timeZone: 'Europe/Berlin', layers: [weeklyPrimary, businessHours], ...input });

const errorOf = (response: GraphQLResponse) => response.body.errors?.[0];
const fieldOf = (response: GraphQLResponse) => errorOf(response)?.extensions?.field ?? (errorOf(response)?.extensions?.fields as { field: string }[] | undefined)?.[0]?.field;

interface FeedEvent {
  summary: string;
  from: string;
  to: string;
}

/** The feed read back by ical.js, each time placed through the feed's own VTIMEZONE. */
function feedEvents(ics: string): { name: string; zones: string[]; events: FeedEvent[] } {
  const calendar = new ICAL.Component(ICAL.parse(ics));
  const zones = calendar.getAllSubcomponents('vtimezone');
  for (const zone of zones) ICAL.TimezoneService.register(zone);
  const instant = (time: ICAL.Time) => new Date(time.toUnixTime() * 1000).toISOString();
  return {
    name: String(calendar.getFirstProperty('x-wr-calname')?.getFirstValue()),
    zones: zones.map((zone) => String(zone.getFirstPropertyValue('tzid'))),
    events: calendar.getAllSubcomponents('vevent').map((event) => ({
      summary: String(event.getFirstPropertyValue('summary')),
      from: instant(event.getFirstPropertyValue('dtstart') as ICAL.Time),
      to: instant(event.getFirstPropertyValue('dtend') as ICAL.Time),
    })),
  };
}

describe('on-call schedules', () => {
  let server: RunningServer;
  let dataDir: string;
  let clockFile: string;
  let admin: Caller;
  let ann: Caller;
  let bob: Caller;
  let outsider: Caller;
  let viewer: Caller;
  const setClock = (at: string) => writeFileSync(clockFile, at);

  beforeAll(async () => {
    dataDir = tempDataDir();
    clockFile = join(dataDir, 'clock');
    setClock(T0);
    server = await startServer({ dataDir, env: { CLOCK_FILE: clockFile } });
    admin = server.admin;
    [ann, bob, outsider] = await Promise.all([server.as('ann'), server.as('bob'), server.as('zed')]);
    viewer = await server.as('vic', 'VIEWER');
    for (const [name, timeZone] of [['ann', 'Europe/Berlin'], ['bob', 'Europe/Berlin'], ['cat', 'Europe/Berlin']]) {
      await mustQuery(admin, `mutation($input: RegisterPersonInput!) { registerPerson(input: $input) { name } }`, { input: { name, timeZone } });
    }
    await mustQuery(admin, `mutation { registerTeam(input: { slug: "payments", name: "Payments", members: ["ann", "bob", "cat"] }) { slug } }`);
    await mustQuery(admin, `mutation { registerService(input: { slug: "payments-api", name: "Payments API", tier: TIER_1, ownerTeam: "payments" }) { slug } }`);
  });

  afterAll(async () => {
    await server?.stop();
    removeDataDir(dataDir);
  });

  it('refuses bad schedules with the field named, and writes nothing', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ timeZone: 'Mars/Olympus_Mons' }, 'timeZone'],
      [{ layers: [{ ...weeklyPrimary, handOff: '9am' }] }, 'handOff'],
      [{ layers: [{ ...weeklyPrimary, members: [] }] }, 'members'],
      [{ layers: [{ ...weeklyPrimary, rotation: { unit: 'WEEK', length: 53 } }] }, 'rotation.length'],
      [{ ownerTeam: 'nobody' }, 'ownerTeam'],
    ];
    for (const [input, field] of cases) {
      const response = await graphql(ann, CREATE, { input: newSchedule(input) });
      expect([errorOf(response)?.extensions?.code, fieldOf(response)]).toEqual(['BAD_USER_INPUT', field]);
    }
    expect((await mustQuery(viewer, SCHEDULE, { id: 'payments-primary' })).schedule).toBeNull();
  });

  it('lets admins and the owning team’s members build a schedule, and nobody else', async () => {
    expect(errorOf(await graphql(outsider, CREATE, { input: newSchedule() }))?.extensions?.code).toBe('FORBIDDEN');
    expect(errorOf(await graphql(viewer, CREATE, { input: newSchedule() }))?.extensions?.code).toBe('FORBIDDEN');
    const { createSchedule } = await mustQuery(ann, CREATE, { input: newSchedule() });
    expect(createSchedule).toMatchObject({ id: 'payments-primary', timeZone: 'Europe/Berlin', asOf: null, overrides: [], swaps: [] });
    expect(createSchedule.layers.map((layer: { id: string; name: string }) => [layer.id, layer.name])).toEqual([['layer-1', 'Weekly primary'], ['layer-2', 'Business hours']]);
    expect(errorOf(await graphql(outsider, CHANGE, { input: { scheduleId: 'payments-primary', layerId: 'layer-1', members: ['zed'] } }))?.extensions?.code).toBe('FORBIDDEN');
  });

  it('answers who is on call around hand-offs, the local hand-off time kept across the DST change', async () => {
    const at = async (instant: string) => (await mustQuery(viewer, ON_CALL, { at: instant })).onCall;
    // Before the rota's first hand-off (09:00 CET = 08:00Z): nobody.
    expect(await at('2027-03-22T07:59:00Z')).toBeNull();
    expect(await at('2027-03-22T08:00:00Z')).toEqual({ person: 'cat', from: '2027-03-22T08:00:00.000Z', to: '2027-03-22T16:00:00.000Z', source: 'LAYER', layerId: 'layer-2', overrideId: null });
    expect(await at('2027-03-22T16:00:00Z')).toMatchObject({ person: 'ann', from: '2027-03-22T16:00:00.000Z', to: '2027-03-23T08:00:00.000Z', layerId: 'layer-1' });
    // Monday 29 March, now CEST: the weekly hand-off and the business day start at 09:00 local, 07:00Z.
    expect(await at('2027-03-29T06:59:00Z')).toMatchObject({ person: 'ann', to: '2027-03-29T07:00:00.000Z' });
    expect(await at('2027-03-29T07:00:00Z')).toMatchObject({ person: 'cat', from: '2027-03-29T07:00:00.000Z', to: '2027-03-29T15:00:00.000Z' });
    expect(await at('2027-03-29T15:00:00Z')).toMatchObject({ person: 'bob', from: '2027-03-29T15:00:00.000Z', to: '2027-03-30T07:00:00.000Z' });

    const { shifts } = await mustQuery(viewer, SHIFTS, { from: '2027-03-27T00:00:00Z', to: '2027-03-29T00:00:00Z' });
    expect(shifts.map((shift: FeedEvent & { person: string }) => [shift.person, shift.from, shift.to])).toEqual([
      ['ann', '2027-03-27T00:00:00.000Z', '2027-03-27T08:00:00.000Z'],
      ['cat', '2027-03-27T08:00:00.000Z', '2027-03-27T16:00:00.000Z'],
      // The night of the change is an hour shorter: 17:00 CET to 09:00 CEST.
      ['ann', '2027-03-27T16:00:00.000Z', '2027-03-28T07:00:00.000Z'],
      ['cat', '2027-03-28T07:00:00.000Z', '2027-03-28T15:00:00.000Z'],
      ['ann', '2027-03-28T15:00:00.000Z', '2027-03-29T00:00:00.000Z'],
    ]);
    // The weekly layer's own rendering: one shift, cut to the range.
    const { shifts: weekly } = await mustQuery(viewer, SHIFTS, { from: '2027-03-27T00:00:00Z', to: '2027-03-29T00:00:00Z', layerId: 'layer-1' });
    expect(weekly).toEqual([{ person: 'ann', from: '2027-03-27T00:00:00.000Z', to: '2027-03-29T00:00:00.000Z', source: 'LAYER' }]);
  });

  it('answers who is on call now for a person, a team and a service', async () => {
    setClock('2027-03-22T10:00:00.000Z');
    const { onCallNow } = await mustQuery(viewer, `{ onCallNow(person: "cat") { scheduleId person to } }`);
    expect(onCallNow).toEqual([{ scheduleId: 'payments-primary', person: 'cat', to: '2027-03-22T16:00:00.000Z' }]);
    const { team } = await mustQuery(viewer, `{ team(slug: "payments") { schedules { id } onCallNow { person } } }`);
    expect(team).toEqual({ schedules: [{ id: 'payments-primary' }], onCallNow: [{ person: 'cat' }] });
    const { service } = await mustQuery(viewer, `{ service(slug: "payments-api") { onCall { person scheduleId } } }`);
    expect(service.onCall).toEqual([{ person: 'cat', scheduleId: 'payments-primary' }]);
    expect((await mustQuery(ann, `{ onCallNow { person } }`)).onCallNow).toEqual([]);
    setClock(T0);
  });

  it('swaps a shift: offered by its owner, taken by a teammate, and then the taker is on call', async () => {
    // bob's night of 30 to 31 March (17:00 to 09:00 CEST); cat's day is not his to offer.
    const night = { scheduleId: 'payments-primary', from: '2027-03-30T15:00:00Z', to: '2027-03-31T07:00:00Z' };
    const notHis = await graphql(bob, OFFER, { input: { ...night, to: '2027-03-31T08:00:00Z' } });
    expect([errorOf(notHis)?.extensions?.code, fieldOf(notHis)]).toEqual(['BAD_USER_INPUT', 'person']);
    expect(errorOf(await graphql(bob, OFFER, { input: { ...night, person: 'ann' } }))?.extensions?.code).toBe('FORBIDDEN');

    const { offerShiftSwap } = await mustQuery(bob, OFFER, { input: night });
    expect(offerShiftSwap.swaps).toEqual([{ id: 'swap-1', person: 'bob', from: '2027-03-30T15:00:00.000Z', to: '2027-03-31T07:00:00.000Z', status: 'OFFERED' }]);
    const { takeShiftSwap } = await mustQuery(ann, TAKE, { input: { scheduleId: 'payments-primary', swapId: 'swap-1' } });
    expect(takeShiftSwap.swaps).toEqual([{ id: 'swap-1', status: 'TAKEN', takenBy: 'ann', overrideId: 'override-1' }]);
    expect(errorOf(await graphql(bob, TAKE, { input: { scheduleId: 'payments-primary', swapId: 'swap-1' } }))?.extensions?.code).toBe('CONFLICT');

    const { onCall } = await mustQuery(viewer, ON_CALL, { at: '2027-03-30T20:00:00Z' });
    expect(onCall).toEqual({ person: 'ann', from: '2027-03-30T15:00:00.000Z', to: '2027-03-31T07:00:00.000Z', source: 'OVERRIDE', layerId: null, overrideId: 'override-1' });
  });

  it('refuses an override that ends before it starts, or in the past, and writes nothing', async () => {
    const before = (await mustQuery(viewer, SCHEDULE, { id: 'payments-primary' })).schedule;
    for (const [from, to] of [
      ['2027-04-02T10:00:00Z', '2027-04-02T09:00:00Z'],
      ['2027-03-01T10:00:00Z', '2027-03-02T10:00:00Z'],
    ]) {
      const response = await graphql(ann, OVERRIDE, { input: { scheduleId: 'payments-primary', person: 'cat', from, to } });
      expect([errorOf(response)?.extensions?.code, fieldOf(response)]).toEqual(['BAD_USER_INPUT', 'to']);
    }
    expect((await mustQuery(viewer, SCHEDULE, { id: 'payments-primary' })).schedule).toEqual(before);
  });

  it('serves the schedule’s and a person’s calendar at secret URLs, without a key, and closes a URL when it is rotated', async () => {
    const ROTATE = `mutation { rotateScheduleCalendarUrl(scheduleId: "payments-primary") { path rotatedAt } }`;
    expect(errorOf(await graphql(outsider, ROTATE))?.extensions?.code).toBe('FORBIDDEN');
    const { rotateScheduleCalendarUrl } = await mustQuery(ann, ROTATE);
    expect(rotateScheduleCalendarUrl.path).toMatch(/^\/oncall\/calendars\/ilc_[A-Za-z0-9_-]{43}\.ics$/);
    const base = new URL(server.url).origin;

    const response = await fetch(base + rotateScheduleCalendarUrl.path);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('private, no-cache');
    const feed = feedEvents(await response.text());
    expect(feed.name).toBe('On call: Payments primary');
    expect(feed.zones).toEqual(['Europe/Berlin']);
    // The feed holds the last 30 days and the next 180: the same shifts the API renders over that range.
    const window = { from: '2027-02-20T00:00:00.000Z', to: '2027-09-18T00:00:00.000Z' };
    const { shifts } = await mustQuery(viewer, SHIFTS, window);
    expect(feed.events).toEqual(shifts.map((shift: FeedEvent & { person: string }) => ({ summary: `On call: ${shift.person}`, from: shift.from, to: shift.to })));
    expect(feed.events.length).toBeGreaterThan(300);

    const { rotateMyCalendarUrl } = await mustQuery(ann, `mutation { rotateMyCalendarUrl { path } }`);
    const mine = feedEvents(await (await fetch(base + rotateMyCalendarUrl.path)).text());
    const { myShifts } = await mustQuery(ann, `query($from: DateTime!, $to: DateTime!) { myShifts(from: $from, to: $to) { person from to } }`, window);
    expect(mine.events).toEqual(myShifts.map((shift: FeedEvent) => ({ summary: 'On call: Payments primary', from: shift.from, to: shift.to })));
    expect(mine.events).toContainEqual({ summary: 'On call: Payments primary', from: '2027-03-30T15:00:00.000Z', to: '2027-03-31T07:00:00.000Z' });

    const { rotateScheduleCalendarUrl: rotated } = await mustQuery(ann, ROTATE);
    expect((await fetch(base + rotateScheduleCalendarUrl.path)).status).toBe(404);
    expect((await fetch(base + rotated.path)).status).toBe(200);
    expect((await fetch(`${base}/oncall/calendars/ilc_${'A'.repeat(43)}.ics`)).status).toBe(404);
  });

  it('an edit counts from its instant: the past answers as it was, and asOf shows the schedule before the edit', async () => {
    // Monday 22 March, 20:00Z: ann is on the rota's night.
    setClock('2027-03-22T20:00:00.000Z');
    await mustQuery(ann, CHANGE, { input: { scheduleId: 'payments-primary', layerId: 'layer-1', members: ['dan', 'eve'] } });
    const at = async (instant: string, asOf?: string) => (await mustQuery(viewer, ON_CALL, { at: instant, asOf })).onCall?.person;
    expect(await at('2027-03-22T19:00:00Z')).toBe('ann');
    expect(await at('2027-03-22T21:00:00Z')).toBe('dan');
    // The second week of the rota is eve's now; as the schedule stood before the edit, bob's.
    expect(await at('2027-03-29T16:00:00Z')).toBe('eve');
    expect(await at('2027-03-29T16:00:00Z', '2027-03-22T19:00:00Z')).toBe('bob');

    const { schedule: before } = await mustQuery(viewer, SCHEDULE, { id: 'payments-primary', asOf: '2027-03-22T19:00:00Z' });
    expect(before.asOf).toBe('2027-03-22T19:00:00.000Z');
    expect(before.layers[0].members).toEqual(['ann', 'bob']);
    expect((await mustQuery(viewer, SCHEDULE, { id: 'payments-primary' })).schedule.layers[0].members).toEqual(['dan', 'eve']);
    // Before the schedule existed, there was none.
    expect((await mustQuery(viewer, SCHEDULE, { id: 'payments-primary', asOf: '2027-03-21T00:00:00Z' })).schedule).toBeNull();
    const refused = await graphql(ann, CHANGE, { input: { scheduleId: 'payments-primary', layerId: 'layer-1', members: ['ann'], effectiveFrom: '2027-03-22T19:00:00Z' } });
    expect([errorOf(refused)?.extensions?.code, fieldOf(refused)]).toEqual(['BAD_USER_INPUT', 'effectiveFrom']);
  });

  it('sums on-call hours per person, with the share outside their working hours', async () => {
    const LOAD = `{ onCallLoad(from: "2027-03-22T00:00:00Z", to: "2027-03-29T00:00:00Z", team: "payments") { person timeZone hours hoursOutsideWorkingHours shareOutsideWorkingHours shifts } }`;
    const { onCallLoad } = await mustQuery(viewer, LOAD);
    // cat holds 09:00–17:00 every day: 7 × 8 h, of which Saturday and Sunday are outside working hours.
    expect(onCallLoad.find((load: { person: string }) => load.person === 'cat')).toEqual({ person: 'cat', timeZone: 'Europe/Berlin', hours: 56, hoursOutsideWorkingHours: 16, shareOutsideWorkingHours: 0.286, shifts: 7 });
    // ann holds only Berlin nights (17:00 to 09:00): all of it outside her working hours.
    expect(onCallLoad.find((load: { person: string }) => load.person === 'ann')).toMatchObject({ timeZone: 'Europe/Berlin', shareOutsideWorkingHours: 1 });
    // dan is not in the catalogue: his hours are placed in UTC, where 16:00Z to 17:00Z is still the working day.
    const dan = onCallLoad.find((load: { person: string }) => load.person === 'dan');
    expect(dan.timeZone).toBe('UTC');
    expect(dan.hoursOutsideWorkingHours).toBeLessThan(dan.hours);
    expect(onCallLoad.map((load: { person: string }) => load.person).sort()).toEqual(['ann', 'cat', 'dan']);
  });
});
