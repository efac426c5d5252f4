import { EventStore, EventSubscription, RecordedEvent } from '@incident-ledger/event-store';

/** Something that folds store events in position order and knows the last position it applied. */
export interface Projection {
  readonly position: number;
  apply(event: RecordedEvent): unknown;
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

/**
 * Feeds projections from the store's subscription, starting at their
 * checkpoint, and lets callers wait until a position is applied
 * (read-your-writes for mutations).
 */
export class Projector {
  private subscription: EventSubscription | undefined;
  private running: Promise<void> | undefined;
  private waiters: Array<{ position: number; resolve: () => void; reject: (error: unknown) => void }> = [];
  private failure: unknown;
  private delivered = 0;

  constructor(
    private readonly store: EventStore,
    private readonly projection: Projection,
    private readonly onError: (error: unknown) => void = () => undefined,
  ) {}

  get position(): number {
    return this.projection.position;
  }

  /** How many events the store delivered to the projection since start: positions need not count events (EventStoreDB's do not). */
  get applied(): number {
    return this.delivered;
  }

  /** The error that stopped the projector, if any. */
  get error(): unknown {
    return this.failure;
  }

  /** Starts following the store; resolves once everything up to `head` (the store's head, read if not given) is applied. */
  async start(head?: number): Promise<void> {
    head ??= await this.store.headPosition();
    this.subscription = this.store.subscribe({ after: this.projection.position });
    this.running = this.run(this.subscription);
    await this.waitFor(head, Infinity);
  }

  /** Resolves once the projection has applied everything the store holds now; rejects after `timeoutMs`. */
  async catchUp(timeoutMs: number): Promise<void> {
    await this.waitFor(await this.store.headPosition(), timeoutMs);
  }

  /** Resolves once the projection has applied `position`; rejects after `timeoutMs`. */
  waitFor(position: number, timeoutMs: number): Promise<void> {
    if (this.projection.position >= position) return Promise.resolve();
    if (this.failure) return Promise.reject(this.failure);
    return new Promise<void>((resolve, reject) => {
      const waiter = {
        position,
        resolve: () => (clearTimeout(timer), resolve()),
        reject: (error: unknown) => (clearTimeout(timer), reject(error)),
      };
      const timer =
        timeoutMs === Infinity
          ? undefined
          : setTimeout(() => {
              this.waiters = this.waiters.filter((w) => w !== waiter);
              reject(new ReadModelTimeoutError(position, this.projection.position));
            }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  async stop(): Promise<void> {
    this.subscription?.close();
    await this.running;
  }

  private async run(subscription: EventSubscription): Promise<void> {
    try {
      for await (const event of subscription) {
        this.projection.apply(event);
        this.delivered++;
        if (this.waiters.length > 0) this.release(event.position);
      }
    } catch (error) {
      this.failure = error;
      const waiting = this.waiters;
      this.waiters = [];
      for (const waiter of waiting) waiter.reject(error);
      this.onError(error);
    }
  }

  /** `reached`: the position just applied (asking a composite projection would cost a pass over its parts). */
  private release(reached: number): void {
    const ready = this.waiters.filter((waiter) => waiter.position <= reached);
    if (ready.length === 0) return;
    this.waiters = this.waiters.filter((waiter) => waiter.position > reached);
    for (const waiter of ready) waiter.resolve();
  }
}
