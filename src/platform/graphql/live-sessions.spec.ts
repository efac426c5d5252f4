import { AccessRole, apiKeyStreamId, Principal } from '@incident-ledger/domain';
import { RecordedEvent } from '@incident-ledger/event-store';
import { ApiKeyReadModel } from '@incident-ledger/read-models';
import { GraphQLError } from 'graphql';
import { EventEmitter } from 'node:events';
import { RateLimiter } from '../auth/rate-limiter';
import { ConnectionLimitError } from './live-session.errors';
import { LiveSessions } from './live-sessions';

class FakeSocket extends EventEmitter {
  readyState = 1;
  closedWith: [number | undefined, string | undefined] | undefined;
  close(code?: number, reason?: string): void {
    this.closedWith ??= [code, reason];
    this.readyState = 3;
    this.emit('close');
  }
}

function keyEvent(type: string, revision: number, data: Record<string, unknown>): RecordedEvent {
  return {
    id: `${type}-${String(data.keyId)}`,
    type,
    data,
    streamId: apiKeyStreamId(String(data.keyId)),
    revision,
    position: revision + 1,
    recordedAt: '2026-01-01T00:00:00.000Z',
    metadata: { correlationId: 'c', causationId: null, actor: 'admin', occurredAt: '2026-01-01T00:00:00.000Z', schemaVersion: 1 },
  };
}

const alice: Principal = { id: 'k1', name: 'alice', role: AccessRole.RESPONDER, kind: 'api-key' };

function feed(): AsyncIterator<number> & { ended: boolean } {
  const iterator = {
    ended: false,
    next: () => new Promise<IteratorResult<number>>(() => undefined),
    return: async () => {
      iterator.ended = true;
      return { value: undefined, done: true as const };
    },
  };
  return iterator;
}

describe('live sessions', () => {
  let keys: ApiKeyReadModel;
  let now: number;
  let sessions: LiveSessions;

  beforeEach(() => {
    keys = new ApiKeyReadModel();
    keys.apply(keyEvent('ApiKeyCreated', 0, { keyId: 'k1', name: 'alice', role: 'RESPONDER', prefix: 'aaaaaaaaaaaa', secretHash: 'x', at: '2026-01-01T00:00:00.000Z', by: 'admin' }));
    now = Date.parse('2026-01-01T00:00:00Z');
    sessions = new LiveSessions(keys, { feedsPerConnection: 2, connectionsPerCredential: 2 }, () => now);
  });

  const revokeAlice = () => keys.apply(keyEvent('ApiKeyRevoked', 1, { keyId: 'k1', reason: null, at: '2026-01-01T00:01:00.000Z', by: 'admin' }));

  it('closes every connection of a revoked key, with feeds or without, and ends its feeds', () => {
    const idle = new FakeSocket();
    const busy = new FakeSocket();
    sessions.connect(idle, alice);
    sessions.connect(busy, alice);
    const started = feed();
    sessions.open({ principal: alice, correlationId: 'c', socket: busy }, () => started);
    revokeAlice();
    expect(idle.closedWith).toEqual([4403, 'API key revoked']);
    expect(busy.closedWith).toEqual([4403, 'API key revoked']);
    expect(started.ended).toBe(true);
    expect(sessions.size).toBe(0);
  });

  it('checks the credential again before each feed: a stale connection is refused and closed', () => {
    const socket = new FakeSocket();
    const token: Principal = { id: 'token:u', name: 'u', role: AccessRole.VIEWER, kind: 'token', expiresAt: now + 60_000 };
    sessions.connect(socket, token);
    now += 60_000;
    let refusal: unknown;
    try {
      sessions.open({ principal: token, correlationId: 'c', socket }, feed);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(GraphQLError);
    expect((refusal as GraphQLError).extensions.code).toBe('UNAUTHENTICATED');
    expect(socket.closedWith?.[0]).toBe(4403);
  });

  it('refuses a feed on a connection it does not know (closed, or never authenticated)', () => {
    const socket = new FakeSocket();
    expect(() => sessions.open({ principal: alice, correlationId: 'c', socket }, feed)).toThrow('revoked or has expired');
  });

  it('closes a connection when its token expires', () => {
    jest.useFakeTimers({ now });
    try {
      // The fake timers move Date.now() as well.
      const timed = new LiveSessions(keys, { feedsPerConnection: 2, connectionsPerCredential: 2 });
      const socket = new FakeSocket();
      timed.connect(socket, { id: 'token:u', name: 'u', role: AccessRole.VIEWER, kind: 'token', expiresAt: now + 5_000 });
      jest.advanceTimersByTime(4_999);
      expect(socket.closedWith).toBeUndefined();
      jest.advanceTimersByTime(1);
      expect(socket.closedWith).toEqual([4403, 'Token expired']);
    } finally {
      jest.useRealTimers();
    }
  });

  it('caps connections per credential and feeds per connection, and makes room as they close', () => {
    const [first, second, third] = [new FakeSocket(), new FakeSocket(), new FakeSocket()];
    sessions.connect(first, alice);
    sessions.connect(second, alice);
    expect(() => sessions.connect(third, alice)).toThrow(ConnectionLimitError);
    first.close();
    sessions.connect(third, alice);
    const context = { principal: alice, correlationId: 'c', socket: third };
    sessions.open(context, feed);
    const ending = sessions.open(context, feed);
    expect(() => sessions.open(context, feed)).toThrow('at most 2 subscriptions');
    void ending.return?.();
    expect(() => sessions.open(context, feed)).not.toThrow();
  });

  it("spends the credential's request budget on each feed it starts, across its connections", () => {
    const limited = new LiveSessions(keys, { feedsPerConnection: 10, connectionsPerCredential: 10, requests: new RateLimiter(1, 2, () => now) });
    const [first, second] = [new FakeSocket(), new FakeSocket()];
    limited.connect(first, alice);
    limited.connect(second, alice);
    void limited.open({ principal: alice, correlationId: 'c', socket: first }, feed).return?.();
    void limited.open({ principal: alice, correlationId: 'c', socket: second }, feed).return?.();
    let refusal: unknown;
    try {
      limited.open({ principal: alice, correlationId: 'c', socket: first }, feed);
    } catch (error) {
      refusal = error;
    }
    expect((refusal as GraphQLError).extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: 1 });
    now += 1000;
    expect(() => limited.open({ principal: alice, correlationId: 'c', socket: first }, feed)).not.toThrow();
  });

  it('does not register a connection that closed while it was authenticating, nor one twice', () => {
    const gone = new FakeSocket();
    gone.close();
    expect(sessions.connect(gone, alice)).toBe(false);
    expect(sessions.size).toBe(0);
    const socket = new FakeSocket();
    expect(sessions.connect(socket, alice)).toBe(true);
    expect(() => sessions.connect(socket, { ...alice, id: 'k2' })).toThrow('authenticated already');
    // Its place is freed when it closes: the cap of 2 is not eaten by a ghost.
    socket.close();
    expect(sessions.connect(new FakeSocket(), alice) && sessions.connect(new FakeSocket(), alice)).toBe(true);
  });

  it('frees the place of a feed that ended with an error', async () => {
    const socket = new FakeSocket();
    sessions.connect(socket, alice);
    const context = { principal: alice, correlationId: 'c', socket };
    const failing = () => ({ next: () => Promise.reject(new Error('lost access')) });
    const first = sessions.open(context, failing);
    sessions.open(context, failing);
    expect(() => sessions.open(context, feed)).toThrow('at most 2 subscriptions');
    await expect(first.next()).rejects.toThrow('lost access');
    expect(() => sessions.open(context, feed)).not.toThrow();
  });
});
