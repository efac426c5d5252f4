import { Permission } from '@incident-ledger/domain';
import { applyDecorators, SetMetadata } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import type { CredentialRule } from './http-authentication';

export const REQUIRED_PERMISSION = 'incident-ledger:required-permission';
export const PUBLIC_ROUTE = 'incident-ledger:public';

/**
 * The permission an operation needs: a resolver's, or an HTTP route's.
 * Operations without one are refused: access is denied by default.
 */
export const Requires = (permission: Permission) => SetMetadata(REQUIRED_PERMISSION, permission);

export const ANY_ROLE = 'incident-ledger:any-role';

/** Open to every authenticated principal, whatever its role. */
export const AnyRole = () => SetMetadata(ANY_ROLE, true);

/**
 * An HTTP route anyone may reach without a credential. The HTTP
 * authentication reads this on the route a request matched (its Fastify
 * route config), before anything else runs: a credential sent there is not
 * looked at, or, with `readsCaller`, checked like anywhere else (limits
 * included) so that the route can show more to a caller (/health). Declared
 * on each route, not on a controller: Fastify sees only the route's own.
 */
export const Public = (options: { readsCaller?: boolean } = {}): MethodDecorator =>
  applyDecorators(SetMetadata(PUBLIC_ROUTE, true), RouteConfig({ credential: (options.readsCaller ? 'optional' : 'ignored') satisfies CredentialRule }));
