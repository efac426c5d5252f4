import { AppConfig, DeliveryWorker, NotificationOutbox, OnceOnlyLoop } from '@incident-ledger/application';
import { EVENT_STORE, EventStore } from '@incident-ledger/event-store';
import { DeliveriesReadModel, NotificationsReadModel, Projector } from '@incident-ledger/read-models';
import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { LeaseKeeper } from '../platform/core/lease-keeper';

/** How often the delivery process looks for new events and due deliveries. */
const POLL_MS = 200;

/**
 * Runs the delivery process in this server while it holds the once-only
 * lease: the outbox schedules deliveries for what the log holds beyond its
 * checkpoint, then the worker attempts what is due. One round at a time.
 */
@Injectable()
export class NotificationDeliveryRunner implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Notifications');
  private readonly loop: OnceOnlyLoop;

  constructor(
    private readonly outbox: NotificationOutbox,
    private readonly worker: DeliveryWorker,
    private readonly lease: LeaseKeeper,
    private readonly projector: Projector,
    private readonly notifications: NotificationsReadModel,
    private readonly deliveries: DeliveriesReadModel,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {
    this.loop = new OnceOnlyLoop({
      holdsLease: () => lease.isHolder,
      round: () => this.deliver(),
      onRoundFailed: (error) => this.logger.error({ message: 'Notification round failed; tried again shortly', error: error instanceof Error ? error.stack : String(error) }),
      onLeaseLost: () => outbox.forgetPosition(),
      pollMs: POLL_MS,
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
}
