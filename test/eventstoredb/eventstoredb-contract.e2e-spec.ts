import { EventStoreDbEventStore } from '@incident-ledger/event-store';
import { ContractLimits, eventStoreContract } from '../../libs/event-store/src/testing/event-store.contract';
import { EventStoreStandIn } from './stand-in';

/**
 * The event store contract on the EventStoreDB adapter, through the real
 * client over real gRPC: against the stand-in in CI, on both append paths,
 * or against a real server when EVENTSTORE_CONNECTION_STRING is set.
 */
const limits: ContractLimits = {
  idsUniquePerStreamOnly: true,
  silentRetries: true,
  noGroupCommit: true,
  importAssignsPositions: true,
};

const realServer = process.env.EVENTSTORE_CONNECTION_STRING;

if (realServer) {
  // A shared, long-lived database: each case works on its own streams... but the contract reads
  // the whole log and expects an empty store, so run it only against a fresh, empty node.
  eventStoreContract('eventstoredb (EVENTSTORE_CONNECTION_STRING)', async () => ({
    store: new EventStoreDbEventStore({ connectionString: realServer }),
    reopen: async () => new EventStoreDbEventStore({ connectionString: realServer }),
  }), limits);
} else {
  describe.each([
    ['BatchAppend', true],
    ['Append', false],
  ])('over %s', (_path, batchAppend) => {
    eventStoreContract(
      'eventstoredb (gRPC stand-in)',
      async () => {
        const standIn = new EventStoreStandIn({ batchAppend });
        await standIn.start();
        return {
          store: new EventStoreDbEventStore({ connectionString: standIn.connectionString }),
          reopen: async () => new EventStoreDbEventStore({ connectionString: standIn.connectionString }),
          cleanup: async () => standIn.stop(),
        };
      },
      limits,
    );
  });
}

