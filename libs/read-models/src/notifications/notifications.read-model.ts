import {
  ChannelRecord,
  evolveNotifications,
  initialNotificationsState,
  NOTIFICATIONS_STREAM,
  notificationsEventCodec,
  NotificationsState,
  PersistentMap,
  SubscriptionRecord,
} from '@incident-ledger/domain';
import { RecordedEvent } from '@incident-ledger/event-store';
import { CheckpointedReadModel } from '../checkpointed-read-model';

/** The snapshot holds plain Maps. */
export interface NotificationsSnapshotState {
  channels: Map<string, ChannelRecord>;
  subscriptions: Map<string, SubscriptionRecord>;
  subscribedAt: Map<string, number>;
}

/**
 * Notification channels and their subscriptions, folded by the decider's own
 * `evolve` (the read side cannot drift from what commands are judged on).
 * Channels hold their URL and signing secrets sealed: nothing here can open
 * them, and the API answers only their masks.
 */
export class NotificationsReadModel extends CheckpointedReadModel<void, NotificationsSnapshotState> {
  private state: NotificationsState = initialNotificationsState;
  /** Where in the log each subscription was made: it hears only what comes after. */
  private subscribedAt = new Map<string, number>();

  get size(): number {
    return this.state.channels.size;
  }

  protected applyNew(event: RecordedEvent): void {
    if (event.streamId !== NOTIFICATIONS_STREAM || !notificationsEventCodec.knows(event.type)) return;
    const decoded = notificationsEventCodec.decodeRecorded(event);
    this.state = evolveNotifications(this.state, decoded);
    if (decoded.type === 'ChannelSubscribed') this.subscribedAt.set(decoded.data.subscriptionId, event.position);
    for (const id of this.subscribedAt.keys()) if (!this.state.subscriptions.has(id)) this.subscribedAt.delete(id);
  }

  protected snapshotState(): NotificationsSnapshotState {
    return { channels: new Map(this.state.channels.entries()), subscriptions: new Map(this.state.subscriptions.entries()), subscribedAt: new Map(this.subscribedAt) };
  }

  protected restoreState(state: NotificationsSnapshotState): void {
    this.state = { channels: PersistentMap.from(state.channels), subscriptions: PersistentMap.from(state.subscriptions) };
    this.subscribedAt = new Map(state.subscribedAt);
  }

  /** Every channel, by name. */
  channels(): ChannelRecord[] {
    return [...this.state.channels.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  channel(id: string): ChannelRecord | undefined {
    return this.state.channels.get(id);
  }

  /** Subscriptions, of one channel or of all, oldest first. */
  subscriptions(channelId?: string): SubscriptionRecord[] {
    return [...this.state.subscriptions.values()]
      .filter((subscription) => channelId === undefined || subscription.channelId === channelId)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  }

  /** Every subscription, in no order: for the delivery process, which looks at all of them for each event. */
  allSubscriptions(): Iterable<SubscriptionRecord> {
    return this.state.subscriptions.values();
  }

  /** The position of the oldest live subscription: nothing before it is heard by anyone. Null without subscriptions. */
  firstSubscribedPosition(): number | null {
    let first: number | null = null;
    for (const position of this.subscribedAt.values()) if (first === null || position < first) first = position;
    return first;
  }

  get subscriptionCount(): number {
    return this.state.subscriptions.size;
  }

  subscription(id: string): SubscriptionRecord | undefined {
    return this.state.subscriptions.get(id);
  }
}
