import {
  Clock,
  INCIDENT_STREAM_PREFIX,
  MAINTENANCE_STREAM_PREFIX,
  NotificationMessage,
  PUBLIC_INCIDENT_STREAM_PREFIX,
  SUBSCRIBER_STREAM_PREFIX,
  subscriberEventCodec,
  SubscriberSignedUp,
  STATUSPAGE_NOTICES_STREAM,
  statuspageNoticesCheckpointCodec,
  statuspageNoticesCheckpointDecider,
} from '@incident-ledger/domain';
import { EventStore, RecordedEvent } from '@incident-ledger/event-store';
import { PUBLIC_STATUS_WORDS, publicItemUrl, StatusPageReadModel, StatusPageSettings } from '@incident-ledger/read-models';
import { uuidFromName } from '../commands/deterministic-id';
import { DeliveryCommandExecutor } from '../notifications/notifications-command.executor';
import { LogCheckpoint } from '../processes/log-checkpoint';
import { StatusPageSubscribers } from './status-page-subscribers';

/** The events that make a public update: a publication, an incident's status update (EXTERNAL ones only reach the page), a maintenance's. */
const TOLD: ReadonlyArray<readonly [string, ReadonlySet<string>]> = [
  [PUBLIC_INCIDENT_STREAM_PREFIX, new Set(['IncidentPublished'])],
  [INCIDENT_STREAM_PREFIX, new Set(['StatusUpdatePosted'])],
  [MAINTENANCE_STREAM_PREFIX, new Set(['MaintenanceScheduled', 'MaintenanceUpdated'])],
];

/** Deliveries to a subscriber name it so: the delivery worker asks the status page where that is (DeliveryTargets). */
export const SUBSCRIBER_CHANNEL_PREFIX = 'subscriber:';
const ACTOR = 'statuspage-notices';

/**
 * Tells the status page's subscribers, through the notification outbox (one
 * delivery each, its id derived from the event and the subscriber, so a
 * restart schedules nothing twice): a new sign-up its confirmation link;
 * confirmed subscribers each public update of an incident or a maintenance
 * that affects what they chose. Only what the page shows is told, in its
 * words: the message is built from the public view, never from the incident.
 * Runs under the once-only lease, from its checkpoint.
 */
export class StatusPageNotices {
  private readonly checkpoint: LogCheckpoint<'StatuspageNoticesCheckpointed'>;
  private readonly deliveries: DeliveryCommandExecutor;

  constructor(
    private readonly store: EventStore,
    private readonly clock: Clock,
    private readonly page: StatusPageReadModel,
    private readonly subscribers: StatusPageSubscribers,
    private readonly settings: StatusPageSettings,
    /** Waits until the read models it consults (the page, the subscribers) have applied the log up to a position. */
    private readonly readModelsAt: (position: number) => Promise<void>,
  ) {
    this.checkpoint = new LogCheckpoint(store, clock, STATUSPAGE_NOTICES_STREAM, statuspageNoticesCheckpointDecider, statuspageNoticesCheckpointCodec, ACTOR);
    this.deliveries = new DeliveryCommandExecutor(store, clock);
  }

  /** A ledger's first notices process starts at the log's head: nobody is told of what happened before subscribers existed. */
  startHere(): Promise<void> {
    return this.checkpoint.startAtHeadIfNew();
  }

  async catchUp(): Promise<number> {
    const head = await this.store.headPosition();
    await this.readModelsAt(head);
    return this.checkpoint.follow((event) => this.handle(event), head);
  }

  forgetPosition(): void {
    this.checkpoint.forget();
  }

  saveCheckpoint(): Promise<void> {
    return this.checkpoint.save(true);
  }

  private async handle(recorded: RecordedEvent): Promise<boolean> {
    const { streamId, type } = recorded;
    if (streamId.startsWith(SUBSCRIBER_STREAM_PREFIX) && type === 'SubscriberSignedUp') return this.askToConfirm(recorded);
    return TOLD.some(([prefix, types]) => streamId.startsWith(prefix) && types.has(type)) ? this.tellOfUpdate(recorded.id) : false;
  }

  private async askToConfirm(recorded: RecordedEvent): Promise<boolean> {
    const { data } = subscriberEventCodec.decodeRecorded(recorded) as SubscriberSignedUp;
    if (data.confirmed) return false;
    const link = this.subscribers.confirmLink(data.subscriberId, data.at);
    const message = this.message('statuspage.subscription_confirmation', data.at, `Confirm your subscription to ${this.settings.name}`, 'Follow the link below to be told of incidents and maintenance on the status page. If you did not ask for this, ignore this message: nothing more will come.', link);
    await this.schedule(recorded.id, [data.subscriberId], message);
    return true;
  }

  /**
   * The public update an event made, as the page shows it now, to whoever
   * hears of its components. The page keeps each update under the id of the
   * event that made it, so an event it shows nothing for (an INTERNAL update,
   * a private incident's, a withdrawn one's) tells nobody anything.
   */
  private async tellOfUpdate(eventId: string): Promise<boolean> {
    const page = this.page.page(this.clock.now());
    for (const [kind, items] of [['incident', page.incidents], ['maintenance', page.maintenances]] as const) {
      for (const item of items) {
        const update = item.updates.find((candidate) => candidate.id === eventId);
        if (!update) continue;
        const window = 'scheduledFor' in item ? `\n\nScheduled for ${item.scheduledFor} until ${item.scheduledUntil} (UTC).` : '';
        const message = this.message(`statuspage.${kind}_updated`, update.at, `${item.name}: ${PUBLIC_STATUS_WORDS[update.status]}`, `${update.body}${window}`, publicItemUrl(this.settings, item.id));
        await this.schedule(eventId, this.listenersOf(item.componentIds), message);
        return true;
      }
    }
    return false;
  }

  private listenersOf(componentIds: readonly string[]): string[] {
    return this.subscribers.subscribers.listeningTo(componentIds).map((subscriber) => subscriber.subscriberId);
  }

  private message(type: string, occurredAt: string, summary: string, detail: string, link: string | null): NotificationMessage {
    return { type, kind: 'STATUS_PAGE', occurredAt, incident: null, summary, detail, actor: null, link };
  }

  private async schedule(eventId: string, subscriberIds: readonly string[], message: NotificationMessage): Promise<void> {
    for (const subscriberId of subscriberIds) {
      const channelId = `${SUBSCRIBER_CHANNEL_PREFIX}${subscriberId}`;
      const deliveryId = uuidFromName(`delivery:${JSON.stringify([eventId, channelId])}`);
      await this.deliveries.execute(
        { type: 'ScheduleDelivery', delivery: { deliveryId, channelId, subscriptionId: null, sourceEventId: eventId, incidentId: null, message, dueAt: this.clock.now().toISOString() } },
        { actor: ACTOR, correlationId: `statuspage-notice-${deliveryId}` },
      );
    }
  }
}

