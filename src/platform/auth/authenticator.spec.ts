import { AccessRole, apiKeyStreamId } from '@incident-ledger/domain';
import { RecordedEvent } from '@incident-ledger/event-store';
import { ApiKeyReadModel } from '@incident-ledger/read-models';
import { generateApiKey, hashSecret, parseApiKey, verifySecret } from '@incident-ledger/application';
import { TooManyFailuresError, UnauthenticatedError } from './auth.errors';
import { Authenticator } from './authenticator';
import { RateLimiter } from './rate-limiter';

let position = 0;
function event(type: string, data: Record<string, unknown>): RecordedEvent {
  position += 1;
  return {
    id: `e${position}`,
    type,
    data,
    streamId: apiKeyStreamId(String(data.keyId)),
    revision: 0,
    position,
    recordedAt: '2026-01-01T00:00:00.000Z',
    metadata: { correlationId: 'c', causationId: null, actor: 'admin', occurredAt: '2026-01-01T00:00:00.000Z', schemaVersion: 1 },
  };
}

describe('API key credentials', () => {
  it('generates keys that parse, and verifies only the right secret', async () => {
    const { key, prefix, secret } = generateApiKey();
    expect(parseApiKey(key)).toEqual({ prefix, secret });
    expect(parseApiKey('ilk_short_x')).toBeUndefined();
    const hash = await hashSecret(secret);
    expect(hash).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(hash).not.toContain(secret);
    expect(await verifySecret(secret, hash)).toBe(true);
    expect(await verifySecret(`${secret.slice(0, -1)}x`, hash)).toBe(false);
    expect(await hashSecret(secret)).not.toBe(hash);
  });
});

