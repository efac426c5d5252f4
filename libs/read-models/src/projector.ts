import { UndecodableEventError } from '@incident-ledger/domain';
import { EventStore, EventSubscription, RecordedEvent } from '@incident-ledger/event-store';

/** Something that folds store events in position order and knows the last position it applied. */
export interface Projection {
  readonly position: number;
  apply(event: RecordedEvent): unknown;
}

/** A projection with the name the logs, `/health` and the snapshot know it by. */
export interface NamedProjection {
  readonly name: string;
  readonly model: Projection;
}

/** Why a read model stopped: the event it could not apply, or (no event) the store's subscription failing under it. */
export interface ReadModelStop {
  readModel: string;
  event?: { type: string; streamId: string; position: number };
  error: unknown;
}

/**
 * One line on a stop: what failed where, never the event's data. For the log
 * the error's message; for callers (`/health`) only what cannot name a
 * stream, since that could name a private incident: the error's kind, or for
 * a stored event that does not fit, the field and what is wrong with it.
 */
export function describeStop(stop: ReadModelStop, audience: 'log' | 'callers' = 'log'): string {
  const cause = audience === 'log' ? messageOf(stop.error) : publicCause(stop.error);
  return stop.event
    ? `${stop.readModel} could not apply ${stop.event.type} at position ${stop.event.position}: ${cause}`
    : `${stop.readModel} stopped with the store's subscription: ${cause}`;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function publicCause(error: unknown): string {
  if (error instanceof UndecodableEventError) return `${error.field} ${error.problem}`;
  return error instanceof Error ? error.name : 'an error';
}

export class ReadModelTimeoutError extends Error {
  constructor(
    readonly position: number,
    readonly reached: number,
  ) {
    super(`The read models did not reach position ${position} in time (they are at ${reached})`);
    this.name = 'ReadModelTimeoutError';
  }
}

/** A wait for a read model that stopped: it will never reach `position`. */
export class ReadModelStoppedError extends Error {
  constructor(
    readonly position: number,
    readonly stop: ReadModelStop,
  ) {
    super(`The read model ${stop.readModel} has stopped and will not reach position ${position} (${describeStop(stop)})`);
    this.name = 'ReadModelStoppedError';
  }
}

interface Fed {
  readonly name: string;
  readonly model: Projection;
  stop?: ReadModelStop;
}

interface Waiter {
  position: number;
  /** The read model waited for; every running one when absent. */
  target?: Fed;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Feeds read models from one store subscription, starting at the lowest of
 * their checkpoints (each skips what it already applied, so models restored
 * from a snapshot and a model replayed from the start share one pass), and
 * lets callers wait until a position is applied (read-your-writes).
 *
 * A read model whose projection throws stops alone: it is fed nothing more,
 * `onStop` hears of it once, waits on it fail with ReadModelStoppedError, and
 * the others go on applying and serving.
 */
export class Projector {
  private subscription: EventSubscription | undefined;
  private running: Promise<void> | undefined;
  private readonly fed: readonly Fed[];
  /** The read models still applying: the hot loop walks this list. */
  private live: Fed[];
  private waiters: Waiter[] = [];
  private delivered = 0;

  constructor(
    private readonly store: EventStore,
    models: readonly NamedProjection[],
    private readonly onStop: (stop: ReadModelStop) => void = () => undefined,
  ) {
    this.fed = models.map(({ name, model }) => ({ name, model }));
    this.live = [...this.fed];
  }

  /** The position every running read model has applied (every read model's, once all have stopped). */
  get position(): number {
    return Math.min(...(this.live.length > 0 ? this.live : this.fed).map((fed) => fed.model.position));
  }

  /** How many events the store delivered since start: positions need not count events (EventStoreDB's do not). */
  get applied(): number {
    return this.delivered;
  }

  /** The read models that stopped, and why. */
  get stopped(): ReadModelStop[] {
    return this.fed.flatMap((fed) => (fed.stop ? [fed.stop] : []));
  }

  /** Starts following the store; resolves once the running read models have applied everything up to `head` (the store's head, read if not given). */
  async start(head?: number): Promise<void> {
    head ??= await this.store.headPosition();
    this.subscription = this.store.subscribe({ after: this.position });
    this.running = this.run(this.subscription);
    await this.waitFor(head, Infinity);
  }

  /** Resolves once `readModel` (every running one if not given) has applied everything the store holds now; rejects after `timeoutMs`. */
  async catchUp(timeoutMs: number, readModel?: Projection): Promise<void> {
    await this.waitFor(await this.store.headPosition(), timeoutMs, readModel);
  }

  /**
   * Resolves once `readModel` has applied `position`; rejects after
   * `timeoutMs`, or at once when it stopped. Without `readModel`, waits for
   * the read models still running (none left: nothing to wait for), so that
   * one stopped model holds up nobody who does not read it.
   */
  waitFor(position: number, timeoutMs: number, readModel?: Projection): Promise<void> {
    const target = readModel && this.fedFor(readModel);
    if (target?.stop) return Promise.reject(new ReadModelStoppedError(position, target.stop));
    if (this.reached(target) >= position) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        position,
        target,
        resolve: () => (clearTimeout(timer), resolve()),
        reject: (error: unknown) => (clearTimeout(timer), reject(error)),
      };
      const timer =
        timeoutMs === Infinity
          ? undefined
          : setTimeout(() => {
              this.waiters = this.waiters.filter((w) => w !== waiter);
              reject(new ReadModelTimeoutError(position, this.reached(target)));
            }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  async stop(): Promise<void> {
    this.subscription?.close();
    await this.running;
  }

  private fedFor(model: Projection): Fed {
    const fed = this.fed.find((candidate) => candidate.model === model);
    if (!fed) throw new Error('This projector does not feed that read model');
    return fed;
  }

  private reached(target: Fed | undefined): number {
    if (target) return target.model.position;
    return this.live.length > 0 ? this.position : Infinity;
  }

  private async run(subscription: EventSubscription): Promise<void> {
    try {
      for await (const event of subscription) {
        for (const fed of this.live) {
          try {
            fed.model.apply(event);
          } catch (error) {
            this.halt(fed, { readModel: fed.name, event: { type: event.type, streamId: event.streamId, position: event.position }, error });
          }
        }
        this.delivered++;
        if (this.waiters.length > 0) this.release(event.position);
      }
    } catch (error) {
      // The subscription itself failed: nothing feeds any read model any more.
      for (const fed of this.live) this.halt(fed, { readModel: fed.name, error });
    }
  }

  private halt(fed: Fed, stop: ReadModelStop): void {
    fed.stop = stop;
    // A new list: the loop over the old one finishes the event in hand.
    this.live = this.live.filter((other) => other !== fed);
    const waitingOnIt = this.waiters.filter((waiter) => waiter.target === fed);
    this.waiters = this.waiters.filter((waiter) => waiter.target !== fed);
    for (const waiter of waitingOnIt) waiter.reject(new ReadModelStoppedError(waiter.position, stop));
    this.onStop(stop);
    // The last one gone: waits on "every running read model" have nothing left to wait for.
    if (this.live.length === 0) this.release(Infinity);
  }

  /** `reached`: the position just applied, by every running read model (asking each would cost a pass over them). */
  private release(reached: number): void {
    const ready = this.waiters.filter((waiter) => waiter.position <= reached);
    if (ready.length === 0) return;
    this.waiters = this.waiters.filter((waiter) => waiter.position > reached);
    for (const waiter of ready) waiter.resolve();
  }
}
