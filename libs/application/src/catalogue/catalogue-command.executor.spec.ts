import { CATALOGUE_STREAM, DomainError, ServiceTier } from '@incident-ledger/domain';
import { InMemoryEventStore } from '@incident-ledger/event-store';
import { CatalogueReadModel } from '@incident-ledger/read-models';
import { CatalogueCommandExecutor } from './catalogue-command.executor';

const clock = { now: () => new Date('2026-06-01T00:00:00Z') };
const context = { actor: 'admin', correlationId: 'c' };

describe('catalogue command executor', () => {
  it('keeps slugs unique across two processes writing at once', async () => {
    const store = new InMemoryEventStore();
    const [one, two] = [new CatalogueCommandExecutor(store, clock), new CatalogueCommandExecutor(store, clock)];
    await one.execute({ type: 'RegisterTeam', slug: 'payments', name: 'Payments', actor: 'admin' }, context);
    const register = (executor: CatalogueCommandExecutor) =>
      executor.execute({ type: 'RegisterService', slug: 'ledger', name: 'Ledger', tier: ServiceTier.TIER_1, ownerTeam: 'payments', actor: 'admin' }, context);
    const outcomes = await Promise.allSettled([register(one), register(two)]);
    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refused = outcomes.find((outcome) => outcome.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(DomainError);
    expect((refused.reason as DomainError).reason).toBe('SERVICE_EXISTS');
  });

  it('writes a batch of changes in one append, and nothing for a change that changes nothing', async () => {
    const store = new InMemoryEventStore();
    const executor = new CatalogueCommandExecutor(store, clock);
    const applied = await executor.execute(
      {
        type: 'ApplyCatalogueChanges',
        actor: 'admin',
        changes: [
          { type: 'RegisterTeam', slug: 'payments', name: 'Payments' },
          { type: 'RegisterService', slug: 'ledger', name: 'Ledger', tier: ServiceTier.TIER_1, ownerTeam: 'payments' },
          { type: 'RegisterService', slug: 'checkout', name: 'Checkout', tier: ServiceTier.TIER_1, ownerTeam: 'payments', dependencies: ['ledger'] },
        ],
      },
      context,
    );
    expect(applied.version).toBe(3);
    const unchanged = await executor.execute({ type: 'UpdateService', slug: 'ledger', tier: ServiceTier.TIER_1, actor: 'admin' }, context);
    expect(unchanged.version).toBe(3);

    const model = new CatalogueReadModel();
    for await (const event of store.readStream(CATALOGUE_STREAM)) model.apply(event);
    expect(model.dependents('ledger').map((service) => service.slug)).toEqual(['checkout']);
  });
});
