import { AppConfig, MaintenanceCommandExecutor, MaintenanceWindows, OnceOnlyLoop, PublicIncidentCommandExecutor, StatusComponentCommandExecutor, StatusPageCommands, STATUSPAGE_CONTEXT } from '@incident-ledger/application';
import { Clock } from '@incident-ledger/domain';
import { EVENT_STORE, EventStore } from '@incident-ledger/event-store';
import { IncidentReadModel, Projector, StatusPageReadModel } from '@incident-ledger/read-models';
import { BeforeApplicationShutdown, Injectable, Module, OnApplicationBootstrap } from '@nestjs/common';
import { leaseBoundLoop } from '../platform/core/lease-bound-loop';
import { LeaseKeeper } from '../platform/core/lease-keeper';
import { LedgerContext } from '../platform/core/ledger-context';
import { CLOCK } from '../platform/core/ledger-core.module';
import { StatusPageController } from './http/status-page.controller';
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

/** The status page: components, published incidents and scheduled maintenance, served to the public without a credential. */
@LedgerContext(STATUSPAGE_CONTEXT)
@Module({
  controllers: [StatusPageController],
  providers: [
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
    PublicIncidentResolver,
    MaintenanceResolver,
  ],
})
export class StatuspageModule {}
