import { AppConfig, CATALOGUE_CONTEXT, CatalogueCommandExecutor, CatalogueService } from '@incident-ledger/application';
import { Clock } from '@incident-ledger/domain';
import { EVENT_STORE, EventStore } from '@incident-ledger/event-store';
import { CatalogueReadModel, Projector } from '@incident-ledger/read-models';
import { Module } from '@nestjs/common';
import { LedgerContext } from '../platform/core/ledger-context';
import { CLOCK } from '../platform/core/ledger-core.module';
import { IncidentServicesResolver } from './graphql/incident-services.resolver';
import { PersonResolver } from './graphql/person.resolver';
import { ServiceResolver } from './graphql/service.resolver';
import { TeamResolver } from './graphql/team.resolver';

/** The catalogue context: services (tier, owner, runbooks, dependencies), teams and people. */
@LedgerContext(CATALOGUE_CONTEXT)
@Module({
  providers: [
    {
      provide: CatalogueService,
      inject: [EVENT_STORE, CLOCK, CatalogueReadModel, Projector, AppConfig],
      useFactory: (store: EventStore, clock: Clock, catalogue: CatalogueReadModel, projector: Projector, config: AppConfig) =>
        new CatalogueService(new CatalogueCommandExecutor(store, clock), catalogue, projector, config.READ_YOUR_WRITES_TIMEOUT_MS),
    },
    ServiceResolver,
    TeamResolver,
    PersonResolver,
    IncidentServicesResolver,
  ],
})
export class CatalogueModule {}
