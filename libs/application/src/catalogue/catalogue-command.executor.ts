import { CATALOGUE_STREAM, CatalogueCommand, catalogueDecider, CatalogueEvent, CatalogueState, Clock } from '@incident-ledger/domain';
import { EventStore } from '@incident-ledger/event-store';
import { CommandExecutor } from '../commands/command-executor';

/** The write path for the service catalogue, its teams and people: one stream, `catalogue` (see CATALOGUE_STREAM for why). */
export class CatalogueCommandExecutor extends CommandExecutor<CatalogueCommand, CatalogueEvent, CatalogueState> {
  constructor(store: EventStore, clock: Clock) {
    super(store, clock, catalogueDecider, () => CATALOGUE_STREAM);
  }
}
