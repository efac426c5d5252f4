import { Permission } from '@incident-ledger/domain';
import { SetMetadata } from '@nestjs/common';

export const REQUIRED_PERMISSION = 'incident-ledger:required-permission';
export const PUBLIC_ROUTE = 'incident-ledger:public';

/** The permission an operation needs. Operations without one are refused: access is denied by default. */
export const Requires = (permission: Permission) => SetMetadata(REQUIRED_PERMISSION, permission);

export const ANY_ROLE = 'incident-ledger:any-role';

/** Open to every authenticated principal, whatever its role. */
export const AnyRole = () => SetMetadata(ANY_ROLE, true);

/** Reachable without a credential (only /health). */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);
