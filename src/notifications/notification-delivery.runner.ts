import { AppConfig, DeliveryWorker, NotificationChannels, NotificationOutbox, OnceOnlyLoop, ResealOutcome } from '@incident-ledger/application';
import { EVENT_STORE, EventStore } from '@incident-ledger/event-store';
import { DeliveriesReadModel, NotificationsReadModel, Projector } from '@incident-ledger/read-models';
import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { leaseBoundLoop } from '../platform/core/lease-bound-loop';
import { LeaseKeeper } from '../platform/core/lease-keeper';

/** How often the delivery process looks for new events and due deliveries. */
const POLL_MS = 200;
/** Who re-seals channel secrets under a new LEDGER_SECRET_KEY, as the log records it. */
const RESEAL = { actor: 'secret-key-rotation', correlationId: 'reseal-channel-secrets' };

/**
 * Runs the delivery process in this server while it holds the once-only
 * lease: the outbox schedules deliveries for what the log holds beyond its
 * checkpoint, then the worker attempts what is due. One round at a time.
 *
 * The first round after this server takes the lease then re-seals channel
 * secrets still sealed under a previous LEDGER_SECRET_KEY, which finishes a
 * rotation; after the deliveries, so that a re-seal that fails holds none up
 * (the next round tries it again). Two servers doing it at once is harmless:
 * a channel already under the key is left alone, and a race on one is
 * refused by the stream's exact revision and decided again. A rotation of a
 * channel's signing secret written meanwhile fails the round, and the next
 * one re-seals what the channel holds then.
 */
@Injectable()
export class NotificationDeliveryRunner implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Notifications');
  private readonly loop: OnceOnlyLoop;
  /** Whether this lease holding has re-sealed channel secrets yet: once per acquisition, retried by the next round if it failed. */
  private resealed = false;

  constructor(
    private readonly outbox: NotificationOutbox,
    private readonly worker: DeliveryWorker,
    private readonly channels: NotificationChannels,
    private readonly lease: LeaseKeeper,
    private readonly projector: Projector,
    private readonly notifications: NotificationsReadModel,
    private readonly deliveries: DeliveriesReadModel,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {
    this.loop = leaseBoundLoop('Notifications', lease, POLL_MS, {
      round: async () => {
        await this.deliver();
        await this.resealOnce();
      },
      onLeaseLost: () => {
        outbox.forgetPosition();
        this.resealed = false;
      },
    });
  }

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.loop.stop();
    if (this.lease.isHolder) await this.outbox.saveCheckpoint(true).catch((error: unknown) => this.logger.error({ message: 'Outbox checkpoint not saved', error: String(error) }));
  }

  private async deliver(): Promise<void> {
    // Subscriptions made just before an event must be known when it is heard.
    await this.projector.waitFor(await this.store.headPosition(), this.config.READ_YOUR_WRITES_TIMEOUT_MS, this.notifications);
    const scheduled = await this.outbox.catchUp();
    if (scheduled > 0) await this.projector.catchUp(this.config.READ_YOUR_WRITES_TIMEOUT_MS, this.deliveries);
    await this.worker.deliverDue();
  }

  private async resealOnce(): Promise<void> {
    if (this.resealed) return;
    this.told(await this.channels.resealUnderCurrentKey(RESEAL));
    this.resealed = true;
  }

  /** Said only when there was something to do: a channel no key opens stays undeliverable, so it is a warning. */
  private told({ resealed, notResealable }: ResealOutcome): void {
    if (resealed === 0 && notResealable.length === 0) return;
    const entry = { message: 'Channel secrets re-sealed under the current key', resealed, notResealable: notResealable.length };
    if (notResealable.length === 0) return this.logger.log(entry);
    this.logger.warn({
      ...entry,
      notResealableChannels: notResealable,
      hint: 'These channels have a secret sealed with a key this server does not have: add that key to LEDGER_SECRET_KEY_PREVIOUS and restart, or delete and recreate them',
    });
  }
}
