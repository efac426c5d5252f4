/**
 * What a timer does when it falls due: a type, which picks the handler that
 * runs it, and plain data for that handler. Plain JSON, so that a timer
 * scheduled by one version of the ledger is fired by the next.
 */
export interface TimerAction {
  type: string;
  data: Readonly<Record<string, string | number | boolean | null>>;
}

export interface TimerFields {
  /** Chosen by the caller, derived from what the timer is for, so that scheduling it twice schedules it once. */
  timerId: string;
  /** When it falls due, ISO-8601 (stored in the form `Date.toISOString` writes, so that times compare as text). */
  dueAt: string;
  /** What the timer belongs to, for finding a thing's timers again: `incident:<id>`, say. */
  owner: string;
  action: TimerAction;
}

export interface TimerScheduled {
  type: 'TimerScheduled';
  data: TimerFields & { at: string };
}

/** The timer ran: `outcome` is what its handler answered (null when it had nothing to say). */
export interface TimerFired {
  type: 'TimerFired';
  data: { timerId: string; at: string; outcome: string | null };
}

export interface TimerCancelled {
  type: 'TimerCancelled';
  data: { timerId: string; at: string; reason: string };
}

export type TimerEvent = TimerScheduled | TimerFired | TimerCancelled;

/**
 * One stream per timer: its firing is appended with the exact revision of
 * its scheduling, so of two processes that fire it at once, one writes and
 * the other is refused.
 */
export const TIMER_STREAM_PREFIX = 'timer-';
export const timerStreamId = (timerId: string) => `${TIMER_STREAM_PREFIX}${timerId}`;
