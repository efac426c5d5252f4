import { deciderSpecification } from '../testing/decider-specification';
import { AccessRole, hasPermission } from './access-role';
import { apiKeyDecider } from './api-key.decider';
import { ApiKeyCreated } from './api-key.events';

const now = new Date('2026-06-01T00:00:00Z');
const at = now.toISOString();
const spec = deciderSpecification(apiKeyDecider, now);
const created: ApiKeyCreated = {
  type: 'ApiKeyCreated',
  data: { keyId: 'k1', name: 'alice', role: AccessRole.RESPONDER, prefix: 'abcdefabcdef', secretHash: 'scrypt$…', at, by: 'admin' },
};

describe('API key decider', () => {
  it('creates a key with a trimmed name', () => {
    spec
      .given([])
      .when({ type: 'CreateApiKey', keyId: 'k1', name: ' alice ', role: AccessRole.RESPONDER, prefix: 'abcdefabcdef', secretHash: 'scrypt$…', actor: 'admin' })
      .then([created]);
  });

  it.each([
    ['an empty name', { name: ' ' }, 'name'],
    ['an unknown role', { role: 'ROOT' as AccessRole }, 'role'],
  ])('refuses %s', (_name, change, field) => {
    spec
      .given([])
      .when({ type: 'CreateApiKey', keyId: 'k1', name: 'x', role: AccessRole.VIEWER, prefix: 'p', secretHash: 'h', actor: 'a', ...change })
      .thenFails('INVALID_INPUT', { field });
  });

  it('revokes once, and refuses unknown keys', () => {
    spec.given([created]).when({ type: 'RevokeApiKey', keyId: 'k1', reason: 'left the team', actor: 'admin' }).then([
      { type: 'ApiKeyRevoked', data: { keyId: 'k1', reason: 'left the team', at, by: 'admin' } },
    ]);
    spec
      .given([created, { type: 'ApiKeyRevoked', data: { keyId: 'k1', reason: null, at, by: 'admin' } }])
      .when({ type: 'RevokeApiKey', keyId: 'k1', actor: 'admin' })
      .thenFails('ALREADY_REVOKED');
    spec.given([]).when({ type: 'RevokeApiKey', keyId: 'k9', actor: 'admin' }).thenFails('API_KEY_NOT_FOUND');
  });

  it('records uses of live keys only', () => {
    spec.given([created]).when({ type: 'RecordApiKeyUse', keyId: 'k1', actor: 'system' }).then([{ type: 'ApiKeyUsed', data: { keyId: 'k1', at } }]);
    spec
      .given([created, { type: 'ApiKeyRevoked', data: { keyId: 'k1', reason: null, at, by: 'admin' } }])
      .when({ type: 'RecordApiKeyUse', keyId: 'k1', actor: 'system' })
      .then([]);
  });
});

describe('roles', () => {
  it.each([
    [AccessRole.VIEWER, ['read']],
    [AccessRole.RESPONDER, ['read', 'respond']],
    [AccessRole.ADMIN, ['read', 'respond', 'administer', 'ingest']],
    [AccessRole.INGEST, ['ingest']],
  ] as const)('%s may %j and nothing else', (role, permissions) => {
    for (const permission of ['read', 'respond', 'administer', 'ingest'] as const) {
      expect(hasPermission(role, permission)).toBe((permissions as readonly string[]).includes(permission));
    }
  });
});
