import { INCIDENT_LIMITS } from '@incident-ledger/domain';
import { IncomingHttpHeaders } from 'node:http';
import { randomUUID } from 'node:crypto';

/** Who is asking, and the id that ties their request to the events it causes. */
export interface RequestContext {
  actor: string;
  correlationId: string;
}

export const CORRELATION_HEADER = 'x-correlation-id';
/**
 * Until authentication lands, the acting person is named by this header.
 * It is recorded on every event as its actor.
 */
export const ACTOR_HEADER = 'x-actor';
export const ANONYMOUS_ACTOR = 'anonymous';

const SAFE_ID = /^[\w.:@/+-]{1,128}$/;

function header(headers: IncomingHttpHeaders | Record<string, unknown>, name: string): string | undefined {
  const value = headers[name];
  return typeof value === 'string' ? value : Array.isArray(value) ? String(value[0]) : undefined;
}

export function correlationIdFrom(headers: IncomingHttpHeaders | Record<string, unknown>): string {
  const given = header(headers, CORRELATION_HEADER);
  return given && SAFE_ID.test(given) ? given : randomUUID();
}

export function requestContextFrom(headers: IncomingHttpHeaders | Record<string, unknown>, correlationId?: string): RequestContext {
  const actor = header(headers, ACTOR_HEADER)?.trim().slice(0, INCIDENT_LIMITS.responderMaxLength);
  return { actor: actor || ANONYMOUS_ACTOR, correlationId: correlationId ?? correlationIdFrom(headers) };
}
