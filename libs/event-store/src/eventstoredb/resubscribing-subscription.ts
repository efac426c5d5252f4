import type { AllStreamResolvedEvent, AllStreamSubscription } from '@eventstore/db-client';
import { EventSubscription, RecordedEvent } from '../event-store.port';

export interface SubscriptionLog {
  warn(entry: { message: string; [field: string]: unknown }): void;
}

const CLOSED = Symbol('closed');

/**
 * A `$all` subscription that outlives dropped connections. The client never
 * resubscribes by itself (docs/eventstoredb.md §4): when the call fails or
 * ends, this waits (doubling from `first` to `max` ms), logs, and subscribes
 * again after the last event it delivered, so nothing is missed and nothing
 * comes twice. Only positions of delivered events count: the client can
 * announce a checkpoint before the events in front of it are consumed.
 */
export class ResubscribingSubscription implements EventSubscription {
  private closed = false;
  private signalClosed!: () => void;
  private readonly closing = new Promise<typeof CLOSED>((resolve) => (this.signalClosed = () => resolve(CLOSED)));

  constructor(
    private readonly open: (after: number) => AllStreamSubscription,
    private readonly convert: (resolved: AllStreamResolvedEvent) => RecordedEvent | undefined,
    /** The position of the last event delivered: the next subscription starts after it. */
    private after: number,
    private readonly log: SubscriptionLog | undefined,
    private readonly delayMs: { first: number; max: number } = { first: 100, max: 5000 },
    private readonly onClose: () => void = () => undefined,
  ) {}

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.signalClosed();
    this.onClose();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    let delay = this.delayMs.first;
    while (!this.closed) {
      const subscription = this.open(this.after);
      // Not destroyed on the way out: the call is cancelled and left to drain, or the client's dispose() would wait for it.
      const events = subscription.iterator({ destroyOnReturn: false });
      let reason: unknown = 'the server ended the subscription';
      try {
        for (;;) {
          const next = events.next();
          next.catch(() => undefined); // a drop while closing wins the race is of no interest
          const step = await Promise.race([next, this.closing]);
          if (step === CLOSED) return;
          if (step.done) break;
          const event = this.convert(step.value as AllStreamResolvedEvent);
          if (!event || event.position <= this.after) continue;
          this.after = event.position;
          delay = this.delayMs.first;
          yield event;
        }
      } catch (error) {
        if (this.closed) return;
        reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      } finally {
        await subscription.unsubscribe();
        subscription.resume();
      }
      if (this.closed) return;
      this.log?.warn({ message: 'EventStoreDB subscription dropped; resubscribing', reason, after: this.after, inMs: delay });
      if ((await Promise.race([new Promise((resolve) => setTimeout(resolve, delay).unref()), this.closing])) === CLOSED) return;
      delay = Math.min(delay * 2, this.delayMs.max);
    }
  }
}
