import {
  AppConfig,
  DeliveryTargets,
  MaintenanceCommandExecutor,
  MaintenanceWindows,
  OnceOnlyLoop,
  PublicIncidentCommandExecutor,
  SecretBox,
  StatusComponentCommandExecutor,
  StatusPageCommands,
  StatusPageNotices,
  StatusPageSubscribers,
  STATUSPAGE_CONTEXT,
  SUBSCRIBER_CHANNEL_PREFIX,
} from '@incident-ledger/application';
import { Clock } from '@incident-ledger/domain';
import { EVENT_STORE, EventStore } from '@incident-ledger/event-store';
import { IncidentReadModel, Projector, StatusPageReadModel, StatusPageSubscribersReadModel } from '@incident-ledger/read-models';
import { BeforeApplicationShutdown, Injectable, Module, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { NotificationsModule, SECRET_BOX } from '../notifications/notifications.module';
import { leaseBoundLoop } from '../platform/core/lease-bound-loop';
import { LeaseKeeper } from '../platform/core/lease-keeper';
import { LedgerContext } from '../platform/core/ledger-context';
import { CLOCK } from '../platform/core/ledger-core.module';
import { PublicStatusRoutes } from './http/public-status-routes';
import { StatusSubscriptionsController } from './http/status-subscriptions.controller';
import { StatusPageSubscribersResolver } from './graphql/statuspage-subscribers.resolver';
import { MaintenanceResolver, PublicIncidentResolver, StatusPageResolver } from './graphql/statuspage.resolver';

/** How often maintenance windows are looked at: a maintenance starts and completes within this of its time. */
const MAINTENANCE_POLL_MS = 1_000;

/** Starts and completes maintenance on time while this process holds the once-only lease. */
@Injectable()
class MaintenanceWindowsRunner implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly loop: OnceOnlyLoop;

  constructor(windows: MaintenanceWindows, lease: LeaseKeeper) {
    this.loop = leaseBoundLoop('Maintenance windows', lease, MAINTENANCE_POLL_MS, { round: async () => void (await windows.round()) });
  }

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.loop.stop();
  }
}

/** How often the notices process reads the log: a subscriber's mail is scheduled within this of the update. */
const NOTICES_POLL_MS = 250;

/** Tells subscribers (while this process holds the lease), and tells the delivery worker where a subscriber is. */
@Injectable()
class StatusPageNoticesRunner implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly loop: OnceOnlyLoop;

  constructor(
    private readonly notices: StatusPageNotices,
    private readonly subscribers: StatusPageSubscribers,
    private readonly targets: DeliveryTargets,
    private readonly lease: LeaseKeeper,
  ) {
    this.loop = leaseBoundLoop('Status page notices', lease, NOTICES_POLL_MS, { round: async () => void (await notices.catchUp()), onLeaseLost: () => notices.forgetPosition() });
  }

  onModuleInit(): void {
    this.targets.register({
      prefix: SUBSCRIBER_CHANNEL_PREFIX,
      resolve: (subscriberId) => {
        const subscriber = this.subscribers.subscribers.subscriber(subscriberId);
        const address = this.subscribers.addressOf(subscriberId);
        if (!subscriber || address === null) return { gone: 'the subscriber was erased' };
        if (subscriber.unsubscribedAt !== null) return { gone: 'the subscriber unsubscribed' };
        const unsubscribeUrl = this.subscribers.unsubscribeLink(subscriberId);
        return subscriber.mode === 'EMAIL' ? { kind: 'EMAIL', to: address, unsubscribeUrl } : { kind: 'WEBHOOK', url: address, unsubscribeUrl };
      },
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.notices.startHere();
    this.loop.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.loop.stop();
    if (this.lease.isHolder) await this.notices.saveCheckpoint();
  }
}

/** The status page: components, published incidents, scheduled maintenance and subscribers; the public documents need no credential. */
@LedgerContext(STATUSPAGE_CONTEXT)
@Module({
  imports: [NotificationsModule],
  controllers: [StatusSubscriptionsController],
  providers: [
    {
      provide: StatusPageSubscribers,
      inject: [EVENT_STORE, CLOCK, StatusPageSubscribersReadModel, StatusPageReadModel, SECRET_BOX, AppConfig, Projector],
      useFactory: (store: EventStore, clock: Clock, subscribers: StatusPageSubscribersReadModel, page: StatusPageReadModel, box: SecretBox | undefined, config: AppConfig, projector: Projector) =>
        new StatusPageSubscribers(store, clock, subscribers, page, box, config, config.publicUrl, projector, config.READ_YOUR_WRITES_TIMEOUT_MS),
    },
    {
      provide: StatusPageNotices,
      inject: [EVENT_STORE, CLOCK, StatusPageReadModel, StatusPageSubscribers, StatusPageSubscribersReadModel, AppConfig, Projector],
      useFactory: (store: EventStore, clock: Clock, page: StatusPageReadModel, subscribers: StatusPageSubscribers, subscribersModel: StatusPageSubscribersReadModel, config: AppConfig, projector: Projector) =>
        new StatusPageNotices(store, clock, page, subscribers, config.statusPage, async (position) => {
          for (const model of [page, subscribersModel]) await projector.waitFor(position, config.READ_YOUR_WRITES_TIMEOUT_MS, model);
        }),
    },
    StatusPageNoticesRunner,
    PublicStatusRoutes,
    { provide: StatusComponentCommandExecutor, inject: [EVENT_STORE, CLOCK], useFactory: (store: EventStore, clock: Clock) => new StatusComponentCommandExecutor(store, clock) },
    { provide: PublicIncidentCommandExecutor, inject: [EVENT_STORE, CLOCK], useFactory: (store: EventStore, clock: Clock) => new PublicIncidentCommandExecutor(store, clock) },
    { provide: MaintenanceCommandExecutor, inject: [EVENT_STORE, CLOCK], useFactory: (store: EventStore, clock: Clock) => new MaintenanceCommandExecutor(store, clock) },
    {
      provide: StatusPageCommands,
      inject: [StatusComponentCommandExecutor, PublicIncidentCommandExecutor, MaintenanceCommandExecutor, StatusPageReadModel, IncidentReadModel, Projector, AppConfig],
      useFactory: (components: StatusComponentCommandExecutor, publications: PublicIncidentCommandExecutor, maintenances: MaintenanceCommandExecutor, page: StatusPageReadModel, incidents: IncidentReadModel, projector: Projector, config: AppConfig) =>
        new StatusPageCommands(components, publications, maintenances, page, incidents, projector, config.READ_YOUR_WRITES_TIMEOUT_MS),
    },
    { provide: MaintenanceWindows, inject: [MaintenanceCommandExecutor, StatusPageReadModel, CLOCK], useFactory: (executor: MaintenanceCommandExecutor, page: StatusPageReadModel, clock: Clock) => new MaintenanceWindows(executor, page, clock) },
    MaintenanceWindowsRunner,
    StatusPageResolver,
    StatusPageSubscribersResolver,
    PublicIncidentResolver,
    MaintenanceResolver,
  ],
})
export class StatuspageModule {}
