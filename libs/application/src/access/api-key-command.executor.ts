import { ApiKeyCommand, apiKeyDecider, ApiKeyEvent, apiKeyEventCodec, ApiKeyState, apiKeyStreamId, Clock } from '@incident-ledger/domain';
import { EventStore } from '@incident-ledger/event-store';
import { CommandExecutor } from '../commands/command-executor';

/** The write path for API keys: one stream per key, `apikey-<id>`. */
export class ApiKeyCommandExecutor extends CommandExecutor<ApiKeyCommand, ApiKeyEvent, ApiKeyState> {
  constructor(store: EventStore, clock: Clock) {
    super(store, clock, apiKeyDecider, apiKeyEventCodec, (command) => apiKeyStreamId(command.keyId));
  }
}
