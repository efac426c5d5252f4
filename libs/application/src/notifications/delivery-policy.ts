import { AttemptOutcome } from '@incident-ledger/domain';
import { OutboundAnswer } from './outbound-http';

/**
 * The Standard Webhooks retry schedule, in seconds: the first attempt at
 * once, then 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h and 24 h after
 * each failure. After the last, a delivery is a dead letter.
 */
export const STANDARD_WEBHOOKS_SCHEDULE = [0, 5, 300, 1_800, 7_200, 18_000, 36_000, 50_400, 72_000, 86_400];
/** The longest a receiver's Retry-After is honoured for. */
const MAX_RETRY_AFTER_SECONDS = 86_400;
/** Each delay moves by up to this share either way, so that retries from one outage do not arrive together. */
const JITTER = 0.1;

const UNITS: Record<string, number> = { '': 1, ms: 0.001, s: 1, m: 60, h: 3_600 };

/** `NOTIFY_RETRY_SCHEDULE`: comma-separated delays (`0,5s,5m,30m,2h`), the first before the first attempt. */
export function parseRetrySchedule(text: string): number[] {
  const delays = text.split(',').map((part) => {
    const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/.exec(part);
    if (!match) throw new Error(`NOTIFY_RETRY_SCHEDULE: ${JSON.stringify(part)} is not a delay such as 0, 500ms, 5s, 5m or 2h`);
    return Number(match[1]) * UNITS[match[2] ?? ''];
  });
  if (delays.length === 0 || delays.length > 50) throw new Error('NOTIFY_RETRY_SCHEDULE: 1 to 50 delays');
  return delays;
}

/** What an attempt's answer means for the delivery and its channel. */
export interface AttemptVerdict {
  delivered: boolean;
  outcome: AttemptOutcome;
  status: number | null;
  error: string | null;
  /** False: never again (a refused URL, 410 Gone). */
  retry: boolean;
  /** The receiver asked for this delay (429, 503 with Retry-After). */
  retryAfterSeconds: number | null;
  /** 410 Gone: the receiver says the channel is no more. */
  disableChannel: boolean;
}

/** 2xx delivers; 410 disables the channel; every other answer, a timeout or a network failure is tried again; a refused URL is not. */
export function judgeAttempt(answer: OutboundAnswer, now: Date): AttemptVerdict {
  switch (answer.outcome) {
    case 'response': {
      const { status } = answer;
      const delivered = status >= 200 && status < 300;
      const retryAfter = status === 429 || status === 503 ? retryAfterSeconds(answer.headers['retry-after'], now) : null;
      const error = delivered ? null : `HTTP ${status}${answer.bodyExcerpt ? `: ${answer.bodyExcerpt.slice(0, 200)}` : ''}`;
      return { delivered, outcome: 'RESPONSE', status, error, retry: !delivered && status !== 410, retryAfterSeconds: retryAfter, disableChannel: status === 410 };
    }
    case 'refused':
      return { delivered: false, outcome: 'REFUSED', status: null, error: answer.detail, retry: false, retryAfterSeconds: null, disableChannel: false };
    case 'timeout':
      return { delivered: false, outcome: 'TIMEOUT', status: null, error: answer.detail, retry: true, retryAfterSeconds: null, disableChannel: false };
    case 'network':
      return { delivered: false, outcome: 'NETWORK', status: null, error: answer.detail, retry: true, retryAfterSeconds: null, disableChannel: false };
  }
}

/** Retry-After as seconds (`120`) or an HTTP date; null when absent or unreadable. */
export function retryAfterSeconds(header: string | undefined, now: Date): number | null {
  if (header === undefined) return null;
  const text = header.trim();
  const seconds = /^\d+$/.test(text) ? Number(text) : (Date.parse(text) - now.getTime()) / 1000;
  if (!Number.isFinite(seconds)) return null;
  return Math.min(Math.max(0, Math.ceil(seconds)), MAX_RETRY_AFTER_SECONDS);
}

/**
 * When the next attempt is due after `attemptsInRound` failed ones, or null
 * when the schedule is spent. `random` in [0, 1) spreads the delay by
 * ±10 %; a receiver's Retry-After is a floor.
 */
export function nextAttemptAt(now: Date, attemptsInRound: number, schedule: readonly number[], retryAfter: number | null, random: number): Date | null {
  if (attemptsInRound >= schedule.length) return null;
  const delay = schedule[attemptsInRound] * (1 + JITTER * (2 * random - 1));
  return new Date(now.getTime() + Math.max(delay, retryAfter ?? 0) * 1000);
}
