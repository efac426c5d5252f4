import { AUDIT_CONTEXT } from '@incident-ledger/application';
import { Module } from '@nestjs/common';
import { LedgerContext } from '../platform/core/ledger-context';
import { AuditResolver } from './graphql/audit.resolver';

/** The audit context: who did what, when, over the whole log (admins only). */
@LedgerContext(AUDIT_CONTEXT)
@Module({ providers: [AuditResolver] })
export class AuditModule {}
