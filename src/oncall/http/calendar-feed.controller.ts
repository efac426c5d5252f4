import { CalendarFeeds } from '@incident-ledger/application';
import { DomainError } from '@incident-ledger/domain';
import { shiftCalendar } from '@incident-ledger/presentation';
import { Controller, Get, Param, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Public } from '../../platform/auth/requires.decorator';

/**
 * GET /oncall/calendars/<token>.ics: a schedule's or a person's shifts as an
 * iCalendar feed, for calendar apps that subscribe to a URL and send no
 * credential. The token in the URL is the credential: it opens that feed and
 * nothing else, and rotating it (`rotateScheduleCalendarUrl`,
 * `rotateMyCalendarUrl`) closes the old URL.
 */
@Controller('oncall/calendars')
export class CalendarFeedController {
  constructor(private readonly feeds: CalendarFeeds) {}

  @Get(':file')
  @Public()
  calendar(@Param('file') file: string, @Res() reply: FastifyReply): void {
    const content = file.endsWith('.ics') ? this.feeds.open(file.slice(0, -'.ics'.length)) : undefined;
    if (!content) throw new DomainError('CALENDAR_FEED_NOT_FOUND', 'No calendar at this URL: it was mistyped, or its URL was rotated; ask for the new one', {});
    void reply
      .header('content-type', 'text/calendar; charset=utf-8')
      .header('content-disposition', `attachment; filename="${content.fileName}"`)
      // The URL is a secret: no shared cache may keep it, and it is no page to index or refer from.
      .header('cache-control', 'private, no-cache')
      .header('referrer-policy', 'no-referrer')
      .header('x-robots-tag', 'noindex')
      .send(shiftCalendar(content));
  }
}
