import type { AllStreamResolvedEvent, AllStreamSubscription, Position } from '@eventstore/db-client';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { EventSubscription, RecordedEvent } from '../event-store.port';

export interface SubscriptionLog {
  warn(entry: { message: string; [field: string]: unknown }): void;
}

export type CheckpointReached = (subscription: AllStreamSubscription, position: Position) => Promise<void>;

const CLOSED = Symbol('closed');

/**
 * A `$all` subscription that outlives dropped connections. The client never
 * resubscribes by itself (docs/eventstoredb.md §4): when the call fails or
 * ends, this waits (doubling from `first` to `max` ms), logs, and subscribes
 * again after the last event it delivered, so nothing is missed and nothing
 * comes twice, or after the last checkpoint the server sent, when every event
 * before it has been delivered: a filter that lets few events through then
 * does not make the server search the same stretch of the log again.
 *
 * An event the adapter cannot read (bad JSON, no position) ends the
 * subscription with that error rather than being fetched again for ever.
 */
export class ResubscribingSubscription implements EventSubscription {
  private closed = false;
  private signalClosed!: () => void;
  private readonly whenClosed = new Promise<typeof CLOSED>((resolve) => (this.signalClosed = () => resolve(CLOSED)));
  /** The position of the last event delivered: nothing at or before it is delivered again. */
  private delivered: number;
  /** Where the next subscription starts: `delivered`, or a later checkpoint with nothing undelivered before it. */
  private resumeAfter: number;
  private current: AllStreamSubscription | undefined;

  constructor(
    private readonly open: (after: number, checkpointReached: CheckpointReached) => AllStreamSubscription,
    private readonly convert: (resolved: AllStreamResolvedEvent) => RecordedEvent | undefined,
    after: number,
    private readonly log: SubscriptionLog | undefined,
    private readonly delayMs: { first: number; max: number } = { first: 100, max: 5000 },
    private readonly onClose: () => void = () => undefined,
  ) {
    this.delivered = after;
    this.resumeAfter = after;
  }

  /**
   * The client announces a checkpoint (and waits for this) once the events in
   * front of it are in the subscription's buffer, possibly not yet consumed
   * (docs/eventstoredb.md, pitfall 2). After one turn of the event loop, an
   * event taken from the buffer has been counted as delivered; if the buffer
   * is then empty, everything before the checkpoint has been delivered. The
   * checkpoint only moves where a resubscription starts: an event at or
   * before it still arriving (some servers sent checkpoints too early) is
   * still delivered.
   */
  private readonly checkpointReached: CheckpointReached = async (subscription, { commit }) => {
    await nextTurn();
    const checkpoint = Number(commit);
    if (subscription.readableLength === 0 && Number.isSafeInteger(checkpoint)) this.resumeAfter = Math.max(this.resumeAfter, checkpoint);
  };

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.signalClosed();
    // Ends the call even while the consumer is parked at a yield, so that the client's dispose() is not left waiting.
    if (this.current) endCall(this.current);
    this.onClose();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    let delay = this.delayMs.first;
    while (!this.closed) {
      const subscription = (this.current = this.open(this.resumeAfter, this.checkpointReached));
      // Not destroyed on the way out: the call is cancelled and left to drain, or the client's dispose() would wait for it.
      const events = subscription.iterator({ destroyOnReturn: false });
      let reason: unknown = 'the server ended the subscription';
      try {
        for (;;) {
          let step: IteratorResult<unknown> | typeof CLOSED;
          try {
            const next = events.next();
            next.catch(() => undefined); // a drop while closing wins the race is of no interest
            step = await Promise.race([next, this.whenClosed]);
          } catch (error) {
            if (this.closed) return;
            reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
            break;
          }
          if (step === CLOSED) return;
          if (step.done) break;
          const event = this.convert(step.value as AllStreamResolvedEvent);
          if (!event || event.position <= this.delivered) continue;
          this.delivered = event.position;
          this.resumeAfter = Math.max(this.resumeAfter, event.position);
          delay = this.delayMs.first;
          yield event;
        }
      } finally {
        endCall(subscription);
      }
      if (this.closed) return;
      this.log?.warn({ message: 'EventStoreDB subscription dropped; resubscribing', reason, after: this.resumeAfter, inMs: delay });
      if ((await Promise.race([new Promise((resolve) => setTimeout(resolve, delay).unref()), this.whenClosed])) === CLOSED) return;
      delay = Math.min(delay * 2, this.delayMs.max);
    }
  }
}

/** Cancels the call and lets what it buffered drain; never throws (the call may never have opened). */
function endCall(subscription: AllStreamSubscription): void {
  subscription.unsubscribe().then(
    () => subscription.resume(),
    () => subscription.resume(),
  );
}
