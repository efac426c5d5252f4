import { Clock, systemClock } from '@incident-ledger/domain';
import { EVENT_STORE, EventStore, InMemoryEventStore, SqliteEventStore } from '@incident-ledger/event-store';
import { IncidentFeeds, IncidentReadModel, Projector } from '@incident-ledger/read-models';
import {
  DynamicModule,
  Global,
  Inject,
  Injectable,
  Logger,
  Module,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { IncidentCommandExecutor } from '../incidents/commands/incident-command.executor';

export const CLOCK = Symbol('CLOCK');

export function createEventStore(config: AppConfig): EventStore {
  if (config.EVENT_STORE === 'memory') return new InMemoryEventStore();
  return new SqliteEventStore({ path: config.databasePath, durability: config.DURABILITY === 'normal' ? 'normal' : 'full' });
}

/**
 * Starts the projections before the server takes requests, and on shutdown
 * stops them and closes the store after the HTTP server has drained, so that
 * pending commits are flushed.
 */
@Injectable()
class LedgerLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Ledger');

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly projector: Projector,
    private readonly readModel: IncidentReadModel,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const started = Date.now();
    await this.projector.start();
    this.logger.log({
      message: 'Read models caught up',
      position: this.readModel.position,
      incidents: this.readModel.count(),
      ms: Date.now() - started,
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.projector.stop();
    await this.store.close();
    this.logger.log({ message: 'Event store closed', position: this.readModel.position });
  }
}

/** The event store, the read models and the write path, shared by every API module. */
@Global()
@Module({})
export class LedgerCoreModule {
  static forRoot(config: AppConfig): DynamicModule {
    const logger = new Logger('Projector');
    return {
      module: LedgerCoreModule,
      providers: [
        { provide: AppConfig, useValue: config },
        { provide: CLOCK, useValue: systemClock },
        { provide: EVENT_STORE, useFactory: () => createEventStore(config) },
        { provide: IncidentReadModel, useValue: new IncidentReadModel() },
        {
          provide: Projector,
          inject: [EVENT_STORE, IncidentReadModel],
          useFactory: (store: EventStore, readModel: IncidentReadModel) =>
            new Projector(store, readModel, (error) =>
              logger.error({ message: 'Projection stopped', error: error instanceof Error ? error.stack : String(error) }),
            ),
        },
        { provide: IncidentFeeds, inject: [IncidentReadModel], useFactory: (readModel: IncidentReadModel) => new IncidentFeeds(readModel) },
        {
          provide: IncidentCommandExecutor,
          inject: [EVENT_STORE, CLOCK],
          useFactory: (store: EventStore, clock: Clock) => new IncidentCommandExecutor(store, clock),
        },
        LedgerLifecycle,
      ],
      exports: [AppConfig, CLOCK, EVENT_STORE, IncidentReadModel, Projector, IncidentFeeds, IncidentCommandExecutor],
    };
  }
}
