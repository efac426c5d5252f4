import {
  ANY,
  EventStoreDBClient,
  jsonEvent,
  NO_STREAM,
  ResolvedEvent,
  STREAM_EXISTS,
  streamNameFilter,
  StreamNotFoundError,
  UnavailableError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import { EventStoreStandIn } from './stand-in';

/**
 * The EventStoreDB stand-in checked with the real @eventstore/db-client over
 * real gRPC: the server behaviours the adapter relies on (docs/eventstoredb.md
 * lists what the stand-in reproduces and what it does not).
 */
const event = (type: string, data: Record<string, unknown> = {}) => jsonEvent({ type, data, metadata: { source: 'test' } });

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

describe.each([
  ['BatchAppend', { batchAppend: true, systemEvents: false }],
  ['Append (older servers)', { batchAppend: false, systemEvents: false }],
])('EventStoreDB stand-in, appends over %s', (_name, options) => {
  let standIn: EventStoreStandIn;
  let client: EventStoreDBClient;

  beforeEach(async () => {
    standIn = new EventStoreStandIn(options);
    await standIn.start();
    client = EventStoreDBClient.connectionString(standIn.connectionString);
  });

  afterEach(async () => {
    await client.dispose();
    standIn.stop();
  });

  it('appends with each kind of expected revision and refuses conflicts without a trace', async () => {
    expect((await client.appendToStream('incident-1', [event('A'), event('B')], { expectedRevision: NO_STREAM })).nextExpectedRevision).toBe(1n);
    expect((await client.appendToStream('incident-1', event('C'), { expectedRevision: 1n })).nextExpectedRevision).toBe(2n);
    expect((await client.appendToStream('incident-1', event('D'), { expectedRevision: STREAM_EXISTS })).nextExpectedRevision).toBe(3n);
    expect((await client.appendToStream('other-1', event('E'), { expectedRevision: ANY })).nextExpectedRevision).toBe(0n);

    const conflicts = [
      client.appendToStream('incident-1', event('X'), { expectedRevision: NO_STREAM }),
      client.appendToStream('incident-1', event('X'), { expectedRevision: 0n }),
      client.appendToStream('incident-9', event('X'), { expectedRevision: STREAM_EXISTS }),
    ];
    for (const conflict of conflicts) await expect(conflict).rejects.toBeInstanceOf(WrongExpectedVersionError);
    expect(standIn.log).toHaveLength(5);
  });

  it('reads streams from a revision, and refuses a missing one', async () => {
    await client.appendToStream('incident-1', [event('A'), event('B'), event('C')], { expectedRevision: NO_STREAM });
    const slice = await collect<ResolvedEvent>(client.readStream('incident-1', { fromRevision: 1n, maxCount: 2 }));
    expect(slice.map((resolved) => [resolved.event?.revision, resolved.event?.type])).toEqual([
      [1n, 'B'],
      [2n, 'C'],
    ]);
    await expect(collect(client.readStream('nothing-here'))).rejects.toBeInstanceOf(StreamNotFoundError);
  });

  it('subscribes to $all with a prefix filter: past events, then live ones, until the server drops it', async () => {
    await client.appendToStream('incident-1', [event('A'), event('B')], { expectedRevision: NO_STREAM });
    await client.appendToStream('other-1', event('Skipped'));
    const subscription = client.subscribeToAll({ filter: streamNameFilter({ prefixes: ['incident-'] }) });
    const seen: string[] = [];
    const ended = (async () => {
      try {
        for await (const { event: received } of subscription) {
          seen.push(`${received?.streamId}@${received?.revision}`);
          if (seen.length === 2) {
            await client.appendToStream('other-1', event('Skipped'));
            await client.appendToStream('incident-2', event('Live'), { expectedRevision: NO_STREAM });
          }
          if (seen.length === 3) standIn.dropSubscriptions();
        }
        return 'completed';
      } catch (error) {
        return error;
      }
    })();
    expect(await ended).toBeInstanceOf(UnavailableError);
    expect(seen).toEqual(['incident-1@0', 'incident-1@1', 'incident-2@0']);
  });
});
