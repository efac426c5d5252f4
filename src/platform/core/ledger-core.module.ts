import { Clock, FileClock, systemClock } from '@incident-ledger/domain';
import { readFileSync } from 'node:fs';
import { EVENT_STORE, EventStore } from '@incident-ledger/event-store';
import {
  ApiKeyReadModel,
  AuditReadModel,
  CatalogueReadModel,
  CompositeProjection,
  IncidentFeeds,
  IncidentReadModel,
  Projector,
  ReadModelSnapshots,
  storeIdentity,
  timelineFromStore,
} from '@incident-ledger/read-models';
import {
  BeforeApplicationShutdown,
  DynamicModule,
  Global,
  Inject,
  Injectable,
  Logger,
  Module,
  OnApplicationBootstrap,
  OnApplicationShutdown,
  OnModuleInit,
} from '@nestjs/common';
import { AppConfig, createEventStore, ONCE_ONLY_WORK_LEASE, readModelSnapshots } from '@incident-ledger/application';
import { IncidentCommandExecutor } from '../../incidents/commands/incident-command.executor';
import { LeaseKeeper } from './lease-keeper';

export const CLOCK = Symbol('CLOCK');
export const READ_MODEL_SNAPSHOTS = Symbol('READ_MODEL_SNAPSHOTS');
/**
 * Brings the read models up to date before anything else starts (module init
 * runs before any application bootstrap hook): from their snapshot when there
 * is a sound one, replaying only the events after it. Snapshots them every
 * SNAPSHOT_INTERVAL_MS when enough happened, and at shutdown, after stopping
 * them and before closing the store (once the HTTP server has drained, so
 * that pending commits are flushed).
 */
@Injectable()
class LedgerLifecycle implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('Ledger');
  private snapshotTimer: NodeJS.Timeout | undefined;
  /** `projector.applied` when the last snapshot was taken (or restored). */
  private appliedAtSnapshot = 0;
  /** Which log the store holds (see storeIdentity); 'empty' until it has a first event. */
  private storeName = 'empty';

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly projector: Projector,
    private readonly incidents: IncidentReadModel,
    @Inject(READ_MODEL_SNAPSHOTS) private readonly snapshots: ReadModelSnapshots | undefined,
    @Inject(AppConfig) private readonly config: AppConfig,
    private readonly lease: LeaseKeeper,
  ) {}

  async onModuleInit(): Promise<void> {
    const started = Date.now();
    const head = await this.store.headPosition();
    // The log is named (a read of its first event) only when a snapshot could be used; otherwise at the first snapshot.
    const snapshot = await this.snapshots?.load(head, async () => (this.storeName = await storeIdentity(this.store, head)));
    if (snapshot && snapshot.outcome !== 'restored' && snapshot.outcome !== 'none') {
      this.logger.warn({ message: 'Read model snapshot not used; replaying the whole log', outcome: snapshot.outcome, reason: snapshot.reason });
    }
    const restoredFrom = snapshot?.outcome === 'restored' ? snapshot.position : 0;
    await this.projector.start(head);
    this.logger.log({
      message: 'Read models caught up',
      position: this.projector.position,
      snapshot: snapshot?.outcome ?? 'off',
      restoredFrom,
      replayed: this.projector.applied,
      incidents: this.incidents.count(),
      ms: Date.now() - started,
    });
    if (this.snapshots) {
      this.snapshotTimer = setInterval(() => void this.snapshotIfDue(this.config.SNAPSHOT_MIN_EVENTS), this.config.SNAPSHOT_INTERVAL_MS);
      this.snapshotTimer.unref();
    }
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.lease.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.lease.stop();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.snapshotTimer) clearInterval(this.snapshotTimer);
    await this.projector.stop();
    await this.snapshotIfDue(1);
    await this.store.close();
    this.logger.log({ message: 'Event store closed', position: this.projector.position });
  }

  private async snapshotIfDue(minEvents: number): Promise<void> {
    if (!this.snapshots || this.projector.error) return;
    if (this.projector.applied - this.appliedAtSnapshot < minEvents) return;
    try {
      if (this.storeName === 'empty') this.storeName = await storeIdentity(this.store);
      const started = Date.now();
      const saved = this.snapshots.save(this.storeName);
      this.appliedAtSnapshot = this.projector.applied;
      this.logger.log({ message: 'Read models snapshotted', position: saved.position, bytes: saved.bytes, ms: Date.now() - started });
    } catch (error) {
      this.logger.error({ message: 'Read model snapshot failed', error: error instanceof Error ? error.stack : String(error) });
    }
  }
}

/** The system clock, or for tests the time in CLOCK_FILE. */
function clockFor(config: AppConfig): Clock {
  return config.CLOCK_FILE ? new FileClock(config.CLOCK_FILE, (path) => readFileSync(path, 'utf8')) : systemClock;
}

/** The event store, the read models and the incident write path, shared by every API module. */
@Global()
@Module({})
export class LedgerCoreModule {
  static forRoot(config: AppConfig, clock: Clock = clockFor(config)): DynamicModule {
    const logger = new Logger('Projector');
    return {
      module: LedgerCoreModule,
      providers: [
        { provide: AppConfig, useValue: config },
        { provide: CLOCK, useValue: clock },
        { provide: EVENT_STORE, useFactory: () => createEventStore(config, new Logger('EventStoreDB')) },
        { provide: IncidentReadModel, useValue: new IncidentReadModel() },
        { provide: ApiKeyReadModel, useValue: new ApiKeyReadModel() },
        { provide: AuditReadModel, useValue: new AuditReadModel() },
        { provide: CatalogueReadModel, useValue: new CatalogueReadModel() },
        {
          provide: READ_MODEL_SNAPSHOTS,
          inject: [IncidentReadModel, ApiKeyReadModel, AuditReadModel],
          useFactory: (incidents: IncidentReadModel, apiKeys: ApiKeyReadModel, audit: AuditReadModel) =>
            readModelSnapshots(config, { incidents, apiKeys, audit }),
        },
        {
          provide: Projector,
          inject: [EVENT_STORE, IncidentReadModel, ApiKeyReadModel, AuditReadModel, CatalogueReadModel],
          useFactory: (store: EventStore, incidents: IncidentReadModel, keys: ApiKeyReadModel, audit: AuditReadModel, catalogue: CatalogueReadModel) =>
            new Projector(store, new CompositeProjection([incidents, keys, audit, catalogue]), (error) =>
              logger.error({ message: 'Projection stopped', error: error instanceof Error ? error.stack : String(error) }),
            ),
        },
        {
          provide: IncidentFeeds,
          inject: [IncidentReadModel, EVENT_STORE],
          useFactory: (incidents: IncidentReadModel, store: EventStore) => new IncidentFeeds(incidents, timelineFromStore(store)),
        },
        {
          provide: IncidentCommandExecutor,
          inject: [EVENT_STORE, CLOCK],
          useFactory: (store: EventStore, clockNow: Clock) => new IncidentCommandExecutor(store, clockNow),
        },
        {
          provide: LeaseKeeper,
          inject: [EVENT_STORE],
          useFactory: (store: EventStore) => new LeaseKeeper(store, ONCE_ONLY_WORK_LEASE, config.LEASE_TTL_MS),
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
        CatalogueReadModel,
        Projector,
        IncidentFeeds,
        IncidentCommandExecutor,
        LeaseKeeper,
      ],
    };
  }
}
