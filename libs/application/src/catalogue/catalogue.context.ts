import { CATALOGUE_ERRORS, CATALOGUE_STREAM, catalogueDecider, catalogueEventCodec } from '@incident-ledger/domain';
import { CatalogueReadModel } from '@incident-ledger/read-models';
import { ContextRegistration } from '../contexts/context-registration';

/** The service catalogue: services, teams and people, in one stream (see CATALOGUE_STREAM). */
export const CATALOGUE_CONTEXT: ContextRegistration = {
  name: 'catalogue',
  streams: [{ prefix: CATALOGUE_STREAM, decider: catalogueDecider, codec: catalogueEventCodec }],
  readModels: [{ name: 'catalogue', version: 1, type: CatalogueReadModel }],
  processManagers: [],
  errors: CATALOGUE_ERRORS,
};
