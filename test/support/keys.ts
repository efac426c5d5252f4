import { randomBytes } from 'node:crypto';

/** A well-formed API key, for BOOTSTRAP_ADMIN_KEY. */
export function newApiKey(): string {
  return `ilk_${randomBytes(6).toString('hex')}_${randomBytes(32).toString('base64url')}`;
}

export const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
