import { AppConfig, CalendarFeeds, ONCALL_CONTEXT, OncallNotices, OncallService, OnceOnlyLoop, ScheduleCommandExecutor } from '@incident-ledger/application';
import { Clock } from '@incident-ledger/domain';
import { EVENT_STORE, EventStore } from '@incident-ledger/event-store';
import { CatalogueReadModel, OncallReadModel, Projector } from '@incident-ledger/read-models';
import { BeforeApplicationShutdown, Injectable, Module, OnApplicationBootstrap } from '@nestjs/common';
import { leaseBoundLoop } from '../platform/core/lease-bound-loop';
import { LeaseKeeper } from '../platform/core/lease-keeper';
import { LedgerContext } from '../platform/core/ledger-context';
import { CLOCK } from '../platform/core/ledger-core.module';
import { OnCallNow, OnCallPeopleResolver, PersonOnCallResolver, ServiceOnCallResolver, TeamOnCallResolver } from './graphql/on-call-people.resolver';
import { ScheduleResolver } from './graphql/schedule.resolver';
import { CalendarFeedResolver } from './graphql/calendar-feed.resolver';
import { ShiftRemindersResolver } from './graphql/shift-reminders.resolver';
import { CalendarFeedController } from './http/calendar-feed.controller';

/** How often the notices look for shifts about to start and gaps about to open. */
const NOTICES_POLL_MS = 1_000;

/** Sends the on-call notices (shift reminders, gap warnings) while this process holds the once-only lease. */
@Injectable()
class OncallNoticesRunner implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly loop: OnceOnlyLoop;

  constructor(
    private readonly notices: OncallNotices,
    lease: LeaseKeeper,
  ) {
    this.loop = leaseBoundLoop('On-call notices', lease, NOTICES_POLL_MS, { round: () => notices.round() });
  }

  onApplicationBootstrap(): void {
    if (this.notices.sendsAny) this.loop.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.loop.stop();
  }
}

/** The on-call context: schedules of layered rotations, overrides and swaps, and who is on call for any instant. */
@LedgerContext(ONCALL_CONTEXT)
@Module({
  controllers: [CalendarFeedController],
  providers: [
    {
      provide: OncallService,
      inject: [ScheduleCommandExecutor, OncallReadModel, CatalogueReadModel, Projector, AppConfig, EVENT_STORE, CLOCK],
      useFactory: (executor: ScheduleCommandExecutor, oncall: OncallReadModel, catalogue: CatalogueReadModel, projector: Projector, config: AppConfig, store: EventStore, clock: Clock) =>
        new OncallService(executor, oncall, catalogue, projector, config.READ_YOUR_WRITES_TIMEOUT_MS, store, clock),
    },
    {
      provide: ScheduleCommandExecutor,
      inject: [EVENT_STORE, CLOCK, CatalogueReadModel],
      useFactory: (store: EventStore, clock: Clock, catalogue: CatalogueReadModel) => new ScheduleCommandExecutor(store, clock, (team) => catalogue.team(team)?.members ?? []),
    },
    {
      provide: OncallNotices,
      inject: [ScheduleCommandExecutor, OncallReadModel, CLOCK, AppConfig],
      useFactory: (executor: ScheduleCommandExecutor, oncall: OncallReadModel, clock: Clock, config: AppConfig) => new OncallNotices(executor, oncall, clock, config.oncallNoticePolicy),
    },
    OncallNoticesRunner,
    {
      provide: CalendarFeeds,
      inject: [EVENT_STORE, CLOCK, OncallReadModel, CatalogueReadModel, Projector, AppConfig],
      useFactory: (store: EventStore, clock: Clock, oncall: OncallReadModel, catalogue: CatalogueReadModel, projector: Projector, config: AppConfig) =>
        new CalendarFeeds(store, clock, oncall, catalogue, projector, config.READ_YOUR_WRITES_TIMEOUT_MS),
    },
    ScheduleResolver,
    CalendarFeedResolver,
    ShiftRemindersResolver,
    OnCallNow,
    OnCallPeopleResolver,
    PersonOnCallResolver,
    TeamOnCallResolver,
    ServiceOnCallResolver,
  ],
})
export class OncallModule {}
