import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { mask, SecretBox, SecretKeyError, SecretOpenError } from './secret-box';

const newKey = () => randomBytes(32).toString('base64');
const boxWith = (key: string, previous?: string) => SecretBox.fromSettings({ LEDGER_SECRET_KEY: key, LEDGER_SECRET_KEY_PREVIOUS: previous })!;

const SLACK_URL = 'https://hooks.slack.com/services/T0123ABCD/B0456EFGH/abcdefghijklmnopqrstwxyz';
const PLACE = 'notification-channel/ch-1/url';

describe('SecretBox', () => {
  const key = newKey();
  const box = boxWith(key);

  it('opens what it sealed, for the same place', () => {
    for (const secret of [SLACK_URL, 'whsec_c2VjcmV0', 'ünïcødé ✓', '']) {
      expect(box.open(box.seal(secret, PLACE), PLACE)).toBe(secret);
    }
  });

  it('opens with another box built from the same key, as a restarted server does', () => {
    expect(boxWith(key).open(box.seal(SLACK_URL, PLACE), PLACE)).toBe(SLACK_URL);
  });

  it('never shows the plaintext in the sealed string, in clear or in base64, and seals it differently each time', () => {
    const first = box.seal(SLACK_URL, PLACE);
    const second = box.seal(SLACK_URL, PLACE);
    for (const sealed of [first, second]) {
      expect(sealed).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+\.[\w-]+$/);
      for (const shown of [SLACK_URL, 'abcdefghijklmnop', Buffer.from(SLACK_URL).toString('base64'), Buffer.from(SLACK_URL).toString('base64url')]) {
        expect(sealed).not.toContain(shown);
      }
    }
    expect(first).not.toBe(second);
  });

  it('refuses a secret copied to another channel or another field', () => {
    const sealed = box.seal(SLACK_URL, PLACE);
    for (const elsewhere of ['notification-channel/ch-2/url', 'notification-channel/ch-1/signing-secret']) {
      expect(() => box.open(sealed, elsewhere)).toThrow(SecretOpenError);
      expect(() => box.open(sealed, elsewhere)).toThrow(/sealed for another place/);
    }
  });

  it('refuses a secret sealed with another key, saying so', () => {
    const sealed = boxWith(newKey()).seal(SLACK_URL, PLACE);
    expect(() => box.open(sealed, PLACE)).toThrow(SecretOpenError);
    expect(() => box.open(sealed, PLACE)).toThrow(/sealed with another key .*LEDGER_SECRET_KEY/);
  });

  it('refuses an altered ciphertext, tag or iv', () => {
    const sealed = box.seal(SLACK_URL, PLACE);
    const parts = sealed.split('.');
    for (const index of [2, 3, 4]) {
      const altered = [...parts];
      const bytes = Buffer.from(altered[index], 'base64url');
      bytes[0] ^= 1;
      altered[index] = bytes.toString('base64url');
      expect(() => box.open(altered.join('.'), PLACE)).toThrow(/does not open: it was altered/);
    }
    expect(() => box.open(`${sealed}AAAA`, PLACE)).toThrow(/does not open/);
  });

  it('refuses what is not a sealed secret, or a format it does not read', () => {
    expect(() => box.open(SLACK_URL, PLACE)).toThrow(/not a sealed secret/);
    expect(() => box.open(box.seal('x', PLACE).replace(/^v1/, 'v2'), PLACE)).toThrow(/format v2, which this server does not read/);
  });

  it('insists on a place to bind the secret to', () => {
    expect(() => box.seal(SLACK_URL, '')).toThrow(/associated data/);
  });

  describe('key rotation', () => {
    const oldKey = newKey();
    const rotated = boxWith(newKey(), ` ${oldKey} , ${newKey()}`);

    it('opens secrets sealed with a previous key, and seals only with the current one', () => {
      const old = boxWith(oldKey);
      expect(rotated.open(old.seal(SLACK_URL, PLACE), PLACE)).toBe(SLACK_URL);
      const resealed = rotated.seal(SLACK_URL, PLACE);
      expect(resealed.split('.')[1]).toBe(rotated.keyId);
      expect(() => old.open(resealed, PLACE)).toThrow(/sealed with another key/);
    });

    it('refuses a seal relabelled with another of its key ids', () => {
      const sealed = boxWith(oldKey).seal(SLACK_URL, PLACE);
      expect(() => rotated.open(sealed.replace(boxWith(oldKey).keyId, rotated.keyId), PLACE)).toThrow(/does not open/);
    });
  });

  describe('keys', () => {
    const bytes = randomBytes(32);

    it('takes 32 bytes written in base64, base64url (with or without padding) or hex, as the same key', () => {
      const ids = [bytes.toString('base64'), bytes.toString('base64url'), bytes.toString('hex'), bytes.toString('hex').toUpperCase()].map((text) => boxWith(text).keyId);
      expect(new Set(ids).size).toBe(1);
      expect(ids[0]).toMatch(/^[\w-]{8}$/);
    });

    it.each([
      ['too short', randomBytes(16).toString('base64')],
      ['too long', randomBytes(48).toString('base64')],
      ['a passphrase', 'correct horse battery staple correct horse!!'],
      ['hex one digit short', bytes.toString('hex').slice(1)],
    ])('refuses a key that is %s, naming the variable and how to make one, never the value', (_, text) => {
      for (const settings of [{ LEDGER_SECRET_KEY: text }, { LEDGER_SECRET_KEY: newKey(), LEDGER_SECRET_KEY_PREVIOUS: text }]) {
        const error = catchError(() => SecretBox.fromSettings(settings));
        expect(error).toBeInstanceOf(SecretKeyError);
        expect(error.message).toMatch(/^LEDGER_SECRET_KEY(_PREVIOUS)? must be 32 random bytes .*openssl rand -base64 32/);
        expect(error.message).not.toContain(text);
      }
    });

    it('is none without LEDGER_SECRET_KEY: the server then keeps no secrets', () => {
      expect(SecretBox.fromSettings({})).toBeUndefined();
    });

    it('never shows a key when the box is logged or serialised', () => {
      const key = bytes.toString('base64');
      const shown = `${inspect(boxWith(key), { showHidden: true, depth: 10 })} ${JSON.stringify(boxWith(key))} ${String(boxWith(key))}`;
      for (const form of [key, bytes.toString('hex'), bytes.toString('base64url').slice(0, 20)]) expect(shown).not.toContain(form);
    });
  });
});

