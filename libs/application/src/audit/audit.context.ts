import { AuditReadModel } from '@incident-ledger/read-models';
import { ContextRegistration } from '../contexts/context-registration';

/** Audit: who did what, when, over every stream of the log; it writes no stream of its own. */
export const AUDIT_CONTEXT: ContextRegistration = {
  name: 'audit',
  streams: [],
  readModels: [{ name: 'audit', version: 1, type: AuditReadModel }],
  processManagers: [],
};
