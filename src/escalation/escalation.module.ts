import {
  AppConfig,
  ESCALATION_CONTEXT,
  EscalationPolicies,
  EscalationPolicyCommandExecutor,
  Escalations,
  EscalationTargets,
  IncidentCommandExecutor,
  OnceOnlyLoop,
  PageAcknowledgements,
  PageLinks,
  TimerHandlers,
  Timers,
} from '@incident-ledger/application';
import { Clock } from '@incident-ledger/domain';
import { EVENT_STORE, EventStore } from '@incident-ledger/event-store';
import { CatalogueReadModel, EscalationReadModel, IncidentReadModel, OncallReadModel, Projector, TimersReadModel } from '@incident-ledger/read-models';
import { BeforeApplicationShutdown, Injectable, Module, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { IncidentsModule } from '../incidents/incidents.module';
import { leaseBoundLoop } from '../platform/core/lease-bound-loop';
import { LeaseKeeper } from '../platform/core/lease-keeper';
import { LedgerContext } from '../platform/core/ledger-context';
import { CLOCK } from '../platform/core/ledger-core.module';
import { TimersModule } from '../timers/timers.module';
import { EscalationPolicyResolver, IncidentPagingResolver, ServiceEscalationResolver } from './graphql/escalation.resolver';
import { PageAckController } from './http/page-ack.controller';

/** How often the process looks for incidents to start paging for and steps to time: a page follows a declaration within this, plus the write. */
const POLL_MS = 100;

/** Runs the escalations process while this process holds the once-only lease, and hands the timers context the steps' timers to fire. */
@Injectable()
class EscalationsRunner implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly loop: OnceOnlyLoop;

  constructor(
    private readonly escalations: Escalations,
    private readonly handlers: TimerHandlers,
    private readonly lease: LeaseKeeper,
  ) {
    this.loop = leaseBoundLoop('Escalations', lease, POLL_MS, { round: async () => void (await escalations.catchUp()), onLeaseLost: () => escalations.forgetPosition() });
  }

  onModuleInit(): void {
    this.handlers.register(this.escalations);
  }

  async onApplicationBootstrap(): Promise<void> {
    // Before the API takes a command: the first escalations process of a ledger starts from here.
    await this.escalations.startHere();
    this.loop.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.loop.stop();
    if (this.lease.isHolder) await this.escalations.saveCheckpoint();
  }
}

/** Escalation: policies attached to services, and the process that pages their levels until someone acknowledges. */
@LedgerContext(ESCALATION_CONTEXT)
@Module({
  imports: [IncidentsModule, TimersModule],
  controllers: [PageAckController],
  providers: [
    { provide: PageLinks, inject: [AppConfig, CLOCK], useFactory: (config: AppConfig, clock: Clock) => PageLinks.fromSettings(config, clock) },
    {
      provide: PageAcknowledgements,
      inject: [PageLinks, IncidentCommandExecutor, IncidentReadModel, CLOCK],
      useFactory: (links: PageLinks, incidents: IncidentCommandExecutor, readModel: IncidentReadModel, clock: Clock) => new PageAcknowledgements(links, incidents, readModel, clock),
    },
    {
      provide: EscalationPolicyCommandExecutor,
      inject: [EVENT_STORE, CLOCK, CatalogueReadModel],
      useFactory: (store: EventStore, clock: Clock, catalogue: CatalogueReadModel) => new EscalationPolicyCommandExecutor(store, clock, (team) => catalogue.team(team)?.members ?? []),
    },
    {
      provide: EscalationPolicies,
      inject: [EscalationPolicyCommandExecutor, EscalationReadModel, CatalogueReadModel, OncallReadModel, Projector, AppConfig],
      useFactory: (executor: EscalationPolicyCommandExecutor, policies: EscalationReadModel, catalogue: CatalogueReadModel, oncall: OncallReadModel, projector: Projector, config: AppConfig) =>
        new EscalationPolicies(executor, policies, catalogue, oncall, projector, config.READ_YOUR_WRITES_TIMEOUT_MS),
    },
    {
      provide: EscalationTargets,
      inject: [OncallReadModel, CatalogueReadModel, AppConfig],
      useFactory: (oncall: OncallReadModel, catalogue: CatalogueReadModel, config: AppConfig) => new EscalationTargets(oncall, catalogue, config.smtp !== undefined),
    },
    {
      provide: Escalations,
      inject: [EVENT_STORE, CLOCK, IncidentCommandExecutor, Timers, EscalationReadModel, EscalationTargets, Projector, AppConfig, OncallReadModel, CatalogueReadModel, TimersReadModel],
      useFactory: (
        store: EventStore,
        clock: Clock,
        incidents: IncidentCommandExecutor,
        timers: Timers,
        policies: EscalationReadModel,
        targets: EscalationTargets,
        projector: Projector,
        config: AppConfig,
        oncall: OncallReadModel,
        catalogue: CatalogueReadModel,
        timersModel: TimersReadModel,
      ) =>
        new Escalations({
          store,
          clock,
          incidents,
          timers,
          policies,
          targets,
          readModelsAt: async (position) => {
            for (const model of [policies, oncall, catalogue, timersModel]) await projector.waitFor(position, config.READ_YOUR_WRITES_TIMEOUT_MS, model);
          },
        }),
    },
    EscalationsRunner,
    EscalationPolicyResolver,
    IncidentPagingResolver,
    ServiceEscalationResolver,
  ],
})
export class EscalationModule {}
