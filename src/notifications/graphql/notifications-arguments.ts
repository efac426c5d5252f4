import { CommandContext } from '@incident-ledger/application';
import { RequestContext } from '../../platform/graphql/request-context';

/** The caller, for a notifications command: named, correlated, and with the input's `commandId` when it has one. */
export function commandContext(context: RequestContext, input: { commandId?: string | null } = {}): CommandContext {
  return { actor: context.principal.name, correlationId: context.correlationId, principal: context.principal, commandId: input.commandId };
}
