import { AppConfig, CalendarFeeds, ONCALL_CONTEXT, OncallService, ScheduleCommandExecutor } from '@incident-ledger/application';
import { Clock } from '@incident-ledger/domain';
import { EVENT_STORE, EventStore } from '@incident-ledger/event-store';
import { CatalogueReadModel, OncallReadModel, Projector } from '@incident-ledger/read-models';
import { Module } from '@nestjs/common';
import { LedgerContext } from '../platform/core/ledger-context';
import { CLOCK } from '../platform/core/ledger-core.module';
import { OnCallPeopleResolver, PersonOnCallResolver, ServiceOnCallResolver, TeamOnCallResolver } from './graphql/on-call-people.resolver';
import { ScheduleResolver } from './graphql/schedule.resolver';
import { CalendarFeedResolver } from './graphql/calendar-feed.resolver';
import { CalendarFeedController } from './http/calendar-feed.controller';

/** The on-call context: schedules of layered rotations, overrides and swaps, and who is on call for any instant. */
@LedgerContext(ONCALL_CONTEXT)
@Module({
  controllers: [CalendarFeedController],
  providers: [
    {
      provide: OncallService,
      inject: [EVENT_STORE, CLOCK, OncallReadModel, CatalogueReadModel, Projector, AppConfig],
      useFactory: (store: EventStore, clock: Clock, oncall: OncallReadModel, catalogue: CatalogueReadModel, projector: Projector, config: AppConfig) =>
        new OncallService(new ScheduleCommandExecutor(store, clock, (team) => catalogue.team(team)?.members ?? []), oncall, catalogue, projector, config.READ_YOUR_WRITES_TIMEOUT_MS),
    },
    {
      provide: CalendarFeeds,
      inject: [EVENT_STORE, CLOCK, OncallReadModel, CatalogueReadModel, Projector, AppConfig],
      useFactory: (store: EventStore, clock: Clock, oncall: OncallReadModel, catalogue: CatalogueReadModel, projector: Projector, config: AppConfig) =>
        new CalendarFeeds(store, clock, oncall, catalogue, projector, config.READ_YOUR_WRITES_TIMEOUT_MS),
    },
    ScheduleResolver,
    CalendarFeedResolver,
    OnCallPeopleResolver,
    PersonOnCallResolver,
    TeamOnCallResolver,
    ServiceOnCallResolver,
  ],
})
export class OncallModule {}
