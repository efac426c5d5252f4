import { FixedClock, timerStreamId } from '@incident-ledger/domain';
import { EventStore, InMemoryEventStore } from '@incident-ledger/event-store';
import { PendingTimer, Projector, TimersReadModel } from '@incident-ledger/read-models';
import { TimerCommandExecutor } from '../timers/timer-command.executor';
import { TimerHandlers } from '../timers/timer-handlers';
import { TimerRunner } from '../timers/timer-runner';
import { Timers } from '../timers/timers.service';
import { OnceOnlyLoop } from './once-only-loop';

const DUE = '2026-06-01T10:30:00.000Z';

async function typesIn(store: EventStore, timerId: string): Promise<string[]> {
  const types: string[] = [];
  for await (const event of store.readStream(timerStreamId(timerId))) types.push(event.type);
  return types;
}

async function eventually(check: () => boolean, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('not within the time allowed');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('once-only loop, firing timers', () => {
  let projector: Projector;
  afterEach(() => projector.stop());

  /** A server's timers, one due timer scheduled, a lease it holds or not, and a handler that runs `fire`. */
  async function setUp(fire: (timer: PendingTimer) => Promise<string | null>) {
    const store = new InMemoryEventStore();
    const clock = new FixedClock(new Date(DUE));
    const timers = new TimersReadModel();
    projector = new Projector(store, [{ name: 'timers', model: timers }]);
    await projector.start();
    const executor = new TimerCommandExecutor(store, clock);
    const handlers = new TimerHandlers();
    handlers.register({ action: 'reminder', fire });
    const runner = new TimerRunner({ executor, clock, projector, timers, handlers, log: () => undefined, waitMs: 2_000 });
    const lease = { held: false };
    const failures: unknown[] = [];
    const lost: number[] = [];
    const loop = new OnceOnlyLoop({
      holdsLease: () => lease.held,
      round: () => runner.fireDue().then(() => undefined),
      onRoundFailed: (error) => failures.push(error),
      onLeaseLost: () => lost.push(Date.now()),
      pollMs: 50,
    });
    await new Timers(executor, timers, projector, 2_000).schedule({ timerId: 't1', dueAt: DUE, owner: 'incident:inc-1', action: { type: 'reminder', data: {} } }, { actor: 'test', correlationId: 'c' });
    return { store, lease, loop, failures, lost };
  }

  it('fires due timers only while this process holds the once-only lease, and says when it lost it', async () => {
    let ran = 0;
    const { store, lease, loop, failures, lost } = await setUp(async () => (ran++, 'done'));
    loop.start();
    await pause(300);
    expect(ran).toBe(0);

    lease.held = true;
    await eventually(() => ran > 0);
    await pause(200);
    expect(lost).toEqual([]);
    lease.held = false;
    await eventually(() => lost.length === 1);
    await pause(200);
    await loop.stop();
    expect(ran).toBe(1);
    expect(lost).toHaveLength(1);
    expect(await typesIn(store, 't1')).toEqual(['TimerScheduled', 'TimerFired']);
    expect(failures).toEqual([]);
  });

  it('lets a running round finish before it stops', async () => {
    let release: () => void = () => undefined;
    let started = false;
    const { store, lease, loop } = await setUp(() => ((started = true), new Promise((resolve) => (release = () => resolve('done')))));
    lease.held = true;
    loop.start();
    await eventually(() => started);

    let stopped = false;
    const stopping = loop.stop().then(() => (stopped = true));
    await pause(200);
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(await typesIn(store, 't1')).toEqual(['TimerScheduled', 'TimerFired']);
  });

  it('tells a round that fails the same way again once, not at every tick, and again after a round that worked', async () => {
    const failures: unknown[] = [];
    let failing = true;
    const loop = new OnceOnlyLoop({
      holdsLease: () => true,
      round: async () => {
        if (failing) throw new Error('the notifications read model has stopped');
      },
      onRoundFailed: (error) => failures.push(error),
      pollMs: 10,
    });
    loop.start();
    await pause(200);
    expect(failures).toHaveLength(1);
    failing = false;
    await pause(50);
    failing = true;
    await pause(50);
    await loop.stop();
    expect(failures).toHaveLength(2);
  });
});
