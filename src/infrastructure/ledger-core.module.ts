import { Clock, systemClock } from '@incident-ledger/domain';
import { EVENT_STORE, EventStore, InMemoryEventStore, SqliteEventStore } from '@incident-ledger/event-store';
import {
  ApiKeyReadModel,
  AuditReadModel,
  CompositeProjection,
  IncidentFeeds,
  IncidentReadModel,
  Projector,
} from '@incident-ledger/read-models';
import { DynamicModule, Global, Inject, Injectable, Logger, Module, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { IncidentCommandExecutor } from '../incidents/commands/incident-command.executor';

export const CLOCK = Symbol('CLOCK');

export function createEventStore(config: AppConfig): EventStore {
  if (config.EVENT_STORE === 'memory') return new InMemoryEventStore();
  return new SqliteEventStore({ path: config.databasePath, durability: config.DURABILITY === 'normal' ? 'normal' : 'full' });
}

/**
 * Brings the read models up to date before anything else starts (module init
 * runs before any application bootstrap hook), and on shutdown stops them and
 * closes the store after the HTTP server has drained, so that pending commits
 * are flushed.
 */
@Injectable()
class LedgerLifecycle implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Ledger');

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly projector: Projector,
    private readonly incidents: IncidentReadModel,
  ) {}

  async onModuleInit(): Promise<void> {
    const started = Date.now();
    await this.projector.start();
    this.logger.log({
      message: 'Read models caught up',
      position: this.projector.position,
      incidents: this.incidents.count(),
      ms: Date.now() - started,
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.projector.stop();
    await this.store.close();
    this.logger.log({ message: 'Event store closed', position: this.projector.position });
  }
}

/** The event store, the read models and the incident write path, shared by every API module. */
@Global()
@Module({})
export class LedgerCoreModule {
  static forRoot(config: AppConfig, clock: Clock = systemClock): DynamicModule {
    const logger = new Logger('Projector');
    return {
      module: LedgerCoreModule,
      providers: [
        { provide: AppConfig, useValue: config },
        { provide: CLOCK, useValue: clock },
        { provide: EVENT_STORE, useFactory: () => createEventStore(config) },
        { provide: IncidentReadModel, useValue: new IncidentReadModel() },
        { provide: ApiKeyReadModel, useValue: new ApiKeyReadModel() },
        { provide: AuditReadModel, useValue: new AuditReadModel() },
        {
          provide: Projector,
          inject: [EVENT_STORE, IncidentReadModel, ApiKeyReadModel, AuditReadModel],
          useFactory: (store: EventStore, incidents: IncidentReadModel, keys: ApiKeyReadModel, audit: AuditReadModel) =>
            new Projector(store, new CompositeProjection([incidents, keys, audit]), (error) =>
              logger.error({ message: 'Projection stopped', error: error instanceof Error ? error.stack : String(error) }),
            ),
        },
        { provide: IncidentFeeds, inject: [IncidentReadModel], useFactory: (incidents: IncidentReadModel) => new IncidentFeeds(incidents) },
        {
          provide: IncidentCommandExecutor,
          inject: [EVENT_STORE, CLOCK],
          useFactory: (store: EventStore, clockNow: Clock) => new IncidentCommandExecutor(store, clockNow),
        },
        LedgerLifecycle,
      ],
      exports: [
        AppConfig,
        CLOCK,
        EVENT_STORE,
        IncidentReadModel,
        ApiKeyReadModel,
        AuditReadModel,
        Projector,
        IncidentFeeds,
        IncidentCommandExecutor,
      ],
    };
  }
}
