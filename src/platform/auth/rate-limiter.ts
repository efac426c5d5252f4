/**
 * Token buckets by key: each key may spend `burst` requests at once, and
 * regains `perSecond` of them every second. A rate of 0 turns the limit off.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; updatedAt: number }>();

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    private readonly now: () => number = () => Date.now(),
    private readonly maxKeys = 100_000,
  ) {}

  get enabled(): boolean {
    return this.perSecond > 0;
  }

  /** Spends one token; when none is left, says how many seconds until one is back. */
  take(key: string): { allowed: true } | { allowed: false; retryAfterSeconds: number } {
    if (!this.enabled) return { allowed: true };
    const bucket = this.refill(key);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true };
    }
    return { allowed: false, retryAfterSeconds: this.secondsUntilOne(bucket.tokens) };
  }

  /** Gives back a token spent for something that, after all, does not count (up to the burst). */
  refund(key: string): void {
    if (!this.enabled) return;
    const bucket = this.refill(key);
    bucket.tokens = Math.min(this.burst, bucket.tokens + 1);
  }

  private secondsUntilOne(tokens: number): number {
    return Math.max(1, Math.ceil((1 - tokens) / this.perSecond));
  }

  private refill(key: string): { tokens: number; updatedAt: number } {
    const now = this.now();
    let bucket = this.buckets.get(key);
    if (!bucket) {
      if (this.buckets.size >= this.maxKeys) this.prune(now);
      bucket = { tokens: this.burst, updatedAt: now };
      this.buckets.set(key, bucket);
      return bucket;
    }
    bucket.tokens = Math.min(this.burst, bucket.tokens + ((now - bucket.updatedAt) / 1000) * this.perSecond);
    bucket.updatedAt = now;
    return bucket;
  }

  /** Forgets buckets that are full again: they hold nothing a new bucket would not. */
  private prune(now: number): void {
    for (const [key, bucket] of this.buckets) {
      if (bucket.tokens + ((now - bucket.updatedAt) / 1000) * this.perSecond >= this.burst) this.buckets.delete(key);
    }
  }
}
