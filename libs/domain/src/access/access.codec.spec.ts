import { apiKeyEventCodec, reviewLinkEventCodec } from './access.codec';

const at = '2026-01-01T00:00:00.000Z';
const report = { from: '2025-12-01T00:00:00.000Z', to: at, timeZone: 'UTC', recurringThreshold: 2, workdayStartHour: 9, workdayEndHour: 17 };
const principal = { id: 'sub-1', name: 'ana', role: 'VIEWER', kind: 'token' };
const storedLink = (data: Record<string, unknown>) => ({ type: 'ReviewLinkCreated', data, metadata: { schemaVersion: 1 }, streamId: 'reviewlink-ab12', position: 9 });

describe('the access codecs', () => {
  it('read a stored review link as it was made', () => {
    const link = storedLink({ principal, report, expiresAt: '2026-01-01T00:15:00.000Z', at, by: 'ana' });
    expect(reviewLinkEventCodec.decodeRecorded(link)).toBe(link);
  });

  // Folded unchecked, a link without an expiry never expires: Date.parse(undefined) is NaN, and no time is past NaN.
  it('refuse a stored review link without an expiry, naming it', () => {
    expect(() => reviewLinkEventCodec.decodeRecorded(storedLink({ principal, report, at, by: 'ana' }))).toThrow(
      'Stored event ReviewLinkCreated (stream reviewlink-ab12, position 9) cannot be read: data.expiresAt must be a string, not missing',
    );
  });

  it('name the field of a link’s principal that does not fit', () => {
    expect(() => reviewLinkEventCodec.decodeRecorded(storedLink({ principal: { ...principal, kind: 'cookie' }, report, expiresAt: at, at, by: 'ana' }))).toThrow(
      'data.principal.kind must be one of api-key, token, not "cookie"',
    );
  });

  it('keep the events of other streams out of each other', () => {
    expect(apiKeyEventCodec.knows('ReviewLinkCreated')).toBe(false);
    expect(reviewLinkEventCodec.knows('ApiKeyCreated')).toBe(false);
  });
});
