/** Too many live feeds on one connection. */
export class SubscriptionLimitError extends Error {
  constructor(readonly limit: number) {
    super(`A connection may hold at most ${limit} subscriptions; end one before starting another`);
    this.name = 'SubscriptionLimitError';
  }
}

/** Too many graphql-ws connections for one credential. */
export class ConnectionLimitError extends Error {
  constructor(readonly limit: number) {
    super(`A credential may hold at most ${limit} live connections; close one before opening another`);
    this.name = 'ConnectionLimitError';
  }
}
