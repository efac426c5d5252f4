import { Module } from '@nestjs/common';
import { AnalyticsResolver } from './analytics.resolver';
import { ReviewAnalytics } from './review-analytics';
import { ReviewReportController } from './review-report.controller';

/** What incident reviews read: metrics, the review report (GraphQL and HTML) and action item lists. */
@Module({
  providers: [ReviewAnalytics, AnalyticsResolver],
  controllers: [ReviewReportController],
})
export class AnalyticsModule {}
