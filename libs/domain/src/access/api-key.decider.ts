import { Decider } from '../shared/decider';
import { DomainError, invalidInput } from '../shared/domain-error';
import { AccessRole, isAccessRole } from './access-role';
import { ApiKeyEvent } from './api-key.events';

export const API_KEY_NAME_MAX_LENGTH = 200;

export type ApiKeyCommand =
  | { type: 'CreateApiKey'; keyId: string; name: string; role: AccessRole; prefix: string; secretHash: string; actor: string }
  | { type: 'RevokeApiKey'; keyId: string; reason?: string | null; actor: string }
  | { type: 'RecordApiKeyUse'; keyId: string; actor: string };

export type ApiKeyState = { exists: false } | { exists: true; revoked: boolean };

export function evolveApiKey(state: ApiKeyState, event: ApiKeyEvent): ApiKeyState {
  switch (event.type) {
    case 'ApiKeyCreated':
      return { exists: true, revoked: false };
    case 'ApiKeyRevoked':
      return state.exists ? { ...state, revoked: true } : state;
    case 'ApiKeyUsed':
      return state;
  }
}

export function decideApiKey(command: ApiKeyCommand, state: ApiKeyState, now: Date): ApiKeyEvent[] {
  const at = now.toISOString();
  switch (command.type) {
    case 'CreateApiKey': {
      if (state.exists) throw new DomainError('ALREADY_EXISTS', `API key ${command.keyId} already exists`);
      const name = command.name?.trim() ?? '';
      if (name.length === 0) throw invalidInput('name', 'name must not be empty');
      if (name.length > API_KEY_NAME_MAX_LENGTH) throw invalidInput('name', `name must be at most ${API_KEY_NAME_MAX_LENGTH} characters`);
      if (!isAccessRole(command.role)) throw invalidInput('role', `Unknown role ${String(command.role)}`);
      return [
        {
          type: 'ApiKeyCreated',
          data: { keyId: command.keyId, name, role: command.role, prefix: command.prefix, secretHash: command.secretHash, at, by: command.actor },
        },
      ];
    }
    case 'RevokeApiKey':
      if (!state.exists) throw new DomainError('API_KEY_NOT_FOUND', `API key ${command.keyId} does not exist`);
      if (state.revoked) throw new DomainError('ALREADY_REVOKED', `API key ${command.keyId} is already revoked`);
      return [{ type: 'ApiKeyRevoked', data: { keyId: command.keyId, reason: command.reason?.trim() || null, at, by: command.actor } }];
    case 'RecordApiKeyUse':
      if (!state.exists || state.revoked) return [];
      return [{ type: 'ApiKeyUsed', data: { keyId: command.keyId, at } }];
  }
}

export const apiKeyDecider: Decider<ApiKeyCommand, ApiKeyEvent, ApiKeyState> = {
  decide: decideApiKey,
  evolve: evolveApiKey,
  initialState: { exists: false },
};
