import { CatalogueCommand } from '@incident-ledger/domain';
import { CatalogueService } from '@incident-ledger/application';
import { RequestContext } from '../../platform/graphql/request-context';

/**
 * Runs a catalogue command as the caller, with the input's `commandId` (a
 * retry writes nothing twice); resolves once the catalogue's read model holds
 * it (read-your-writes).
 */
export async function runCatalogueCommand(
  catalogue: CatalogueService,
  context: RequestContext,
  { commandId }: { commandId?: string | null },
  command: CatalogueCommand,
): Promise<void> {
  await catalogue.execute(command, { actor: context.principal.name, correlationId: context.correlationId, principal: context.principal, commandId });
}
