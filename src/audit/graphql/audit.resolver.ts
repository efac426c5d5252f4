import { AuditReadModel } from '@incident-ledger/read-models';
import { Args, Int, Query, Resolver } from '@nestjs/graphql';
import { Requires } from '../../platform/auth/requires.decorator';
import { PageSizeArg } from '../../platform/graphql/page-size-arg.decorator';
import { checkTimeRange } from '../../platform/graphql/time-range';
import { AuditFilterInput, AuditPageObject } from './audit.objects';

const MAX_AUDIT_PAGE = 500;

@Resolver()
export class AuditResolver {
  constructor(private readonly audit: AuditReadModel) {}

  @Query(() => AuditPageObject, { description: 'Who did what, when: every event of the log, newest first. Admins only.' })
  @Requires('administer')
  auditLog(
    @Args('filter', { type: () => AuditFilterInput, nullable: true }) filter: AuditFilterInput | null,
    @PageSizeArg({ default: 50, max: MAX_AUDIT_PAGE }) first: number,
    @Args('before', { type: () => Int, nullable: true, description: 'Only entries before this position.' }) before: number | null,
  ): AuditPageObject {
    checkTimeRange({ from: filter?.from, to: filter?.to }, { fields: { from: 'filter.from', to: 'filter.to' } });
    return this.audit.list(
      { actor: filter?.actor ?? undefined, from: filter?.from ?? undefined, to: filter?.to ?? undefined },
      first,
      before ?? undefined,
    );
  }
}
