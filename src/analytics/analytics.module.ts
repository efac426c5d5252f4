import { ANALYTICS_CONTEXT } from '@incident-ledger/application';
import { Module } from '@nestjs/common';
import { LedgerContext } from '../platform/core/ledger-context';
import { AnalyticsResolver } from './graphql/analytics.resolver';
import { ReviewAnalytics } from './review-analytics';
import { ReviewLinks } from './review-links';
import { ReviewReportController } from './http/review-report.controller';

/** What incident reviews read: metrics, the review report (GraphQL, HTML, and links to it) and action item lists. */
@LedgerContext(ANALYTICS_CONTEXT)
@Module({
  providers: [ReviewAnalytics, ReviewLinks, AnalyticsResolver],
  exports: [ReviewLinks],
  controllers: [ReviewReportController],
})
export class AnalyticsModule {}
