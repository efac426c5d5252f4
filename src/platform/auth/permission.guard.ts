import { Permission, Principal } from '@incident-ledger/domain';
import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import { checkAccess } from './access-decision';
import { ANY_ROLE, PUBLIC_ROUTE, REQUIRED_PERMISSION } from './requires.decorator';

/**
 * The one place where roles are enforced, for queries, mutations,
 * subscriptions and HTTP routes alike: each declares the permission it needs
 * (`@Requires`), and what declares none is refused.
 */
@Injectable()
export class PermissionGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    checkAccess(
      context.getHandler().name,
      {
        public: this.reflector.getAllAndOverride<boolean | undefined>(PUBLIC_ROUTE, targets),
        anyRole: this.reflector.getAllAndOverride<boolean | undefined>(ANY_ROLE, targets),
        permission: this.reflector.getAllAndOverride<Permission | undefined>(REQUIRED_PERMISSION, targets),
      },
      principalOf(context),
    );
    return true;
  }
}

function principalOf(context: ExecutionContext): Principal | undefined {
  if (context.getType<string>() === 'graphql') {
    return (GqlExecutionContext.create(context).getContext() as { principal?: Principal }).principal;
  }
  return (context.switchToHttp().getRequest() as { principal?: Principal }).principal;
}
