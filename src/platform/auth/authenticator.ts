import { Principal } from '@incident-ledger/domain';
import { ApiKeyReadModel } from '@incident-ledger/read-models';
import { timingSafeEqual } from 'node:crypto';
import { parseApiKey, secretDigest, verifySecret } from '@incident-ledger/application';
import { TooManyFailuresError, UnauthenticatedError } from './auth.errors';
import { addressBucket } from './address-bucket';
import { RateLimiter } from './rate-limiter';

/** Verifies bearer tokens (JWT); absent when none is configured. */
export interface TokenVerifier {
  verify(token: string): Promise<Principal>;
}

const USE_PERSIST_INTERVAL_MS = 60 * 60 * 1000;

/**
 * Wrong secrets for existing keys, counted per key prefix (someone guessing
 * one key, from anywhere) and per client address (someone spending the slow
 * hash on many keys). Only those count: a missing, malformed or unknown
 * credential is refused at no cost, and a token's signature cannot be guessed.
 */
export interface FailureLimits {
  perKey: RateLimiter;
  perAddress: RateLimiter;
}

/**
 * Turns a credential into a principal. API keys are checked against their
 * scrypt hash once, then recognised by a fast digest kept in memory; revoking
 * a key drops it from memory at once. A key already recognised is accepted
 * whatever others did: failure limits only stand before the slow check.
 */
export class Authenticator {
  private readonly verified = new Map<string, { digest: Buffer; keyId: string }>();
  /** Uses recorded in the log from this process, by key, so that none is recorded twice before its event is applied. */
  private readonly lastPersistedUse = new Map<string, number>();
  /** The last use of each key seen by this process: exact, but gone at exit. */
  private readonly lastUse = new Map<string, string>();
  private catchingUp: Promise<void> | undefined;

  constructor(
    private readonly keys: ApiKeyReadModel,
    private readonly now: () => Date,
    /** Records a use in the log; called at most hourly per key. */
    private readonly persistUse: (keyId: string) => void,
    private readonly tokens?: TokenVerifier,
    private readonly failures?: FailureLimits,
    /**
     * Brings the key read model up to the store's head. A key made a moment ago
     * (by the command line, or another server process) is in the log before this
     * process has read it: an unknown prefix looks once more before it is refused.
     */
    private readonly catchUp?: () => Promise<void>,
  ) {
    keys.onRevoked((key) => this.verified.delete(key.prefix));
  }

  /** `address`: the client's, for the failure limit (absent for callers in this process). */
  async authenticate(credential: string | undefined, address?: string): Promise<Principal> {
    if (!credential) throw new UnauthenticatedError();
    const apiKey = parseApiKey(credential);
    if (apiKey) return this.authenticateKey(apiKey.prefix, apiKey.secret, address);
    if (this.tokens && credential.split('.').length === 3) return this.tokens.verify(credential);
    throw new UnauthenticatedError('The credential is neither an API key nor an accepted bearer token');
  }

  private async authenticateKey(prefix: string, secret: string, address: string | undefined): Promise<Principal> {
    const key = this.keys.findByPrefix(prefix) ?? (await this.caughtUp(() => this.keys.findByPrefix(prefix)));
    if (!key || key.revokedAt) throw new UnauthenticatedError('Unknown or revoked API key');
    const digest = secretDigest(secret);
    const cached = this.verified.get(prefix);
    const known = cached && cached.keyId === key.keyId && timingSafeEqual(cached.digest, digest);
    if (!known) {
      const refund = this.spendFailureAllowance(prefix, address);
      if (!(await verifySecret(secret, key.secretHash))) throw new UnauthenticatedError('Unknown or revoked API key');
      refund();
      // The key may have been revoked while the hash was being checked.
      if (this.keys.get(key.keyId)?.revokedAt) throw new UnauthenticatedError('Unknown or revoked API key');
      this.verified.set(prefix, { digest, keyId: key.keyId });
    }
    this.noteUse(key.keyId, key.lastUsedAt);
    return { id: key.keyId, name: key.name, role: key.role, kind: 'api-key' };
  }

  /** `find` again once the read models have caught up with the store (one catch-up at a time, shared by every caller). */
  private async caughtUp<T>(find: () => T | undefined): Promise<T | undefined> {
    if (!this.catchUp) return undefined;
    this.catchingUp ??= this.catchUp()
      .catch(() => undefined)
      .finally(() => (this.catchingUp = undefined));
    await this.catchingUp;
    return find();
  }

  /**
   * Before a slow check: each check spends one failure of this key's and this
   * address's allowance up front, so that guesses sent together cannot all pass
   * a limit none of them has spent yet; refused when either is used up. The
   * returned function gives both back, for a check that succeeded.
   */
  private spendFailureAllowance(prefix: string, address: string | undefined): () => void {
    if (!this.failures) return () => undefined;
    const buckets: Array<[RateLimiter, string]> = [[this.failures.perKey, prefix]];
    if (address !== undefined) buckets.push([this.failures.perAddress, addressBucket(address)]);
    const spent: Array<[RateLimiter, string]> = [];
    for (const [limiter, bucket] of buckets) {
      const taken = limiter.take(bucket);
      if (!taken.allowed) {
        for (const [returned, key] of spent) returned.refund(key);
        throw new TooManyFailuresError(taken.retryAfterSeconds);
      }
      spent.push([limiter, bucket]);
    }
    return () => spent.forEach(([limiter, bucket]) => limiter.refund(bucket));
  }

  /** A key's last use: exact for uses seen by this process, else the last one recorded in the log. */
  lastUsedAt(keyId: string): string | null {
    const recorded = this.keys.get(keyId)?.lastUsedAt ?? null;
    const seen = this.lastUse.get(keyId) ?? null;
    return seen !== null && (recorded === null || seen > recorded) ? seen : recorded;
  }

  /** `recorded`: the last use the log holds (the read model has only what events say). */
  private noteUse(keyId: string, recorded: string | null): void {
    const now = this.now();
    this.lastUse.set(keyId, now.toISOString());
    const last = Math.max(this.lastPersistedUse.get(keyId) ?? 0, recorded ? Date.parse(recorded) : 0);
    if (now.getTime() - last >= USE_PERSIST_INTERVAL_MS) {
      this.lastPersistedUse.set(keyId, now.getTime());
      this.persistUse(keyId);
    }
  }
}
