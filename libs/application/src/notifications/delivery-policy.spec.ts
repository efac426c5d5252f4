import { judgeAttempt, nextAttemptAt, parseRetrySchedule, retryAfterSeconds, STANDARD_WEBHOOKS_SCHEDULE } from './delivery-policy';

const now = new Date('2026-06-01T12:00:00Z');
const response = (status: number, retryAfter?: string) => ({ outcome: 'response' as const, status, headers: retryAfter === undefined ? {} : { 'retry-after': retryAfter }, bodyExcerpt: 'nope', durationMs: 12 });

describe('delivery policy', () => {
  it('reads the schedule as Standard Webhooks writes it, and refuses what is not a delay', () => {
    expect(parseRetrySchedule('0,5s,5m,30m,2h,5h,10h,14h,20h,24h')).toEqual(STANDARD_WEBHOOKS_SCHEDULE);
    expect(parseRetrySchedule('0, 250ms, 1.5')).toEqual([0, 0.25, 1.5]);
    expect(() => parseRetrySchedule('0,soon')).toThrow(/"soon" is not a delay/);
  });

  it.each([
    [200, { delivered: true, retry: false, disableChannel: false }],
    [204, { delivered: true, retry: false, disableChannel: false }],
    [302, { delivered: false, retry: true, disableChannel: false }],
    [404, { delivered: false, retry: true, disableChannel: false }],
    [410, { delivered: false, retry: false, disableChannel: true }],
    [500, { delivered: false, retry: true, disableChannel: false }],
  ])('judges %s', (status, verdict) => {
    expect(judgeAttempt(response(status), now)).toMatchObject({ ...verdict, outcome: 'RESPONSE', status });
  });

  it('honours Retry-After on 429 and 503 only, in seconds or as a date', () => {
    expect(judgeAttempt(response(429, '120'), now).retryAfterSeconds).toBe(120);
    expect(judgeAttempt(response(503, 'Mon, 01 Jun 2026 12:05:00 GMT'), now).retryAfterSeconds).toBe(300);
    expect(judgeAttempt(response(500, '120'), now).retryAfterSeconds).toBeNull();
    expect(retryAfterSeconds('never', now)).toBeNull();
    expect(retryAfterSeconds('9999999', now)).toBe(86_400);
  });

  it('never retries a refused URL; retries timeouts and network failures', () => {
    expect(judgeAttempt({ outcome: 'refused', reason: 'address', detail: '127.0.0.1 is loopback', durationMs: 0 }, now)).toMatchObject({ outcome: 'REFUSED', retry: false });
    expect(judgeAttempt({ outcome: 'timeout', detail: 'no answer in 10000 ms', durationMs: 10_000 }, now)).toMatchObject({ outcome: 'TIMEOUT', retry: true });
    expect(judgeAttempt({ outcome: 'network', detail: 'ECONNREFUSED', durationMs: 3 }, now)).toMatchObject({ outcome: 'NETWORK', retry: true });
  });

  it('schedules the next attempt by the schedule, spread by at most 10 %, a Retry-After as a floor, and none after the last', () => {
    const at = (failed: number, random: number, retryAfter: number | null = null) => nextAttemptAt(now, failed, STANDARD_WEBHOOKS_SCHEDULE, retryAfter, random)?.getTime();
    expect(at(1, 0.5)).toBe(now.getTime() + 5_000);
    expect(at(2, 0)).toBe(now.getTime() + 270_000);
    expect(at(2, 0.999_999)).toBeCloseTo(now.getTime() + 330_000, -2);
    expect(at(1, 0.5, 60)).toBe(now.getTime() + 60_000);
    expect(at(10, 0.5)).toBeUndefined();
  });
});
