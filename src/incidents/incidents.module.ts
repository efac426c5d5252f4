import { INCIDENTS_CONTEXT } from '@incident-ledger/application';
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

@LedgerContext(INCIDENTS_CONTEXT)
@Module({
  imports: [CqrsModule],
  providers: [
    HandleIncidentCommandHandler,
    ...INCIDENT_QUERY_HANDLERS,
    IncidentCommandRunner,
    IncidentMerger,
    IncidentResolver,
    IncidentReviewResolver,
    IncidentFeedResolver,
  ],
})
export class IncidentsModule {}
