import { CATALOGUE_STREAM, CatalogueCommand, catalogueDecider, CatalogueEvent, catalogueEventCodec, CatalogueState, Clock } from '@incident-ledger/domain';
import { EventStore } from '@incident-ledger/event-store';
import { CommandExecutor } from '../commands/command-executor';

/**
 * The write path for the catalogue: every command on the one `catalogue`
 * stream, so each append's expected revision covers every check across
 * services, teams and people. The executor keeps the folded catalogue
 * between commands: a command reads only the events written since.
 */
export class CatalogueCommandExecutor extends CommandExecutor<CatalogueCommand, CatalogueEvent, CatalogueState> {
  constructor(store: EventStore, clock: Clock) {
    super(store, clock, catalogueDecider, catalogueEventCodec, () => CATALOGUE_STREAM);
  }
}
