import { AccessRole, Principal } from '@incident-ledger/domain';
import { checkAccess } from './access-decision';
import { ForbiddenError, UnauthenticatedError } from './auth.errors';

const caller = (role: AccessRole): Principal => ({ id: `k-${role}`, name: role.toLowerCase(), role, kind: 'api-key' });

describe('checkAccess: what an operation (resolver or HTTP route) declares', () => {
  it.each(Object.values(AccessRole))('refuses %s an operation that declares no permission: denied by default', (role) => {
    expect(() => checkAccess('reviewReport', {}, caller(role))).toThrow(new ForbiddenError('This operation is not open to any role'));
  });

  it('needs a caller for everything but a public operation', () => {
    expect(() => checkAccess('reviewReport', { permission: 'read' }, undefined)).toThrow(UnauthenticatedError);
    expect(() => checkAccess('reviewReport', { anyRole: true }, undefined)).toThrow(UnauthenticatedError);
    expect(() => checkAccess('health', { public: true }, undefined)).not.toThrow();
  });

  it('lets the roles with the declared permission in, and tells the others which roles may', () => {
    expect(() => checkAccess('reviewReport', { permission: 'read' }, caller(AccessRole.VIEWER))).not.toThrow();
    expect(() => checkAccess('reviewReport', { permission: 'read' }, caller(AccessRole.INGEST))).toThrow(
      new ForbiddenError('reviewReport needs the VIEWER or RESPONDER or ADMIN role; this credential is INGEST'),
    );
    expect(() => checkAccess('me', { anyRole: true }, caller(AccessRole.INGEST))).not.toThrow();
  });
});
