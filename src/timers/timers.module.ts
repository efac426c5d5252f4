import { AppConfig, TimerCommandExecutor, TimerHandlers, TimerRunner, Timers, TIMERS_CONTEXT } from '@incident-ledger/application';
import { Clock } from '@incident-ledger/domain';
import { EVENT_STORE, EventStore } from '@incident-ledger/event-store';
import { Projector, TimersReadModel } from '@incident-ledger/read-models';
import { Logger, Module } from '@nestjs/common';
import { LedgerContext } from '../platform/core/ledger-context';
import { CLOCK } from '../platform/core/ledger-core.module';
import { TimerFiringRunner } from './timer-firing.runner';

/**
 * Durable timers, for other contexts: they inject `Timers` to schedule and
 * cancel, and `TimerHandlers` to register, in their `onModuleInit`, the
 * handler of each action type they schedule.
 */
@LedgerContext(TIMERS_CONTEXT)
@Module({
  providers: [
    { provide: TimerCommandExecutor, inject: [EVENT_STORE, CLOCK], useFactory: (store: EventStore, clock: Clock) => new TimerCommandExecutor(store, clock) },
    {
      provide: Timers,
      inject: [TimerCommandExecutor, TimersReadModel, Projector, AppConfig],
      useFactory: (executor: TimerCommandExecutor, timers: TimersReadModel, projector: Projector, config: AppConfig) =>
        new Timers(executor, timers, projector, config.READ_YOUR_WRITES_TIMEOUT_MS),
    },
    { provide: TimerHandlers, useFactory: () => new TimerHandlers() },
    {
      provide: TimerRunner,
      inject: [TimerCommandExecutor, CLOCK, Projector, TimersReadModel, TimerHandlers, AppConfig],
      useFactory: (executor: TimerCommandExecutor, clock: Clock, projector: Projector, timers: TimersReadModel, handlers: TimerHandlers, config: AppConfig) => {
        const logger = new Logger('Timers');
        return new TimerRunner({ executor, clock, projector, timers, handlers, log: (entry) => logger.warn(entry), waitMs: config.READ_YOUR_WRITES_TIMEOUT_MS });
      },
    },
    TimerFiringRunner,
  ],
  exports: [Timers, TimerHandlers],
})
export class TimersModule {}
