import { AuditReadModel } from '@incident-ledger/read-models';
import { Args, Int, Query, Resolver } from '@nestjs/graphql';
import { Requires } from '../auth/requires.decorator';
import { InputValidationError } from '../graphql/error-codes';
import { checkTimeRange } from '../graphql/time-range';
import { AuditFilterInput, AuditPageObject } from './audit.objects';

const MAX_AUDIT_PAGE = 500;

@Resolver()
export class AuditResolver {
  constructor(private readonly audit: AuditReadModel) {}

  @Query(() => AuditPageObject, { description: 'Who did what, when: every event of the log, newest first. Admins only.' })
  @Requires('administer')
  auditLog(
    @Args('filter', { type: () => AuditFilterInput, nullable: true }) filter: AuditFilterInput | null,
    @Args('first', { type: () => Int, nullable: true, defaultValue: 50, description: `At most ${MAX_AUDIT_PAGE}.` }) first: number,
    @Args('before', { type: () => Int, nullable: true, description: 'Only entries before this position.' }) before: number | null,
  ): AuditPageObject {
    if (first < 0 || first > MAX_AUDIT_PAGE) {
      throw new InputValidationError([{ field: 'first', messages: [`first must be between 0 and ${MAX_AUDIT_PAGE}`] }]);
    }
    checkTimeRange({ from: filter?.from, to: filter?.to }, { fields: { from: 'filter.from', to: 'filter.to' } });
    return this.audit.list(
      { actor: filter?.actor ?? undefined, from: filter?.from ?? undefined, to: filter?.to ?? undefined },
      first,
      before ?? undefined,
    );
  }
}
