import {
  Clock,
  INCIDENT_STREAM_PREFIX,
  incidentEventCodec,
  MAINTENANCE_STREAM_PREFIX,
  maintenanceEventCodec,
  NotificationMessage,
  PUBLIC_INCIDENT_STREAM_PREFIX,
  publicIncidentEventCodec,
  SUBSCRIBER_STREAM_PREFIX,
  subscriberEventCodec,
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
    const { streamId } = recorded;
    if (streamId.startsWith(SUBSCRIBER_STREAM_PREFIX) && recorded.type === 'SubscriberSignedUp') return this.askToConfirm(recorded);
    if (streamId.startsWith(PUBLIC_INCIDENT_STREAM_PREFIX) && recorded.type === 'IncidentPublished') {
      return this.tellOfIncident(recorded.id, publicIncidentEventCodec.decodeRecorded(recorded).data.incidentId);
    }
    if (streamId.startsWith(INCIDENT_STREAM_PREFIX) && recorded.type === 'StatusUpdatePosted') {
      const { data } = incidentEventCodec.decodeRecorded(recorded);
      return 'audience' in data && data.audience === 'EXTERNAL' ? this.tellOfIncident(recorded.id, data.incidentId) : false;
    }
    if (streamId.startsWith(MAINTENANCE_STREAM_PREFIX) && (recorded.type === 'MaintenanceScheduled' || recorded.type === 'MaintenanceUpdated')) {
      return this.tellOfMaintenance(recorded.id, maintenanceEventCodec.decodeRecorded(recorded).data.maintenanceId);
    }
    return false;
  }

  private async askToConfirm(recorded: RecordedEvent): Promise<boolean> {
    const event = subscriberEventCodec.decodeRecorded(recorded);
    if (event.type !== 'SubscriberSignedUp' || event.data.confirmed) return false;
    const { data } = event;
    const link = this.subscribers.confirmLink(data.subscriberId, data.at);
    const message = this.message('statuspage.subscription_confirmation', data.at, `Confirm your subscription to ${this.settings.name}`, 'Follow the link below to be told of incidents and maintenance on the status page. If you did not ask for this, ignore this message: nothing more will come.', link);
    await this.schedule(recorded.id, [data.subscriberId], message);
    return true;
  }

  /** The incident's newest public update, as the page shows it now, to whoever hears of its components; nothing when the page does not show it. */
  private async tellOfIncident(eventId: string, incidentId: string): Promise<boolean> {
    const publicId = this.page.publicIdOf(incidentId);
    const incident = this.page.page(this.clock.now()).incidents.find((candidate) => candidate.id === publicId);
    const update = incident?.updates.find((candidate) => candidate.id === eventId);
    if (!incident || !update) return false;
    const message = this.message('statuspage.incident_updated', update.at, `${incident.name}: ${PUBLIC_STATUS_WORDS[update.status]}`, update.body, publicItemUrl(this.settings, incident.id));
    await this.schedule(eventId, this.listenersOf(incident.componentIds), message);
    return true;
  }

  private async tellOfMaintenance(eventId: string, maintenanceId: string): Promise<boolean> {
    const maintenance = this.page.page(this.clock.now()).maintenances.find((candidate) => candidate.id === maintenanceId);
    const update = maintenance?.updates.find((candidate) => candidate.id === eventId);
    if (!maintenance || !update) return false;
    const window = `Scheduled for ${maintenance.scheduledFor} until ${maintenance.scheduledUntil} (UTC).`;
    const message = this.message('statuspage.maintenance_updated', update.at, `${maintenance.name}: ${PUBLIC_STATUS_WORDS[update.status]}`, `${update.body}\n\n${window}`, publicItemUrl(this.settings, maintenance.id));
    await this.schedule(eventId, this.listenersOf(maintenance.componentIds), message);
    return true;
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

