import { INCIDENTS_CONTEXT, IncidentCommandExecutor } from '@incident-ledger/application';
import { Clock } from '@incident-ledger/domain';
import { EVENT_STORE, EventStore } from '@incident-ledger/event-store';
import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { HandleIncidentCommandHandler } from './commands/handle-incident-command.handler';
import { IncidentFeedResolver } from './graphql/incident-feed.resolver';
import { IncidentResolver } from './graphql/incident.resolver';
import { INCIDENT_QUERY_HANDLERS } from './queries/incident-query.handlers';
import { IncidentCommandRunner } from './graphql/incident-command-runner';
import { IncidentReviewResolver } from './graphql/incident-review.resolver';
import { IncidentMerger } from './commands/incident-merger';
import { LedgerContext } from '../platform/core/ledger-context';
import { CLOCK } from '../platform/core/ledger-core.module';

@LedgerContext(INCIDENTS_CONTEXT)
@Module({
  imports: [CqrsModule],
  providers: [
    {
      provide: IncidentCommandExecutor,
      inject: [EVENT_STORE, CLOCK],
      useFactory: (store: EventStore, clock: Clock) => new IncidentCommandExecutor(store, clock),
    },
    HandleIncidentCommandHandler,
    ...INCIDENT_QUERY_HANDLERS,
    IncidentCommandRunner,
    IncidentMerger,
    IncidentResolver,
    IncidentReviewResolver,
    IncidentFeedResolver,
  ],
  // The reminders send theirs through the same write path (one lock and one cache per incident stream).
  exports: [IncidentCommandExecutor, IncidentCommandRunner],
})
export class IncidentsModule {}