describe('authenticator', () => {
  let keys: ApiKeyReadModel;
  let persisted: string[];
  let clock: Date;
  let authenticator: Authenticator;
  const key = generateApiKey();

  beforeEach(async () => {
    keys = new ApiKeyReadModel();
    persisted = [];
    clock = new Date('2026-01-01T00:00:00Z');
    authenticator = new Authenticator(keys, () => clock, (keyId) => persisted.push(keyId));
    keys.apply(
      event('ApiKeyCreated', {
        keyId: 'k1',
        name: 'alice',
        role: AccessRole.RESPONDER,
        prefix: key.prefix,
        secretHash: await hashSecret(key.secret),
        at: '2026-01-01T00:00:00.000Z',
        by: 'admin',
      }),
    );
  });

  it('turns a valid key into its principal and notes the use', async () => {
    await expect(authenticator.authenticate(key.key)).resolves.toEqual({ id: 'k1', name: 'alice', role: AccessRole.RESPONDER, kind: 'api-key' });
    expect(authenticator.lastUsedAt('k1')).toBe('2026-01-01T00:00:00.000Z');
    // The read model holds only what events say.
    expect(keys.get('k1')?.lastUsedAt).toBeNull();
    expect(persisted).toEqual(['k1']);
  });

  it('records a use in the log at most hourly', async () => {
    await authenticator.authenticate(key.key);
    clock = new Date('2026-01-01T00:30:00Z');
    await authenticator.authenticate(key.key);
    expect(authenticator.lastUsedAt('k1')).toBe('2026-01-01T00:30:00.000Z');
    expect(persisted).toEqual(['k1']);
    clock = new Date('2026-01-01T01:00:00Z');
    await authenticator.authenticate(key.key);
    expect(persisted).toEqual(['k1', 'k1']);
  });

  it('does not record a use again after a restart within the hour of the last recorded one', async () => {
    keys.apply(event('ApiKeyUsed', { keyId: 'k1', at: '2025-12-31T23:30:00.000Z' }));
    const restarted = new Authenticator(keys, () => clock, (keyId) => persisted.push(keyId));
    await restarted.authenticate(key.key);
    expect(persisted).toEqual([]);
    clock = new Date('2026-01-01T00:31:00Z');
    await restarted.authenticate(key.key);
    expect(persisted).toEqual(['k1']);
  });

  it('refuses a missing, unknown or wrong credential, even after the right one was cached', async () => {
    await authenticator.authenticate(key.key);
    await expect(authenticator.authenticate(undefined)).rejects.toBeInstanceOf(UnauthenticatedError);
    await expect(authenticator.authenticate(generateApiKey().key)).rejects.toBeInstanceOf(UnauthenticatedError);
    await expect(authenticator.authenticate(`ilk_${key.prefix}_${'A'.repeat(43)}`)).rejects.toBeInstanceOf(UnauthenticatedError);
    await expect(authenticator.authenticate('a.b.c')).rejects.toBeInstanceOf(UnauthenticatedError);
  });

  it('refuses a key as soon as its revocation is applied', async () => {
    await authenticator.authenticate(key.key);
    keys.apply(event('ApiKeyRevoked', { keyId: 'k1', reason: null, at: '2026-01-01T00:01:00.000Z', by: 'admin' }));
    await expect(authenticator.authenticate(key.key)).rejects.toThrow('Unknown or revoked API key');
  });

  it('looks at the store once more before refusing a key it does not know: it may have been made a moment ago', async () => {
    const made = generateApiKey();
    const created = event('ApiKeyCreated', { keyId: 'k9', name: 'fresh', role: AccessRole.VIEWER, prefix: made.prefix, secretHash: await hashSecret(made.secret), at: '2026-01-01T00:00:00.000Z', by: 'admin' });
    let catchUps = 0;
    const catchingUp = new Authenticator(keys, () => clock, () => undefined, undefined, undefined, async () => {
      catchUps += 1;
      if (!keys.get('k9')) keys.apply(created);
    });
    await expect(new Authenticator(keys, () => clock, () => undefined).authenticate(made.key)).rejects.toBeInstanceOf(UnauthenticatedError);
    await expect(catchingUp.authenticate(made.key)).resolves.toMatchObject({ name: 'fresh' });
    // Unknown keys arriving together share one catch-up.
    await Promise.all([1, 2, 3].map(() => catchingUp.authenticate(generateApiKey().key).catch(() => undefined)));
    expect(catchUps).toBe(2);
  });

  describe('failure limits', () => {
    // Two wrong secrets a minute per key and per address.
    const limited = () =>
      new Authenticator(keys, () => clock, () => undefined, undefined, {
        perKey: new RateLimiter(2 / 60, 2, () => clock.getTime()),
        perAddress: new RateLimiter(2 / 60, 2, () => clock.getTime()),
      });
    const wrong = `ilk_${key.prefix}_${'A'.repeat(43)}`;

    it('stops the slow check for a key after its wrong secrets, from any address', async () => {
      const guarded = limited();
      await expect(guarded.authenticate(wrong, '10.0.0.1')).rejects.toBeInstanceOf(UnauthenticatedError);
      await expect(guarded.authenticate(wrong, '10.0.0.2')).rejects.toBeInstanceOf(UnauthenticatedError);
      await expect(guarded.authenticate(wrong, '10.0.0.3')).rejects.toBeInstanceOf(TooManyFailuresError);
      await expect(guarded.authenticate(key.key, '10.0.0.4')).rejects.toMatchObject({ retryAfterSeconds: 30 });
      clock = new Date(clock.getTime() + 30_000);
      await expect(guarded.authenticate(key.key, '10.0.0.4')).resolves.toMatchObject({ name: 'alice' });
    });

    it('stops the slow check from an address that guesses, but lets a key it already recognised through', async () => {
      const guarded = limited();
      await guarded.authenticate(key.key, '10.0.0.1');
      const other = generateApiKey();
      keys.apply(
        event('ApiKeyCreated', { keyId: 'k2', name: 'bob', role: AccessRole.VIEWER, prefix: other.prefix, secretHash: await hashSecret(other.secret), at: '2026-01-01T00:00:00.000Z', by: 'admin' }),
      );
      await expect(guarded.authenticate(wrong, '10.0.0.1')).rejects.toBeInstanceOf(UnauthenticatedError);
      await expect(guarded.authenticate(`ilk_${other.prefix}_${'B'.repeat(43)}`, '10.0.0.1')).rejects.toBeInstanceOf(UnauthenticatedError);
      await expect(guarded.authenticate(other.key, '10.0.0.1')).rejects.toBeInstanceOf(TooManyFailuresError);
      await expect(guarded.authenticate(key.key, '10.0.0.1')).resolves.toMatchObject({ name: 'alice' });
      await expect(guarded.authenticate(other.key, '10.0.0.2')).resolves.toMatchObject({ name: 'bob' });
    });

    it('lets no more slow checks run than the limit, however many guesses arrive together', async () => {
      const guarded = limited();
      const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => guarded.authenticate(wrong, `10.0.1.${i}`).catch((error: unknown) => error)));
      expect(answers.filter((answer) => answer instanceof UnauthenticatedError)).toHaveLength(2);
      expect(answers.filter((answer) => answer instanceof TooManyFailuresError)).toHaveLength(18);
    });

    it('gives the allowance back for a check that succeeded: only wrong secrets use it up', async () => {
      const guarded = limited();
      await expect(guarded.authenticate(wrong, '10.0.0.1')).rejects.toBeInstanceOf(UnauthenticatedError);
      // The right secret, checked slowly (not cached yet): it spends, then gives back.
      await expect(guarded.authenticate(key.key, '10.0.0.1')).resolves.toMatchObject({ name: 'alice' });
      await expect(guarded.authenticate(wrong, '10.0.0.1')).rejects.toBeInstanceOf(UnauthenticatedError);
      await expect(guarded.authenticate(wrong, '10.0.0.1')).rejects.toBeInstanceOf(TooManyFailuresError);
    });

    it('counts nothing for missing, malformed or unknown credentials: they cost no slow check', async () => {
      const guarded = limited();
      for (let attempt = 0; attempt < 10; attempt++) {
        await expect(guarded.authenticate(undefined, '10.0.0.1')).rejects.toBeInstanceOf(UnauthenticatedError);
        await expect(guarded.authenticate('garbage', '10.0.0.1')).rejects.toBeInstanceOf(UnauthenticatedError);
        await expect(guarded.authenticate(generateApiKey().key, '10.0.0.1')).rejects.toBeInstanceOf(UnauthenticatedError);
      }
      await expect(guarded.authenticate(key.key, '10.0.0.1')).resolves.toMatchObject({ name: 'alice' });
    });
  });
});
