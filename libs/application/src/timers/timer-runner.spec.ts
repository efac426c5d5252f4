import { FixedClock, TimerFields, timerStreamId } from '@incident-ledger/domain';
import { EventStore, InMemoryEventStore, RecordedEvent } from '@incident-ledger/event-store';
import { PendingTimer, Projector, TimersReadModel } from '@incident-ledger/read-models';
import { TimerCommandExecutor } from './timer-command.executor';
import { TimerHandlers } from './timer-handlers';
import { TimerRunner, TimerRunnerLogEntry } from './timer-runner';
import { Timers } from './timers.service';

const DUE = '2026-06-01T10:30:00.000Z';
const context = { actor: 'reminders', correlationId: 'c' };

const reminder = (timerId: string, dueAt = DUE): TimerFields => ({
  timerId,
  dueAt,
  owner: 'incident:inc-1',
  action: { type: 'reminder', data: { incidentId: 'inc-1', kind: 'STATUS_UPDATE_DUE' } },
});

/** A handler that records what it ran, answers `outcome`, and throws while `failing` says so. */
class RecordingHandler {
  readonly action = 'reminder';
  readonly ran: string[] = [];
  failing: (timer: PendingTimer) => boolean = () => false;

  constructor(private readonly outcome = 'sent to alice') {}

  async fire(timer: PendingTimer): Promise<string | null> {
    this.ran.push(timer.timerId);
    if (this.failing(timer)) throw new Error(`the chat is down for ${timer.timerId}`);
    return this.outcome;
  }
}

/** What one server holds: its own read model, projector, executor and runner, on a store it may share. */
async function startServer(store: EventStore, clock: FixedClock, handler = new RecordingHandler()) {
  const readModel = new TimersReadModel();
  const projector = new Projector(store, [{ name: 'timers', model: readModel }]);
  await projector.start();
  const executor = new TimerCommandExecutor(store, clock);
  const handlers = new TimerHandlers();
  handlers.register(handler);
  const logged: TimerRunnerLogEntry[] = [];
  const runner = new TimerRunner({ executor, clock, projector, timers: readModel, handlers, log: (entry) => logged.push(entry), waitMs: 2_000 });
  const timers = new Timers(executor, readModel, projector, 2_000);
  servers.push(projector);
  return { readModel, projector, runner, timers, handler, handlers, logged };
}

const servers: Projector[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((projector) => projector.stop()));
});

async function streamOf(store: EventStore, timerId: string): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for await (const event of store.readStream(timerStreamId(timerId))) events.push(event);
  return events;
}

const firings = async (store: EventStore, timerId: string) => (await streamOf(store, timerId)).filter((event) => event.type === 'TimerFired');

