import { Principal } from '@incident-ledger/domain';
import { ApiKeyReadModel } from '@incident-ledger/read-models';
import { RateLimitedError, UnauthenticatedError } from '../auth/auth.errors';
import { RateLimiter } from '../auth/rate-limiter';
import { withErrorCode } from '../errors/error-codes';
import { ConnectionLimitError, SubscriptionLimitError } from './live-session.errors';
import { RequestContext } from './request-context';

/** graphql-ws close codes: a credential refused or no longer valid, and too many of something. */
export const CLOSE_FORBIDDEN = 4403;
export const CLOSE_TOO_MANY = 4429;

/** A graphql-ws connection's socket, as far as the sessions use it. */
export type LiveSocket = NonNullable<RequestContext['socket']>;

export interface LiveSessionLimits {
  feedsPerConnection: number;
  connectionsPerCredential: number;
  /** Each credential's request budget: starting a feed spends from it, as an HTTP request does. */
  requests?: RateLimiter;
}

interface Connection {
  principal: Principal;
  feeds: Set<AsyncIterator<unknown>>;
  expiry?: NodeJS.Timeout;
}

/** WebSocket.OPEN: a socket that can still be used. */
const OPEN = 1;

/** setTimeout's longest delay; a later expiry is checked again then. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Every authenticated graphql-ws connection, from its `connection_init` to its
 * close. Each operation on a connection is checked against its credential's
 * current state; revoking a key, or its token expiring, closes every
 * connection of that credential. Caps the connections of one credential and
 * the feeds of one connection.
 */
export class LiveSessions {
  private readonly connections = new Map<LiveSocket, Connection>();
  private readonly byCredential = new Map<string, Set<LiveSocket>>();

  constructor(
    private readonly keys: ApiKeyReadModel,
    private readonly limits: LiveSessionLimits,
    private readonly now: () => number = () => Date.now(),
  ) {
    keys.onRevoked((key) => this.closeAllOf(key.keyId, 'API key revoked'));
  }

  /** Whether the connection has authenticated already (graphql-ws allows one connection_init per connection). */
  has(socket: LiveSocket): boolean {
    return this.connections.has(socket);
  }

  /**
   * Registers a connection that has just authenticated; refused over its
   * credential's cap. A connection that closed while it was authenticating is
   * not registered: its close has already happened, and nothing would forget it.
   */
  connect(socket: LiveSocket, principal: Principal): boolean {
    if (this.connections.has(socket)) throw new Error('This connection has authenticated already');
    if (socket.readyState !== OPEN) return false;
    const sockets = this.byCredential.get(principal.id) ?? new Set<LiveSocket>();
    if (sockets.size >= this.limits.connectionsPerCredential) throw new ConnectionLimitError(this.limits.connectionsPerCredential);
    sockets.add(socket);
    this.byCredential.set(principal.id, sockets);
    const connection: Connection = { principal, feeds: new Set() };
    this.connections.set(socket, connection);
    socket.once('close', () => this.forget(socket));
    if (principal.expiresAt !== undefined) this.closeAtExpiry(socket, connection, principal.expiresAt);
    return true;
  }

  /** Open connections, for health and tests. */
  get size(): number {
    return this.connections.size;
  }

  /**
   * Starts a feed on the context's connection, once its credential is checked
   * again. Errors, at the start or when the feed ends (its subscriber lost
   * access), reach the client without the error formatter: they get their
   * code here.
   */
  open<T>(context: RequestContext, start: () => AsyncIterator<T>): AsyncIterator<T> {
    try {
      return this.track(context, start);
    } catch (error) {
      throw withErrorCode(error);
    }
  }

  private track<T>(context: RequestContext, start: () => AsyncIterator<T>): AsyncIterator<T> {
    const socket = context.socket;
    // Feeds are served over graphql-ws only (see refuseOperationsOnTheWrongTransport): fail closed.
    if (!socket) throw new UnauthenticatedError('A feed needs a graphql-ws connection');
    const connection = this.connections.get(socket);
    if (!connection || !this.isCurrent(connection.principal)) {
      this.close(socket, 'Credential revoked or expired');
      throw new UnauthenticatedError('The credential of this connection was revoked or has expired');
    }
    if (connection.feeds.size >= this.limits.feedsPerConnection) throw new SubscriptionLimitError(this.limits.feedsPerConnection);
    const spent = this.limits.requests?.take(connection.principal.id);
    if (spent && !spent.allowed) throw new RateLimitedError(spent.retryAfterSeconds);
    const feed = start();
    connection.feeds.add(feed);
    const release = () => connection.feeds.delete(feed);
    const tracked: AsyncIterableIterator<T> = {
      next: async () => {
        try {
          const result = await feed.next();
          if (result.done) release();
          return result;
        } catch (error) {
          // A feed that ended with an error (its subscriber lost access) holds no place any more.
          release();
          throw withErrorCode(error);
        }
      },
      return: async (value?: unknown) => {
        release();
        return feed.return ? feed.return(value) : { value: undefined, done: true };
      },
      throw: async (error?: unknown) => {
        release();
        if (feed.throw) return feed.throw(error);
        throw error;
      },
      [Symbol.asyncIterator]() {
        return this;
      },
    };
    return tracked;
  }

  /** The credential as it is now: a key not revoked since, a token not expired since. */
  private isCurrent(principal: Principal): boolean {
    if (principal.expiresAt !== undefined && principal.expiresAt <= this.now()) return false;
    if (principal.kind !== 'api-key') return true;
    const key = this.keys.get(principal.id);
    return key !== undefined && !key.revokedAt;
  }

  private closeAtExpiry(socket: LiveSocket, connection: Connection, expiresAt: number): void {
    const wait = expiresAt - this.now();
    if (wait <= 0) return this.close(socket, 'Token expired');
    connection.expiry = setTimeout(() => this.closeAtExpiry(socket, connection, expiresAt), Math.min(wait, MAX_TIMER_MS));
    connection.expiry.unref();
  }

  private closeAllOf(credentialId: string, reason: string): void {
    for (const socket of [...(this.byCredential.get(credentialId) ?? [])]) this.close(socket, reason);
  }

  /** Ends the connection's feeds and closes it with 4403, as graphql-ws does for a refused credential. */
  private close(socket: LiveSocket, reason: string): void {
    const connection = this.connections.get(socket);
    this.forget(socket);
    for (const feed of connection?.feeds ?? []) void feed.return?.();
    socket.close(CLOSE_FORBIDDEN, reason);
  }

  private forget(socket: LiveSocket): void {
    const connection = this.connections.get(socket);
    if (!connection) return;
    clearTimeout(connection.expiry);
    this.connections.delete(socket);
    const sockets = this.byCredential.get(connection.principal.id);
    sockets?.delete(socket);
    if (sockets?.size === 0) this.byCredential.delete(connection.principal.id);
  }
}
