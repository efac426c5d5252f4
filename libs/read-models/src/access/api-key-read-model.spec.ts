import { RecordedEvent } from '@incident-ledger/event-store';
import { ApiKeyReadModel } from './api-key-read-model';

const at = '2026-01-01T00:00:00.000Z';
const keyCreated = (role: string): RecordedEvent => ({
  id: 'e1',
  streamId: 'apikey-k1',
  revision: 0,
  position: 1,
  recordedAt: at,
  type: 'ApiKeyCreated',
  data: { keyId: 'k1', name: 'alice', role, prefix: 'abcdefabcdef', secretHash: 'scrypt$…', at, by: 'admin' },
  metadata: { correlationId: 'c', causationId: null, actor: 'admin', occurredAt: at, schemaVersion: 1 },
});

describe('the API key read model', () => {
  it('takes a stored key in', () => {
    const keys = new ApiKeyReadModel();
    keys.apply(keyCreated('RESPONDER'));
    expect(keys.findByPrefix('abcdefabcdef')).toMatchObject({ keyId: 'k1', name: 'alice', role: 'RESPONDER' });
  });

  it('refuses a stored key whose role is not one, naming the event, rather than letting it in', () => {
    const keys = new ApiKeyReadModel();
    expect(() => keys.apply(keyCreated('ROOT'))).toThrow(
      'Stored event ApiKeyCreated (stream apikey-k1, position 1) cannot be read: data.role must be one of VIEWER, RESPONDER, ADMIN, INGEST, not "ROOT"',
    );
    expect(keys.get('k1')).toBeUndefined();
  });
});
