import { RateLimiter } from './rate-limiter';

describe('rate limiter', () => {
  it('allows a burst, then one request per refill, per key', () => {
    let now = 0;
    const limiter = new RateLimiter(2, 3, () => now);
    expect([1, 2, 3].map(() => limiter.take('a').allowed)).toEqual([true, true, true]);
    expect(limiter.take('a')).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect(limiter.take('b').allowed).toBe(true);
    now += 500;
    expect(limiter.take('a').allowed).toBe(true);
    expect(limiter.take('a').allowed).toBe(false);
    now += 10_000;
    expect([1, 2, 3, 4].map(() => limiter.take('a').allowed)).toEqual([true, true, true, false]);
  });

  it('reports exhaustion without spending', () => {
    const limiter = new RateLimiter(1, 1, () => 0);
    expect(limiter.exhausted('a')).toBe(false);
    limiter.take('a');
    expect(limiter.exhausted('a')).toBe(true);
  });

  it('is off at a rate of 0', () => {
    const limiter = new RateLimiter(0, 0);
    expect(Array.from({ length: 1000 }, () => limiter.take('a').allowed).every(Boolean)).toBe(true);
  });
});
