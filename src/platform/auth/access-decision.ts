import { AccessRole, hasPermission, Permission, Principal } from '@incident-ledger/domain';
import { ForbiddenError, UnauthenticatedError } from './auth.errors';

/** What an operation (a resolver, a controller's route) declares of who may run it: see requires.decorator.ts. */
export interface DeclaredAccess {
  public?: boolean;
  anyRole?: boolean;
  permission?: Permission;
}

/**
 * Whether `principal` may run `operation`, as the operation declares: a
 * public one anyone may; otherwise a caller is needed, and a role with the
 * declared permission. What declares nothing is refused: access is denied by
 * default, so an operation added without a declaration is closed, not open.
 */
export function checkAccess(operation: string, declared: DeclaredAccess, principal: Principal | undefined): void {
  if (declared.public) return;
  if (!principal) throw new UnauthenticatedError();
  if (declared.anyRole) return;
  const { permission } = declared;
  if (!permission) throw new ForbiddenError('This operation is not open to any role');
  if (!hasPermission(principal.role, permission)) {
    const allowed = Object.values(AccessRole).filter((role) => hasPermission(role, permission));
    throw new ForbiddenError(`${operation} needs the ${allowed.join(' or ')} role; this credential is ${principal.role}`);
  }
}
