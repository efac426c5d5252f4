import { AccessRole } from './access-role';

export interface ApiKeyCreated {
  type: 'ApiKeyCreated';
  data: {
    keyId: string;
    /** Who uses the key: the actor name recorded on what it does. */
    name: string;
    role: AccessRole;
    /** The visible part of the key, to find it and to recognise it in lists. */
    prefix: string;
    /** A salted, slow hash of the secret part (scrypt); the secret itself is never stored. */
    secretHash: string;
    at: string;
    by: string;
  };
}

export interface ApiKeyRevoked {
  type: 'ApiKeyRevoked';
  data: { keyId: string; reason: string | null; at: string; by: string };
}

/** Recorded at most once an hour per key, so that `lastUsedAt` survives a restart without flooding the log. */
export interface ApiKeyUsed {
  type: 'ApiKeyUsed';
  data: { keyId: string; at: string };
}

export type ApiKeyEvent = ApiKeyCreated | ApiKeyRevoked | ApiKeyUsed;

export const API_KEY_STREAM_PREFIX = 'apikey-';

export function apiKeyStreamId(keyId: string): string {
  return `${API_KEY_STREAM_PREFIX}${keyId}`;
}
