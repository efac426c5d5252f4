import { AppConfig, IncidentCommandExecutor, IncidentReminders, OnceOnlyLoop, REMINDERS_CONTEXT, remindsAtAll, TimerHandlers, Timers } from '@incident-ledger/application';
import { Clock } from '@incident-ledger/domain';
import { EVENT_STORE, EventStore } from '@incident-ledger/event-store';
import { Projector, TimersReadModel } from '@incident-ledger/read-models';
import { BeforeApplicationShutdown, Inject, Injectable, Module, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { IncidentsModule } from '../incidents/incidents.module';
import { leaseBoundLoop } from '../platform/core/lease-bound-loop';
import { LeaseKeeper } from '../platform/core/lease-keeper';
import { LedgerContext } from '../platform/core/ledger-context';
import { CLOCK } from '../platform/core/ledger-core.module';
import { TimersModule } from '../timers/timers.module';
import { UpcomingRemindersResolver } from './graphql/upcoming-reminders.resolver';

/** How often the planner looks for incidents that changed. */
const POLL_MS = 250;

/**
 * Runs the reminder planner while this process holds the once-only lease,
 * and hands the timers context the reminders' timers to fire.
 */
@Injectable()
class ReminderPlannerRunner implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly loop: OnceOnlyLoop;

  constructor(
    private readonly reminders: IncidentReminders,
    private readonly handlers: TimerHandlers,
    private readonly projector: Projector,
    private readonly timers: TimersReadModel,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(AppConfig) private readonly config: AppConfig,
    private readonly lease: LeaseKeeper,
  ) {
    this.loop = leaseBoundLoop('Reminders', lease, POLL_MS, { round: () => this.plan(), onLeaseLost: () => reminders.forgetPosition() });
  }

  onModuleInit(): void {
    // Registered even with reminders off: timers scheduled before are fired, and send nothing.
    this.handlers.register(this.reminders);
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!remindsAtAll(this.config.reminderPolicy)) return;
    // Before the API takes a command: the first planner of a ledger starts from here, and must not miss what comes next.
    await this.reminders.startHere();
    this.loop.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.loop.stop();
    if (this.lease.isHolder) await this.reminders.saveCheckpoint(true);
  }

  private async plan(): Promise<void> {
    // The pending timers it compares with must include what it scheduled in the last round.
    await this.projector.waitFor(await this.store.headPosition(), this.config.READ_YOUR_WRITES_TIMEOUT_MS, this.timers);
    await this.reminders.catchUp();
  }
}

/** Process reminders: the planner, and the handler of their timers (README, "Process reminders"). */
@LedgerContext(REMINDERS_CONTEXT)
@Module({
  imports: [IncidentsModule, TimersModule],
  providers: [
    {
      provide: IncidentReminders,
      inject: [EVENT_STORE, CLOCK, IncidentCommandExecutor, Timers, AppConfig],
      useFactory: (store: EventStore, clock: Clock, incidents: IncidentCommandExecutor, timers: Timers, config: AppConfig) =>
        new IncidentReminders({ store, clock, incidents, timers, policy: config.reminderPolicy }),
    },
    ReminderPlannerRunner,
    UpcomingRemindersResolver,
  ],
})
export class RemindersModule {}
