import { AccessRole, API_KEY_STREAM_PREFIX, apiKeyEventCodec } from '@incident-ledger/domain';
import { RecordedEvent } from '@incident-ledger/event-store';
import { CheckpointedReadModel } from '../checkpointed-read-model';

export interface ApiKeyView {
  keyId: string;
  name: string;
  role: AccessRole;
  prefix: string;
  secretHash: string;
  createdAt: string;
  createdBy: string;
  revokedAt: string | null;
  revokedBy: string | null;
  revokeReason: string | null;
  lastUsedAt: string | null;
}

/** The API keys, by id and by visible prefix, as projected from their events. */
export class ApiKeyReadModel extends CheckpointedReadModel<void, Map<string, ApiKeyView>> {
  private byId = new Map<string, ApiKeyView>();
  private idByPrefix = new Map<string, string>();
  private readonly revokedListeners = new Set<(key: ApiKeyView) => void>();
  protected snapshotState(): Map<string, ApiKeyView> {
    return this.byId;
  }

  protected restoreState(keys: Map<string, ApiKeyView>): void {
    this.byId = keys;
    this.idByPrefix = new Map([...keys.values()].map((key) => [key.prefix, key.keyId]));
  }

  protected applyNew(event: RecordedEvent): void {
    if (!event.streamId.startsWith(API_KEY_STREAM_PREFIX) || !apiKeyEventCodec.knows(event.type)) return;
    const keyEvent = apiKeyEventCodec.decodeRecorded(event);
    switch (keyEvent.type) {
      case 'ApiKeyCreated': {
        const { keyId, name, role, prefix, secretHash, at, by } = keyEvent.data;
        this.byId.set(keyId, {
          keyId,
          name,
          role,
          prefix,
          secretHash,
          createdAt: at,
          createdBy: by,
          revokedAt: null,
          revokedBy: null,
          revokeReason: null,
          lastUsedAt: null,
        });
        this.idByPrefix.set(prefix, keyId);
        return;
      }
      case 'ApiKeyRevoked': {
        const key = this.byId.get(keyEvent.data.keyId);
        if (!key) return;
        const revoked = { ...key, revokedAt: keyEvent.data.at, revokedBy: keyEvent.data.by, revokeReason: keyEvent.data.reason };
        this.byId.set(key.keyId, revoked);
        for (const listener of this.revokedListeners) listener(revoked);
        return;
      }
      case 'ApiKeyUsed': {
        // The last recorded use; a running server knows more recent ones (Authenticator.lastUsedAt).
        const key = this.byId.get(keyEvent.data.keyId);
        if (key && (key.lastUsedAt === null || key.lastUsedAt < keyEvent.data.at)) {
          this.byId.set(key.keyId, { ...key, lastUsedAt: keyEvent.data.at });
        }
        return;
      }
    }
  }

  get size(): number {
    return this.byId.size;
  }

  get(keyId: string): ApiKeyView | undefined {
    return this.byId.get(keyId);
  }

  findByPrefix(prefix: string): ApiKeyView | undefined {
    const keyId = this.idByPrefix.get(prefix);
    return keyId ? this.byId.get(keyId) : undefined;
  }

  /** Newest first. */
  list(): ApiKeyView[] {
    return [...this.byId.values()].sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
  }

  hasActiveAdmin(): boolean {
    for (const key of this.byId.values()) if (key.role === AccessRole.ADMIN && !key.revokedAt) return true;
    return false;
  }

  onRevoked(listener: (key: ApiKeyView) => void): () => void {
    this.revokedListeners.add(listener);
    return () => this.revokedListeners.delete(listener);
  }
}
