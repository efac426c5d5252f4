import { Clock, FileClock, systemClock } from '@incident-ledger/domain';
import { readFileSync } from 'node:fs';
import { EVENT_STORE, EventStore } from '@incident-ledger/event-store';
import { describeStop, IncidentFeeds, IncidentReadModel, Projector, ReadModelSnapshots, storeIdentity, timelineFromStore } from '@incident-ledger/read-models';
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
import { ModulesContainer } from '@nestjs/core';
import {
  AppConfig,
  createEventStore,
  createReadModels,
  LEDGER_CONTEXTS,
  LedgerReadModel,
  ONCE_ONLY_WORK_LEASE,
  readModelSizes,
  readModelSnapshots,
} from '@incident-ledger/application';
import { LeaseKeeper } from './lease-keeper';
import { contextMismatches, contextsOfModules } from './ledger-context';

export const CLOCK = Symbol('CLOCK');
export const READ_MODEL_SNAPSHOTS = Symbol('READ_MODEL_SNAPSHOTS');
/** Every read model of LEDGER_CONTEXTS (each also provided under its class). */
export const LEDGER_READ_MODELS = Symbol('LEDGER_READ_MODELS');
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
    @Inject(LEDGER_READ_MODELS) private readonly readModels: readonly LedgerReadModel[],
    private readonly modules: ModulesContainer,
    @Inject(READ_MODEL_SNAPSHOTS) private readonly snapshots: ReadModelSnapshots | undefined,
    @Inject(AppConfig) private readonly config: AppConfig,
    private readonly lease: LeaseKeeper,
  ) {}

  async onModuleInit(): Promise<void> {
    const mismatches = contextMismatches(contextsOfModules(this.modules), LEDGER_CONTEXTS);
    if (mismatches.length > 0) throw new Error(`The contexts' modules and LEDGER_CONTEXTS disagree: ${mismatches.join('; ')}`);
    const started = Date.now();
    const head = await this.store.headPosition();
    // The log is named (a read of its first event) only when a snapshot could be used; otherwise at the first snapshot.
    const snapshot = await this.snapshots?.load(head, async () => (this.storeName = await storeIdentity(this.store, head)));
    if (snapshot && snapshot.outcome !== 'restored' && snapshot.outcome !== 'none') {
      this.logger.warn({ message: 'Read model snapshot not used; replaying the whole log', outcome: snapshot.outcome, reason: snapshot.reason });
    }
    for (const { readModel, reason } of snapshot?.outcome === 'restored' ? snapshot.rebuilt : []) {
      this.logger.warn({ message: 'Read model not restored from the snapshot; replaying it from the start', readModel, reason });
    }
    const restoredFrom = snapshot?.outcome === 'restored' ? snapshot.position : 0;
    await this.projector.start(head);
    this.logger.log({
      message: 'Read models caught up',
      ...readModelSizes(this.readModels),
      position: this.projector.position,
      snapshot: snapshot?.outcome ?? 'off',
      restoredFrom,
      replayed: this.projector.applied,
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

  /** Snapshots the read models still running: a stopped one is left out, so the next start replays it (with its fix, one hopes). */
  private async snapshotIfDue(minEvents: number): Promise<void> {
    const stopped = this.projector.stopped.map((stop) => stop.readModel);
    if (!this.snapshots || stopped.length === this.readModels.length) return;
    if (this.projector.applied - this.appliedAtSnapshot < minEvents) return;
    try {
      if (this.storeName === 'empty') this.storeName = await storeIdentity(this.store);
      const started = Date.now();
      const saved = this.snapshots.save(this.storeName, stopped);
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
    const readModels = createReadModels(LEDGER_CONTEXTS);
    return {
      module: LedgerCoreModule,
      providers: [
        { provide: AppConfig, useValue: config },
        { provide: CLOCK, useValue: clock },
        { provide: EVENT_STORE, useFactory: () => createEventStore(config, new Logger('EventStoreDB')) },
        { provide: LEDGER_READ_MODELS, useValue: readModels },
        // Under its class too, so that a resolver or service injects the read model it reads by type.
        ...readModels.map(({ type, model }) => ({ provide: type, useValue: model })),
        { provide: READ_MODEL_SNAPSHOTS, useValue: readModelSnapshots(config, readModels) },
        {
          provide: Projector,
          inject: [EVENT_STORE],
          useFactory: (store: EventStore) =>
            new Projector(store, readModels, (stop) =>
              logger.error({
                message: 'Projection stopped',
                readModel: stop.readModel,
                eventType: stop.event?.type,
                streamId: stop.event?.streamId,
                position: stop.event?.position,
                reason: describeStop(stop),
                error: stop.error instanceof Error ? stop.error.stack : String(stop.error),
              }),
            ),
        },
        {
          provide: IncidentFeeds,
          inject: [IncidentReadModel, EVENT_STORE],
          useFactory: (incidents: IncidentReadModel, store: EventStore) => {
            const feedLogger = new Logger('LiveFeeds');
            incidents.onListenerFailure((error, { event }) =>
              feedLogger.error({ message: 'Live feed delivery failed', eventType: event.type, position: event.position, error: error instanceof Error ? error.stack : String(error) }),
            );
            return new IncidentFeeds(incidents, timelineFromStore(store));
          },
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
        LEDGER_READ_MODELS,
        ...readModels.map(({ type }) => type),
        Projector,
        IncidentFeeds,
        LeaseKeeper,
      ],
    };
  }
}
