import { Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  body: {
    data?: T | null;
    errors?: Array<{ message: string; path?: string[]; extensions?: Record<string, unknown> & { code?: string } }>;
  };
}

// Tests read answers loosely; the schema is checked elsewhere.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = Record<string, any>;

/** Where to send requests, and with which API key (none: unauthenticated). */
export interface Caller {
  url: string;
  key?: string;
}

/** A plain HTTP GraphQL client: one POST per operation. */
export async function graphql<T = Loose>(
  caller: Caller,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<GraphQLResponse<T>> {
  const response = await fetch(caller.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(caller.key ? { authorization: `Bearer ${caller.key}` } : {}),
      ...headers,
    },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as GraphQLResponse<T>['body'] };
}

/** Like `graphql`, but fails on any error and returns the data. */
export async function mustQuery<T = Loose>(
  caller: Caller,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<T> {
  const { status, body } = await graphql<T>(caller, query, variables, headers);
  if (status !== 200 || body.errors?.length || !body.data) {
    throw new Error(`GraphQL request failed (${status}): ${JSON.stringify(body.errors ?? body)}`);
  }
  return body.data;
}

/** A graphql-ws client that authenticates with the caller's key in connection_init. */
export function wsClient(url: string, key?: string): Client {
  const connectionParams = key ? { authorization: `Bearer ${key}` } : {};
  return createClient({ url, webSocketImpl: WebSocket, connectionParams, retryAttempts: 0, lazy: true });
}

/** Collects what a subscription sends, and lets the test wait for a number of items. */
export class SubscriptionRecorder<T> {
  readonly items: T[] = [];
  readonly errors: unknown[] = [];
  completed = false;
  private waiters: Array<{ count: number; resolve: () => void }> = [];
  private readonly unsubscribe: () => void;

  constructor(client: Client, query: string, variables: Record<string, unknown>, pick: (data: Loose) => T) {
    this.unsubscribe = client.subscribe(
      { query, variables },
      {
        next: (result) => {
          if (result.errors) this.errors.push(result.errors);
          if (result.data) this.items.push(pick(result.data));
          this.release();
        },
        error: (error) => {
          this.errors.push(error);
          this.release(true);
        },
        complete: () => {
          this.completed = true;
          this.release(true);
        },
      },
    );
  }

  /** Resolves once `count` items have arrived (or the feed ended); rejects after `timeoutMs`. */
  async waitFor(count: number, timeoutMs = 10_000): Promise<T[]> {
    if (this.items.length < count && !this.completed && this.errors.length === 0) {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`waited for ${count} items, got ${this.items.length}: ${JSON.stringify(this.items)}`)),
          timeoutMs,
        );
        this.waiters.push({ count, resolve: () => (clearTimeout(timer), resolve()) });
      });
    }
    return this.items;
  }

  stop(): void {
    this.unsubscribe();
  }

  private release(all = false): void {
    this.waiters = this.waiters.filter((waiter) => {
      if (all || this.items.length >= waiter.count) {
        waiter.resolve();
        return false;
      }
      return true;
    });
  }
}

/** Resolves once the server has acknowledged the graphql-ws connection. */
export function connected(client: Client): Promise<void> {
  return new Promise((resolve, reject) => {
    const offConnected = client.on('connected', () => {
      offConnected();
      offError();
      resolve();
    });
    const offError = client.on('error', (error) => {
      offConnected();
      offError();
      reject(error);
    });
  });
}
