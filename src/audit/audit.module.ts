import { Module } from '@nestjs/common';
import { AuditResolver } from './graphql/audit.resolver';

/** The audit context: who did what, when, over the whole log (admins only). */
@Module({ providers: [AuditResolver] })
export class AuditModule {}
