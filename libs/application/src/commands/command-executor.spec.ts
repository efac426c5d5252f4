import { Decider, DomainError, eventCodec, field, FixedClock, UndecodableEventError } from '@incident-ledger/domain';
import { InMemoryEventStore, RecordedEvent } from '@incident-ledger/event-store';
import { CommandExecutor } from './command-executor';

/**
 * A jar of coins that holds at most 10. `CoinsAdded` stored its amount as
 * `n` in version 1 and as `coins` since version 2: the decider only knows
 * the current shape.
 */
type JarEvent = { type: 'CoinsAdded'; data: { jar: string; coins: number } };
type JarCommand = { type: 'AddCoins'; jar: string; coins: number };
const CAPACITY = 10;

const jarCodec = eventCodec<JarEvent>({
  CoinsAdded: {
    upcasters: [({ n, ...data }) => ({ ...data, coins: n })],
    shape: { jar: field.string, coins: field.integer },
  },
});

const jarDecider: Decider<JarCommand, JarEvent, number> = {
  initialState: 0,
  evolve: (coins, event) => coins + event.data.coins,
  decide(command, coins) {
    if (coins + command.coins > CAPACITY) throw new DomainError('NO_CHANGE', `The jar holds ${coins} coins: ${command.coins} more do not fit`);
    return [{ type: 'CoinsAdded', data: { jar: command.jar, coins: command.coins } }];
  },
};

const context = { actor: 'alice', correlationId: 'c' };
const storedBefore = (data: unknown, schemaVersion: number) => ({
  id: `e-${schemaVersion}`,
  type: 'CoinsAdded',
  data,
  metadata: { correlationId: 'c', causationId: null, actor: 'alice', occurredAt: '2026-01-01T00:00:00.000Z', schemaVersion },
});

describe('the command executor reading stored events', () => {
  let store: InMemoryEventStore;
  let executor: CommandExecutor<JarCommand, JarEvent, number>;

  beforeEach(() => {
    store = new InMemoryEventStore();
    executor = new CommandExecutor(store, new FixedClock(new Date('2026-01-02T00:00:00Z')), jarDecider, jarCodec, (command) => `jar-${command.jar}`);
  });

  afterEach(() => store.close());

  it('decides on events stored in an older shape, upcast, and writes the current one', async () => {
    await store.append('jar-a', [storedBefore({ jar: 'a', n: 8 }, 1)], 'no-stream');

    await expect(executor.execute({ type: 'AddCoins', jar: 'a', coins: 3 }, context)).rejects.toThrow('The jar holds 8 coins: 3 more do not fit');
    await executor.execute({ type: 'AddCoins', jar: 'a', coins: 2 }, context);

    const written: RecordedEvent[] = [];
    for await (const event of store.readStream('jar-a')) written.push(event);
    expect(written.map(({ data, metadata }) => ({ data, schemaVersion: metadata.schemaVersion }))).toEqual([
      { data: { jar: 'a', n: 8 }, schemaVersion: 1 },
      { data: { jar: 'a', coins: 2 }, schemaVersion: 2 },
    ]);
  });

  it('refuses to decide on a stored event that does not fit, naming it', async () => {
    await store.append('jar-b', [storedBefore({ jar: 'b', coins: 'many' }, 2)], 'no-stream');

    const refused = executor.execute({ type: 'AddCoins', jar: 'b', coins: 1 }, context);
    await expect(refused).rejects.toThrow(UndecodableEventError);
    await expect(refused).rejects.toThrow('Stored event CoinsAdded (stream jar-b, position 1) cannot be read: data.coins must be a whole number, not a string');
  });
});
