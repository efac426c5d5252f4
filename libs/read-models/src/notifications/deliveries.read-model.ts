import { AttemptOutcome, DELIVERY_STREAM_PREFIX, DeliveryEvent, deliveryEventCodec, DeliveryStatus, NotificationMessage } from '@incident-ledger/domain';
import { RecordedEvent } from '@incident-ledger/event-store';
import { CheckpointedReadModel } from '../checkpointed-read-model';

export interface DeliveryAttemptView {
  attempt: number;
  at: string;
  outcome: AttemptOutcome | 'DELIVERED';
  status: number | null;
  error: string | null;
  durationMs: number;
}

export interface DeliveryView {
  id: string;
  channelId: string;
  subscriptionId: string | null;
  incidentId: string | null;
  message: NotificationMessage;
  status: DeliveryStatus;
  attempts: DeliveryAttemptView[];
  /** Attempts since it was scheduled or last redriven: where the retry schedule stands. */
  attemptsInRound: number;
  /** When the next attempt is due; null once delivered or dead. */
  dueAt: string | null;
  createdAt: string;
  deliveredAt: string | null;
}

export interface DeliveryFilter {
  channelId?: string;
  status?: DeliveryStatus;
  incidentId?: string;
}

/** A channel's recent health, from its deliveries' attempts. */
export interface ChannelHealth {
  lastDeliveredAt: string | null;
  /** The first failed attempt since the last delivery: when the channel started failing; null while it delivers. */
  failingSince: string | null;
}

/**
 * Every delivery with its attempts, and the ones waiting for an attempt
 * (what the delivery process works through, soonest due first).
 */
export class DeliveriesReadModel extends CheckpointedReadModel<void, Map<string, DeliveryView>> {
  private deliveries = new Map<string, DeliveryView>();
  private pending = new Set<string>();
  private health = new Map<string, ChannelHealth>();

  get size(): number {
    return this.deliveries.size;
  }

  protected applyNew(event: RecordedEvent): void {
    if (!event.streamId.startsWith(DELIVERY_STREAM_PREFIX) || !deliveryEventCodec.knows(event.type)) return;
    this.applyDelivery(deliveryEventCodec.decodeRecorded(event));
  }

  private applyDelivery(event: DeliveryEvent): void {
    if (event.type === 'DeliveryScheduled') {
      const { deliveryId, channelId, subscriptionId, incidentId, message, dueAt, at } = event.data;
      this.put({ id: deliveryId, channelId, subscriptionId, incidentId, message, status: 'PENDING', attempts: [], attemptsInRound: 0, dueAt, createdAt: at, deliveredAt: null });
      return;
    }
    const delivery = this.deliveries.get(event.data.deliveryId);
    if (!delivery) return;
    switch (event.type) {
      case 'DeliverySucceeded': {
        const { attempt, at, status, durationMs } = event.data;
        this.put({
          ...delivery,
          status: 'DELIVERED',
          attempts: [...delivery.attempts, { attempt, at, outcome: 'DELIVERED', status, error: null, durationMs }],
          attemptsInRound: delivery.attemptsInRound + 1,
          dueAt: null,
          deliveredAt: at,
        });
        this.health.set(delivery.channelId, { lastDeliveredAt: at, failingSince: null });
        return;
      }
      case 'DeliveryAttemptFailed': {
        const { attempt, at, outcome, status, error, durationMs, retryAt } = event.data;
        this.put({
          ...delivery,
          status: retryAt === null ? 'FAILED' : 'PENDING',
          attempts: [...delivery.attempts, { attempt, at, outcome, status, error, durationMs }],
          attemptsInRound: delivery.attemptsInRound + 1,
          dueAt: retryAt,
        });
        const health = this.healthOf(delivery.channelId);
        if (health.failingSince === null) this.health.set(delivery.channelId, { ...health, failingSince: at });
        return;
      }
      case 'DeliveryRedriven':
        this.put({ ...delivery, status: 'PENDING', attemptsInRound: 0, dueAt: event.data.at });
        return;
    }
  }

  private put(delivery: DeliveryView): void {
    this.deliveries.set(delivery.id, delivery);
    if (delivery.status === 'PENDING') this.pending.add(delivery.id);
    else this.pending.delete(delivery.id);
  }

  private healthOf(channelId: string): ChannelHealth {
    return this.health.get(channelId) ?? { lastDeliveredAt: null, failingSince: null };
  }

  protected snapshotState(): Map<string, DeliveryView> {
    return new Map(this.deliveries);
  }

  protected restoreState(state: Map<string, DeliveryView>): void {
    this.deliveries = new Map();
    this.pending = new Set();
    this.health = new Map();
    // Health is worked out again from the attempts, in the order they were made.
    const attempts = [...state.values()].flatMap((delivery) => delivery.attempts.map((attempt) => ({ delivery, attempt })));
    for (const delivery of state.values()) this.put(delivery);
    for (const { delivery, attempt } of attempts.sort((a, b) => a.attempt.at.localeCompare(b.attempt.at))) {
      const health = this.healthOf(delivery.channelId);
      if (attempt.outcome === 'DELIVERED') this.health.set(delivery.channelId, { lastDeliveredAt: attempt.at, failingSince: null });
      else if (health.failingSince === null) this.health.set(delivery.channelId, { ...health, failingSince: attempt.at });
    }
  }

  get(id: string): DeliveryView | undefined {
    return this.deliveries.get(id);
  }

  /** Pending deliveries due by `now`, soonest first, at most `limit`. */
  due(now: Date, limit: number): DeliveryView[] {
    const nowIso = now.toISOString();
    const due: DeliveryView[] = [];
    for (const id of this.pending) {
      const delivery = this.deliveries.get(id);
      if (delivery?.dueAt && delivery.dueAt <= nowIso) due.push(delivery);
    }
    return due.sort((a, b) => (a.dueAt as string).localeCompare(b.dueAt as string)).slice(0, limit);
  }

  /** The soonest time a pending delivery falls due, or null when none waits. */
  nextDueAt(): string | null {
    let next: string | null = null;
    for (const id of this.pending) {
      const dueAt = this.deliveries.get(id)?.dueAt ?? null;
      if (dueAt !== null && (next === null || dueAt < next)) next = dueAt;
    }
    return next;
  }

  /** Deliveries matching the filter, newest first, at most `first`. */
  list(filter: DeliveryFilter, first: number): DeliveryView[] {
    const matches = [...this.deliveries.values()].filter(
      (delivery) =>
        (filter.channelId === undefined || delivery.channelId === filter.channelId) &&
        (filter.status === undefined || delivery.status === filter.status) &&
        (filter.incidentId === undefined || delivery.incidentId === filter.incidentId),
    );
    return matches.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id)).slice(0, first);
  }

  channelHealth(channelId: string): ChannelHealth {
    return this.healthOf(channelId);
  }
}
