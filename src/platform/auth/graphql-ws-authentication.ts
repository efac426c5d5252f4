import { Logger } from '@nestjs/common';
import { ConnectionLimitError } from '../graphql/live-session.errors';
import { CLOSE_FORBIDDEN, CLOSE_TOO_MANY, LiveSessions, LiveSocket } from '../graphql/live-sessions';
import { credentialFromConnectionParams } from '../graphql/request-context';
import { TooManyFailuresError, UnauthenticatedError } from './auth.errors';
import { Authenticator } from './authenticator';

/**
 * Mercurius calls `onConnect` as a method of its connection object, whose
 * `socket` is the graphql-ws socket and whose `context.request` the upgrade
 * request (with the client address, behind trusted proxies too).
 */
interface MercuriusConnection {
  socket?: LiveSocket;
  context?: { request?: { ip?: string } };
}

/** A WebSocket close reason holds at most 123 bytes. */
function closeReason(message: string): string {
  let reason = message;
  while (Buffer.byteLength(reason) > 123) reason = reason.slice(0, -1);
  return reason;
}

function closeFor(error: unknown): [number, string] | undefined {
  if (error instanceof UnauthenticatedError) return [CLOSE_FORBIDDEN, error.message];
  if (error instanceof TooManyFailuresError || error instanceof ConnectionLimitError) return [CLOSE_TOO_MANY, error.message];
  return undefined;
}

/**
 * graphql-ws connections authenticate in `connection_init`, under the same
 * failure limits as HTTP requests, and are then tracked by LiveSessions. A
 * refused connection is closed the way the graphql-ws protocol says: 4403
 * Forbidden for a credential, 4429 for too many failures or connections, so
 * that clients report a clean error and do not retry.
 */
export function authenticateGraphQLWsConnections(authenticator: Authenticator, sessions: LiveSessions) {
  const logger = new Logger('Auth');
  return async function onConnect(this: MercuriusConnection | undefined, { payload }: { payload?: unknown }) {
    const socket = this?.socket;
    const address = this?.context?.request?.ip;
    // Fail closed should a mercurius upgrade stop calling onConnect this way: an untracked connection could outlive its key.
    if (!socket || address === undefined) throw new Error('onConnect was not called on a mercurius connection; refusing it');
    // graphql-ws: one connection_init per connection; another (or a connectionInit extension) would swap the credential.
    if (sessions.has(socket)) {
      socket.close(CLOSE_TOO_MANY, 'Too many initialisation requests');
      return false;
    }
    try {
      const principal = await authenticator.authenticate(credentialFromConnectionParams(payload), address);
      // A connection that closed while it was authenticating, or that raced a second connection_init, stays out.
      if (sessions.has(socket) || !sessions.connect(socket, principal)) return false;
      return { principal };
    } catch (error) {
      const close = closeFor(error);
      if (!close) {
        logger.error({ message: 'Could not authenticate a graphql-ws connection', error: error instanceof Error ? error.stack : String(error) });
      }
      const [code, reason] = close ?? [1011, 'Internal server error'];
      socket.close(code, closeReason(reason));
      return false;
    }
  };
}
