import { createHash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/**
 * An API key reads `ilk_<prefix>_<secret>`: the prefix is visible (it finds the
 * key and shows in lists), the secret is 256 random bits, shown once at
 * creation and stored only as a salted scrypt hash.
 */
export const API_KEY_PATTERN = /^ilk_([a-z0-9]{12})_([A-Za-z0-9_-]{32,128})$/;

export interface ParsedApiKey {
  prefix: string;
  secret: string;
}

export function parseApiKey(key: string): ParsedApiKey | undefined {
  const match = API_KEY_PATTERN.exec(key);
  return match ? { prefix: match[1], secret: match[2] } : undefined;
}

export function generateApiKey(): { key: string; prefix: string; secret: string } {
  const prefix = randomBytes(6).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  return { key: `ilk_${prefix}_${secret}`, prefix, secret };
}

// N = 2^14, r = 8, p = 1: 16 MiB and about 50 ms per hash on this project's 2-core machine. The
// secrets are random, not chosen by people, so this guards stolen hashes well;
// verified keys are then cached in memory by a fast digest.
const SCRYPT = { N: 16384, r: 8, p: 1, keyLength: 32 };

function scryptAsync(secret: string, salt: Buffer, N: number, r: number, p: number, keyLength: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(secret, salt, keyLength, { N, r, p, maxmem: 64 * 1024 * 1024 }, (error, derived) =>
      error ? reject(error) : resolve(derived),
    ),
  );
}

/** `scrypt$N$r$p$salt$hash`, salt and hash in base64url. */
export async function hashSecret(secret: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scryptAsync(secret, salt, SCRYPT.N, SCRYPT.r, SCRYPT.p, SCRYPT.keyLength);
  return ['scrypt', SCRYPT.N, SCRYPT.r, SCRYPT.p, salt.toString('base64url'), hash.toString('base64url')].join('$');
}

export async function verifySecret(secret: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const actual = await scryptAsync(secret, Buffer.from(salt, 'base64url'), Number(n), Number(r), Number(p), expected.length);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** A fast digest of a secret already verified, for the in-memory cache only. */
export function secretDigest(secret: string): Buffer {
  return createHash('sha256').update(secret).digest();
}
