import { AccessRole, hasPermission, Permission, Principal } from '@incident-ledger/domain';
import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import { ForbiddenError, UnauthenticatedError } from './auth.errors';
import { ANY_ROLE, PUBLIC_ROUTE, REQUIRED_PERMISSION } from './requires.decorator';

/**
 * The one place where roles are enforced, for queries, mutations and
 * subscriptions alike: each operation declares the permission it needs
 * (`@Requires`), and what declares none is refused.
 */
@Injectable()
export class PermissionGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const permission = this.reflector.getAllAndOverride<Permission | undefined>(REQUIRED_PERMISSION, targets);
    const principal = principalOf(context);
    if (!principal) throw new UnauthenticatedError();
    if (this.reflector.getAllAndOverride<boolean>(ANY_ROLE, targets)) return true;
    if (!permission) throw new ForbiddenError('This operation is not open to any role');
    if (!hasPermission(principal.role, permission)) {
      const allowed = Object.values(AccessRole).filter((role) => hasPermission(role, permission));
      throw new ForbiddenError(
        `${context.getHandler().name} needs the ${allowed.join(' or ')} role; this credential is ${principal.role}`,
      );
    }
    return true;
  }
}

function principalOf(context: ExecutionContext): Principal | undefined {
  if (context.getType<string>() === 'graphql') {
    return (GqlExecutionContext.create(context).getContext() as { principal?: Principal }).principal;
  }
  return (context.switchToHttp().getRequest() as { principal?: Principal }).principal;
}