describe('mask', () => {
  it.each([
    [SLACK_URL, 'https://hooks.slack.com/••••wxyz'],
    [
      'https://prod-12.westus.logic.azure.com:443/workflows/0123456789abcdef/triggers/manual/paths/invoke?api-version=2016-06-01&sig=AbCdEfGh1234',
      'https://prod-12.westus.logic.azure.com/••••1234',
    ],
    ['http://receiver.internal:8080/hooks/0123456789abcdefghij', 'http://receiver.internal:8080/••••ghij'],
    ['https://alice:hunter2hunter2hunter2@example.com/short', 'https://example.com/••••'],
    ['https://example.com/', 'https://example.com/••••'],
    ['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'whsec_••••LaSw'],
    ['whsec_c2VjcmV0', 'whsec_••••'],
    ['a long opaque token of forty characters!', '••••ers!'],
    ['short', '••••'],
  ])('masks %s as %s', (secret, masked) => {
    expect(mask(secret)).toBe(masked);
  });

  it('shows at most 4 characters of what it hides', () => {
    const secret = 'whsec_' + randomBytes(32).toString('base64');
    const masked = mask(secret);
    expect(masked.replace('whsec_', '').replace('••••', '')).toHaveLength(4);
    expect(masked).not.toContain(secret.slice(6, 12));
  });
});

function catchError(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}
