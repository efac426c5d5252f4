import { Principal } from '@incident-ledger/domain';
import { IncomingHttpHeaders } from 'node:http';
import { randomUUID } from 'node:crypto';

/** Who is asking, and the id that ties their request to the events it causes. */
export interface RequestContext {
  /** Set for every request that reached GraphQL: unauthenticated requests are refused before. */
  principal: Principal;
  correlationId: string;
  /** Where the client reached this server (`https://ledger.example.com`), for links in answers; HTTP requests only. */
  origin?: string;
  /** The graphql-ws connection, for subscriptions. */
  socket?: { readonly readyState: number; close(code?: number, reason?: string): void; once(event: 'close', listener: () => void): unknown };
}

export const CORRELATION_HEADER = 'x-correlation-id';

const SAFE_ID = /^[\w.:@/+-]{1,128}$/;

function header(headers: IncomingHttpHeaders | Record<string, unknown>, name: string): string | undefined {
  const value = headers[name];
  return typeof value === 'string' ? value : Array.isArray(value) ? String(value[0]) : undefined;
}

export function correlationIdFrom(headers: IncomingHttpHeaders | Record<string, unknown>): string {
  const given = header(headers, CORRELATION_HEADER);
  return given && SAFE_ID.test(given) ? given : randomUUID();
}

/**
 * The credential of an HTTP request: `Authorization: Bearer <key or token>`,
 * or `X-Api-Key: <key>`.
 */
export function credentialFromHeaders(headers: IncomingHttpHeaders | Record<string, unknown>): string | undefined {
  const authorization = header(headers, 'authorization');
  if (authorization) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    return match ? match[1] : undefined;
  }
  return header(headers, 'x-api-key')?.trim() || undefined;
}

/** The credential of a graphql-ws connection, from its `connection_init` payload. */
export function credentialFromConnectionParams(payload: unknown): string | undefined {
  if (!payload || typeof payload !== 'object') return undefined;
  const params = payload as Record<string, unknown>;
  const headers = (params.headers && typeof params.headers === 'object' ? params.headers : params) as Record<string, unknown>;
  const lowered = Object.fromEntries(Object.entries(headers).map(([key, value]) => [key.toLowerCase(), value]));
  if (typeof lowered.apikey === 'string') return lowered.apikey;
  return credentialFromHeaders(lowered);
}
