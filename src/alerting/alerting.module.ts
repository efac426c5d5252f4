import {
  AlertGroupCommandExecutor,
  AlertIncidents,
  ALERTING_CONTEXT,
  AlertingService,
  AppConfig,
  IncidentCommandExecutor,
  IntegrationCommandExecutor,
  OnceOnlyLoop,
} from '@incident-ledger/application';
import { Clock } from '@incident-ledger/domain';
import { EVENT_STORE, EventStore } from '@incident-ledger/event-store';
import { AlertingReadModel, CatalogueReadModel, Projector } from '@incident-ledger/read-models';
import { BeforeApplicationShutdown, Injectable, Module, OnApplicationBootstrap } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { IncidentsModule } from '../incidents/incidents.module';
import { leaseBoundLoop } from '../platform/core/lease-bound-loop';
import { LeaseKeeper } from '../platform/core/lease-keeper';
import { LedgerContext } from '../platform/core/ledger-context';
import { CLOCK } from '../platform/core/ledger-core.module';
import { AlertGroupResolver, IntegrationResolver, RoutedAlertGroupResolver } from './graphql/alerting.resolver';
import { AlertIngestController } from './http/alert-ingest.controller';

/** How often the process looks for alert groups triggered and resolved: an alert becomes an incident within this, plus the write. */
const POLL_MS = 100;

/** Declares and updates incidents for alert groups while this process holds the once-only lease. */
@Injectable()
class AlertIncidentsRunner implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly loop: OnceOnlyLoop;

  constructor(
    private readonly process: AlertIncidents,
    private readonly lease: LeaseKeeper,
  ) {
    this.loop = leaseBoundLoop('Alert incidents', lease, POLL_MS, { round: async () => void (await process.catchUp()), onLeaseLost: () => process.forgetPosition() });
  }

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.loop.stop();
    if (this.lease.isHolder) await this.process.saveCheckpoint();
  }
}

/** Alerts in: integrations, the endpoints monitoring posts to, alert groups, and the incidents they declare. */
@LedgerContext(ALERTING_CONTEXT)
@Module({
  imports: [CqrsModule, IncidentsModule],
  controllers: [AlertIngestController],
  providers: [
    {
      provide: IntegrationCommandExecutor,
      inject: [EVENT_STORE, CLOCK, CatalogueReadModel],
      useFactory: (store: EventStore, clock: Clock, catalogue: CatalogueReadModel) =>
        new IntegrationCommandExecutor(
          store,
          clock,
          (service) => catalogue.service(service)?.ownerTeam ?? null,
          (team) => catalogue.team(team)?.members ?? [],
        ),
    },
    {
      provide: AlertGroupCommandExecutor,
      inject: [EVENT_STORE, CLOCK],
      useFactory: (store: EventStore, clock: Clock) => new AlertGroupCommandExecutor(store, clock),
    },
    {
      provide: AlertingService,
      inject: [IntegrationCommandExecutor, AlertGroupCommandExecutor, AlertingReadModel, CatalogueReadModel, Projector, AppConfig],
      useFactory: (
        integrations: IntegrationCommandExecutor,
        groups: AlertGroupCommandExecutor,
        alerting: AlertingReadModel,
        catalogue: CatalogueReadModel,
        projector: Projector,
        config: AppConfig,
      ) => new AlertingService(integrations, groups, alerting, catalogue, projector, config.READ_YOUR_WRITES_TIMEOUT_MS),
    },
    {
      provide: AlertIncidents,
      inject: [EVENT_STORE, CLOCK, IncidentCommandExecutor, AlertGroupCommandExecutor, AlertingReadModel],
      useFactory: (store: EventStore, clock: Clock, incidents: IncidentCommandExecutor, groups: AlertGroupCommandExecutor, alerting: AlertingReadModel) =>
        new AlertIncidents({ store, clock, incidents, groups, alerting }),
    },
    AlertIncidentsRunner,
    IntegrationResolver,
    AlertGroupResolver,
    RoutedAlertGroupResolver,
  ],
})
export class AlertingModule {}
