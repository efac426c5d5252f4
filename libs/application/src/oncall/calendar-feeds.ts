import { createHash, randomBytes } from 'node:crypto';
import {
  CalendarFeed,
  calendarFeedDecider,
  calendarFeedEventCodec,
  CalendarFeedUrlRotated,
  calendarFeedStreamId,
  Clock,
  DomainError,
  Principal,
  renderSchedule,
  RotateCalendarFeedUrl,
  Shift,
} from '@incident-ledger/domain';
import { EventStore } from '@incident-ledger/event-store';
import { CatalogueReadModel, OncallReadModel, Projector } from '@incident-ledger/read-models';
import { CommandExecutor } from '../commands/command-executor';
import { checkScheduleEditor } from './schedule-command.executor';

/** A feed's token: `ilc_` and 256 random bits. It opens that one calendar and nothing else. */
const TOKEN_PATTERN = /^ilc_[A-Za-z0-9_-]{43}$/;
const DAY_MS = 86_400_000;
/** What a feed holds: the last month (what just happened) and the next six (what calendar apps plan with). */
export const CALENDAR_FEED_WINDOW = { pastDays: 30, futureDays: 180 } as const;

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

/** The path of a feed's secret URL. */
export const calendarFeedPath = (token: string) => `/oncall/calendars/${token}.ics`;

/** What a feed shows, ready for the iCalendar writer. */
export interface CalendarFeedContent {
  name: string;
  kind: 'schedule' | 'person';
  /** Where the times are written: the schedule's zone, or the person's own (UTC when the catalogue has no zone for them). */
  timeZone: string;
  /** A file name for downloads: ids only, so it stays plain ASCII. */
  fileName: string;
  shifts: (Shift & { scheduleId: string; scheduleName: string })[];
  generatedAt: string;
}

/**
 * Secret URLs of calendar feeds, for calendar apps that cannot send an API
 * key: a schedule's (rotated by those who may change the schedule) and each
 * person's own (rotated by that person). The log holds only the token's
 * hash; rotating stops the previous URL at once.
 */
export class CalendarFeeds {
  private readonly executor: CommandExecutor<RotateCalendarFeedUrl, CalendarFeedUrlRotated, { tokenHash: string | null }>;

  constructor(
    store: EventStore,
    private readonly clock: Clock,
    private readonly oncall: OncallReadModel,
    private readonly catalogue: CatalogueReadModel,
    private readonly projector: Projector,
    private readonly waitMs: number,
  ) {
    this.executor = new CommandExecutor(store, clock, calendarFeedDecider, calendarFeedEventCodec, (command) => calendarFeedStreamId(command.feed));
  }

  /** A new secret URL for the feed (answered this once); the previous one stops working. */
  async rotate(feed: CalendarFeed, principal: Principal, correlationId: string): Promise<{ path: string; rotatedAt: string }> {
    this.checkMayRotate(feed, principal);
    const token = `ilc_${randomBytes(32).toString('base64url')}`;
    const outcome = await this.executor.execute({ type: 'RotateCalendarFeedUrl', feed, tokenHash: hashOf(token), actor: principal.name }, { actor: principal.name, correlationId, principal });
    await this.projector.waitFor(outcome.position, this.waitMs, this.oncall);
    return { path: calendarFeedPath(token), rotatedAt: this.clock.now().toISOString() };
  }

  /** What a token's feed shows now; undefined for a token that is malformed, unknown or rotated out. */
  open(token: string): CalendarFeedContent | undefined {
    if (!TOKEN_PATTERN.test(token)) return undefined;
    const feed = this.oncall.calendarFeed(hashOf(token));
    if (!feed) return undefined;
    const now = this.clock.now().getTime();
    const from = new Date(now - CALENDAR_FEED_WINDOW.pastDays * DAY_MS).toISOString();
    const to = new Date(now + CALENDAR_FEED_WINDOW.futureDays * DAY_MS).toISOString();
    const generatedAt = new Date(now).toISOString();
    const nameOf = (scheduleId: string) => this.oncall.schedule(scheduleId)?.name ?? scheduleId;
    if (feed.kind === 'schedule') {
      const schedule = this.oncall.schedule(feed.scheduleId);
      if (!schedule) return undefined;
      const shifts = renderSchedule(schedule.timeline, from, to).final.map((shift) => ({ ...shift, scheduleId: schedule.scheduleId, scheduleName: schedule.name }));
      return { name: `On call: ${schedule.name}`, kind: 'schedule', timeZone: schedule.timeZone, fileName: `on-call-${schedule.scheduleId}.ics`, shifts, generatedAt };
    }
    const shifts = this.oncall.shiftsOf(feed.person, from, to).map((shift) => ({ ...shift, scheduleName: nameOf(shift.scheduleId) }));
    const timeZone = this.catalogue.person(feed.person)?.timeZone ?? 'UTC';
    return { name: `On call: ${feed.person}`, kind: 'person', timeZone, fileName: 'on-call.ics', shifts, generatedAt };
  }

  private checkMayRotate(feed: CalendarFeed, principal: Principal): void {
    if (feed.kind === 'person') return; // The API only ever names the caller's own feed.
    const schedule = this.oncall.schedule(feed.scheduleId);
    if (!schedule) throw new DomainError('SCHEDULE_NOT_FOUND', `No schedule ${feed.scheduleId}`, { scheduleId: feed.scheduleId });
    checkScheduleEditor(principal, schedule.ownerTeam, (team) => this.catalogue.team(team)?.members ?? []);
  }
}