describe('timer runner', () => {
  it('fires a timer at its due time, not a millisecond before, recording what its handler answered', async () => {
    const store = new InMemoryEventStore();
    const clock = new FixedClock(new Date('2026-06-01T10:00:00Z'));
    const server = await startServer(store, clock);
    await server.timers.schedule(reminder('t1'), context);

    clock.set(new Date(Date.parse(DUE) - 1));
    expect(await server.runner.fireDue()).toBe(0);
    expect(server.handler.ran).toEqual([]);

    clock.set(DUE);
    expect(await server.runner.fireDue()).toBe(1);
    expect(server.handler.ran).toEqual(['t1']);
    expect((await firings(store, 't1')).map((event) => event.data)).toEqual([{ timerId: 't1', at: DUE, outcome: 'sent to alice' }]);
    expect(server.readModel.timer('t1')).toMatchObject({ status: 'FIRED', outcome: 'sent to alice' });
  });

  it('fires a timer once however many rounds run after it fell due', async () => {
    const store = new InMemoryEventStore();
    const clock = new FixedClock(new Date(DUE));
    const server = await startServer(store, clock);
    await server.timers.schedule(reminder('t1'), context);
    for (let round = 0; round < 5; round++) {
      await server.runner.fireDue();
      clock.advance(60_000);
    }
    expect(server.handler.ran).toEqual(['t1']);
    expect(await firings(store, 't1')).toHaveLength(1);
  });

  it('fires each timer once when two servers on one store run their rounds at the same time', async () => {
    const store = new InMemoryEventStore();
    const clock = new FixedClock(new Date('2026-06-01T10:00:00Z'));
    // Each answers its own outcome: the loser's firing is then another command under the same id, and is still not written.
    const [one, two] = [await startServer(store, clock, new RecordingHandler('fired by one')), await startServer(store, clock, new RecordingHandler('fired by two'))];
    const ids = Array.from({ length: 12 }, (_, index) => `t${index}`);
    for (const id of ids) await one.timers.schedule(reminder(id), context);
    await two.projector.catchUp(2_000);

    clock.set(DUE);
    const fired: number[] = [];
    for (let round = 0; round < 3; round++) fired.push(...(await Promise.all([one.runner.fireDue(), two.runner.fireDue()])));

    expect(fired.reduce((sum, count) => sum + count, 0)).toBe(ids.length);
    for (const id of ids) expect(await firings(store, id)).toHaveLength(1);
    // A handler runs twice only for a timer both servers took in the same round.
    expect(one.handler.ran.length + two.handler.ran.length).toBeLessThanOrEqual(2 * ids.length);
    expect(new Set([...one.handler.ran, ...two.handler.ran])).toEqual(new Set(ids));
  });

  it('never fires a cancelled timer, and cancelling it again changes nothing', async () => {
    const store = new InMemoryEventStore();
    const clock = new FixedClock(new Date('2026-06-01T10:00:00Z'));
    const server = await startServer(store, clock);
    await server.timers.schedule(reminder('t1'), context);
    expect(server.timers.pendingFor('incident:inc-1').map((timer) => timer.timerId)).toEqual(['t1']);
    await server.timers.cancel('t1', 'status update posted', context);
    await server.timers.cancel('t1', 'status update posted', context);
    expect(server.timers.pendingFor('incident:inc-1')).toEqual([]);

    clock.set('2026-06-02T00:00:00Z');
    expect(await server.runner.fireDue()).toBe(0);
    expect(server.handler.ran).toEqual([]);
    expect((await streamOf(store, 't1')).map((event) => event.type)).toEqual(['TimerScheduled', 'TimerCancelled']);
  });

  it('fires once, at the first round after a restart, a timer that fell due while nothing ran', async () => {
    const store = new InMemoryEventStore();
    const clock = new FixedClock(new Date('2026-06-01T10:00:00Z'));
    const before = await startServer(store, clock);
    await before.timers.schedule(reminder('t1'), context);
    await before.projector.stop();

    clock.set('2026-06-01T14:00:00Z');
    const after = await startServer(store, clock);
    expect(await after.runner.fireDue()).toBe(1);
    expect(await after.runner.fireDue()).toBe(0);
    expect(after.handler.ran).toEqual(['t1']);
    expect((await firings(store, 't1')).map((event) => event.data)).toEqual([{ timerId: 't1', at: '2026-06-01T14:00:00.000Z', outcome: 'sent to alice' }]);
  });

  it('leaves a timer whose handler throws pending, tries it again after a growing pause, and fires the others meanwhile', async () => {
    const store = new InMemoryEventStore();
    const clock = new FixedClock(new Date('2026-06-01T10:00:00Z'));
    const server = await startServer(store, clock);
    let chatDown = true;
    server.handler.failing = (timer) => timer.timerId === 'broken' && chatDown;
    // The broken timer is due first, and the round takes one timer only: it must not stand in the others' way.
    await server.timers.schedule(reminder('broken', '2026-06-01T10:29:00.000Z'), context);
    await server.timers.schedule(reminder('fine'), context);

    clock.set(DUE);
    expect(await server.runner.fireDue(1)).toBe(0);
    expect(server.logged).toEqual([expect.objectContaining({ message: 'Timer handler failed; tried again later', timerId: 'broken', action: 'reminder', retryAt: '2026-06-01T10:30:01.000Z' })]);
    expect(await server.runner.fireDue(1)).toBe(1);
    expect(server.handler.ran).toEqual(['broken', 'fine']);

    clock.advance(999);
    expect(await server.runner.fireDue()).toBe(0);
    clock.advance(1);
    expect(await server.runner.fireDue()).toBe(0);
    expect(server.logged[1]).toMatchObject({ timerId: 'broken', retryAt: '2026-06-01T10:30:03.000Z' });
    clock.advance(1_999);
    expect(await server.runner.fireDue()).toBe(0);
    expect(server.handler.ran).toEqual(['broken', 'fine', 'broken']);

    chatDown = false;
    clock.advance(1);
    expect(await server.runner.fireDue()).toBe(1);
    expect(server.readModel.timer('broken')).toMatchObject({ status: 'FIRED' });
    expect(await firings(store, 'broken')).toHaveLength(1);
  });

  it('fires a timer whose action nobody handles, saying so, rather than trying it on every round', async () => {
    const store = new InMemoryEventStore();
    const clock = new FixedClock(new Date(DUE));
    const server = await startServer(store, clock);
    await server.timers.schedule({ ...reminder('t1'), action: { type: 'escalation', data: {} } }, context);
    expect(await server.runner.fireDue()).toBe(1);
    expect((await firings(store, 't1'))[0].data).toMatchObject({ outcome: 'no handler for escalation' });
    expect(server.logged).toEqual([expect.objectContaining({ timerId: 't1', action: 'escalation' })]);
  });
});

describe('timers', () => {
  it('schedule a timer once, and refuse its id for another timer', async () => {
    const store = new InMemoryEventStore();
    const server = await startServer(store, new FixedClock(new Date('2026-06-01T10:00:00Z')));
    await server.timers.schedule(reminder('t1'), context);
    await server.timers.schedule(reminder('t1'), context);
    expect(await streamOf(store, 't1')).toHaveLength(1);
    await expect(server.timers.schedule(reminder('t1', '2026-06-01T11:00:00.000Z'), context)).rejects.toMatchObject({ reason: 'TIMER_ID_REUSED' });
  });

  it('take one handler per action type', () => {
    const handlers = new TimerHandlers();
    handlers.register(new RecordingHandler());
    expect(() => handlers.register(new RecordingHandler())).toThrow('A timer handler for reminder is registered already');
  });
});
