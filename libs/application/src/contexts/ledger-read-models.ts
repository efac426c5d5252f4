import { VersionedReadModel } from '@incident-ledger/read-models';
import { checkContexts, ContextRegistration, ReadModelRegistration } from './context-registration';

/** A read model made from its registration, ready for the projector and the snapshot. */
export interface LedgerReadModel extends VersionedReadModel {
  readonly context: string;
  readonly type: ReadModelRegistration['type'];
}

/** A fresh, empty instance of every read model the contexts register, in their order; the list is checked first. */
export function createReadModels(contexts: readonly ContextRegistration[]): LedgerReadModel[] {
  checkContexts(contexts);
  return contexts.flatMap((context) =>
    context.readModels.map(({ name, version, type }) => ({ context: context.name, name, version, type, model: new type() })),
  );
}

/** How much each read model holds, by name (`{ incidents: 12, apiKeys: 3, … }`), for the logs. */
export function readModelSizes(readModels: readonly LedgerReadModel[]): Record<string, number> {
  return Object.fromEntries(readModels.map(({ name, model }) => [name, model.size]));
}
