import { ApiKeyReadModel } from '@incident-ledger/read-models';
import { RequestContext } from './request-context';

/** Too many live feeds on one connection. */
export class SubscriptionLimitError extends Error {
  constructor(readonly limit: number) {
    super(`A connection may hold at most ${limit} subscriptions; end one before starting another`);
    this.name = 'SubscriptionLimitError';
  }
}

type Socket = NonNullable<RequestContext['socket']>;

interface Session {
  principalId: string;
  feeds: Set<AsyncIterator<unknown>>;
}

/** graphql-ws close code for a credential that stopped being valid. */
export const CLOSE_REVOKED = 4403;

/**
 * The live feeds of each graphql-ws connection: caps how many one connection
 * holds, and ends them (closing the connection) when their key is revoked.
 */
export class LiveSessions {
  private readonly sessions = new Map<Socket, Session>();

  constructor(
    keys: ApiKeyReadModel,
    private readonly maxPerConnection: number,
  ) {
    keys.onRevoked((key) => this.endAllOf(key.keyId));
  }

  open<T>(context: RequestContext, start: () => AsyncIterator<T>): AsyncIterator<T> {
    const socket = context.socket;
    if (!socket) return start();
    const session = this.sessions.get(socket) ?? { principalId: context.principal.id, feeds: new Set() };
    if (session.feeds.size >= this.maxPerConnection) throw new SubscriptionLimitError(this.maxPerConnection);
    const feed = start();
    this.sessions.set(socket, session);
    session.feeds.add(feed);
    const release = () => {
      session.feeds.delete(feed);
      if (session.feeds.size === 0 && this.sessions.get(socket) === session) this.sessions.delete(socket);
    };
    const tracked: AsyncIterableIterator<T> = {
      next: async () => {
        const result = await feed.next();
        if (result.done) release();
        return result;
      },
      return: async (value?: unknown) => {
        release();
        return feed.return ? feed.return(value) : { value: undefined, done: true };
      },
      [Symbol.asyncIterator]() {
        return this;
      },
    };
    return tracked;
  }

  private endAllOf(principalId: string): void {
    for (const [socket, session] of [...this.sessions]) {
      if (session.principalId !== principalId) continue;
      for (const feed of [...session.feeds]) void feed.return?.();
      this.sessions.delete(socket);
      socket.close(CLOSE_REVOKED, 'API key revoked');
    }
  }
}
