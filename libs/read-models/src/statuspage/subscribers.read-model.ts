import { SUBSCRIBER_CONTACT_STREAM_PREFIX, SUBSCRIBER_STREAM_PREFIX, subscriberContactEventCodec, subscriberEventCodec, SubscriberMode } from '@incident-ledger/domain';
import { RecordedEvent } from '@incident-ledger/event-store';
import { CheckpointedReadModel } from '../checkpointed-read-model';

export interface SubscriberView {
  subscriberId: string;
  mode: SubscriberMode;
  /** Empty: every component. */
  components: string[];
  signedUpAt: string;
  /** Who added it: `public` for a sign-up on the page, else the admin. */
  addedBy: string;
  confirmedAt: string | null;
  unsubscribedAt: string | null;
  erasedAt: string | null;
  /** The address as the log keeps it, sealed with the server's key; null once erased (or before its contact stream was read). */
  sealedAddress: string | null;
}

interface SubscribersState {
  subscribers: Map<string, SubscriberView>;
  pendingContacts: Map<string, string>;
}

/**
 * The status page's subscribers: never part of the public view (it has no
 * way to reach them), read by the process that tells them and by admins.
 * Addresses stay sealed here and in the snapshot; they are opened only to
 * send, and for an admin's export.
 */
export class StatusPageSubscribersReadModel extends CheckpointedReadModel<void, SubscribersState> {
  private subscribers = new Map<string, SubscriberView>();

  get size(): number {
    return this.subscribers.size;
  }

  protected snapshotState(): SubscribersState {
    return { subscribers: this.subscribers, pendingContacts: this.pendingContacts };
  }

  protected restoreState(state: SubscribersState): void {
    this.subscribers = state.subscribers;
    this.pendingContacts = state.pendingContacts;
  }

  protected applyNew(recorded: RecordedEvent): void {
    if (recorded.streamId.startsWith(SUBSCRIBER_CONTACT_STREAM_PREFIX) && subscriberContactEventCodec.knows(recorded.type)) {
      const { subscriberId, sealedAddress } = subscriberContactEventCodec.decodeRecorded(recorded).data;
      const subscriber = this.subscribers.get(subscriberId);
      if (subscriber && subscriber.erasedAt === null) subscriber.sealedAddress = sealedAddress;
      else if (!subscriber) this.pendingContacts.set(subscriberId, sealedAddress);
      return;
    }
    if (!recorded.streamId.startsWith(SUBSCRIBER_STREAM_PREFIX) || !subscriberEventCodec.knows(recorded.type)) return;
    const event = subscriberEventCodec.decodeRecorded(recorded);
    const { subscriberId, at } = event.data;
    if (event.type === 'SubscriberSignedUp') {
      const sealedAddress = this.pendingContacts.get(subscriberId) ?? null;
      this.pendingContacts.delete(subscriberId);
      this.subscribers.set(subscriberId, { subscriberId, mode: event.data.mode, components: event.data.components, signedUpAt: at, addedBy: event.data.by, confirmedAt: event.data.confirmed ? at : null, unsubscribedAt: null, erasedAt: null, sealedAddress });
      return;
    }
    const subscriber = this.subscribers.get(subscriberId);
    if (!subscriber) return;
    switch (event.type) {
      case 'SubscriberConfirmed':
        subscriber.confirmedAt = at;
        return;
      case 'SubscriberUnsubscribed':
        subscriber.unsubscribedAt = at;
        return;
      case 'SubscriberErased':
        subscriber.unsubscribedAt ??= at;
        subscriber.erasedAt = at;
        subscriber.sealedAddress = null;
        return;
    }
  }

  /** A contact is written before its sign-up (so that no subscriber is ever without an address): held until the sign-up comes. */
  private pendingContacts = new Map<string, string>();

  subscriber(subscriberId: string): SubscriberView | undefined {
    return this.subscribers.get(subscriberId);
  }

  /** Every subscriber ever signed up, oldest first (erased ones without their address). */
  all(): SubscriberView[] {
    return [...this.subscribers.values()].sort((a, b) => a.signedUpAt.localeCompare(b.signedUpAt) || a.subscriberId.localeCompare(b.subscriberId));
  }

  /** Those who are told: confirmed, still subscribed, and hearing of one of these components (all, with no choice made). */
  listeningTo(componentIds: readonly string[]): SubscriberView[] {
    return this.all().filter((subscriber) => isListening(subscriber) && (subscriber.components.length === 0 || subscriber.components.some((id) => componentIds.includes(id))));
  }
}

function isListening(subscriber: SubscriberView): boolean {
  return subscriber.confirmedAt !== null && subscriber.unsubscribedAt === null && subscriber.sealedAddress !== null;
}
