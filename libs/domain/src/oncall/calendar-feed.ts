import { Decider } from '../shared/decider';
import { eventCodec, field } from '../shared/event-codec';

/**
 * A calendar feed's secret URL: one stream per feed (`calendar-feed-<feed>`,
 * the feed being `schedule/<id>` or `person/<name>`). The log keeps only the
 * token's hash, as for API keys; rotating gives a new token and the old one
 * stops working.
 */
export const CALENDAR_FEED_STREAM_PREFIX = 'calendar-feed-';

export type CalendarFeed = { readonly kind: 'schedule'; readonly scheduleId: string } | { readonly kind: 'person'; readonly person: string };

export const calendarFeedKey = (feed: CalendarFeed): string => (feed.kind === 'schedule' ? `schedule/${feed.scheduleId}` : `person/${feed.person}`);

export function calendarFeedOfKey(key: string): CalendarFeed {
  const slash = key.indexOf('/');
  const id = key.slice(slash + 1);
  return key.slice(0, slash) === 'schedule' ? { kind: 'schedule', scheduleId: id } : { kind: 'person', person: id };
}

export const calendarFeedStreamId = (feed: CalendarFeed): string => `${CALENDAR_FEED_STREAM_PREFIX}${calendarFeedKey(feed)}`;

export interface RotateCalendarFeedUrl {
  type: 'RotateCalendarFeedUrl';
  feed: CalendarFeed;
  tokenHash: string;
  actor: string;
}

export interface CalendarFeedUrlRotated {
  type: 'CalendarFeedUrlRotated';
  data: { feed: string; tokenHash: string; at: string; by: string };
}

export const calendarFeedEventCodec = eventCodec<CalendarFeedUrlRotated>({
  CalendarFeedUrlRotated: { shape: { feed: field.string, tokenHash: field.string, at: field.string, by: field.string } },
});

/** Rotation is always allowed: what the feed shows is checked by whoever asks for it (the service). */
export const calendarFeedDecider: Decider<RotateCalendarFeedUrl, CalendarFeedUrlRotated, { tokenHash: string | null }> = {
  decide: (command, _state, now) => [{ type: 'CalendarFeedUrlRotated', data: { feed: calendarFeedKey(command.feed), tokenHash: command.tokenHash, at: now.toISOString(), by: command.actor } }],
  evolve: (_state, event) => ({ tokenHash: event.data.tokenHash }),
  initialState: { tokenHash: null },
};
