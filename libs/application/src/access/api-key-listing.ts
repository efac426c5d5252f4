import { ApiKeyView } from '@incident-ledger/read-models';

/** An API key as it is shown, to the API and on the command line alike: never its hash. */
export interface ApiKeyListing {
  id: string;
  name: string;
  role: ApiKeyView['role'];
  prefix: string;
  createdAt: string;
  createdBy: string;
  revokedAt: string | null;
  revokedBy: string | null;
  lastUsedAt: string | null;
}

export function apiKeyListing(view: ApiKeyView, lastUsedAt = view.lastUsedAt): ApiKeyListing {
  const { keyId, name, role, prefix, createdAt, createdBy, revokedAt, revokedBy } = view;
  return { id: keyId, name, role, prefix, createdAt, createdBy, revokedAt, revokedBy, lastUsedAt };
}
