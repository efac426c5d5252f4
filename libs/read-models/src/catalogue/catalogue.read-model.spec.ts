import {
  CATALOGUE_STREAM,
  CatalogueChange,
  catalogueDecider,
  CatalogueEvent,
  CatalogueState,
  evolveCatalogue,
  initialCatalogueState,
  ServiceTier,
} from '@incident-ledger/domain';
import { RecordedEvent } from '@incident-ledger/event-store';
import { InvalidCursorError } from '../incidents/incident-read-model';
import { CatalogueReadModel } from './catalogue.read-model';

const now = new Date('2026-06-01T00:00:00Z');

/** Decides the changes in order and records their events as the store would, from `position` on. */
class CatalogueLog {
  private state: CatalogueState = initialCatalogueState;
  readonly events: RecordedEvent[] = [];

  apply(...changes: CatalogueChange[]): this {
    for (const change of changes) {
      for (const event of catalogueDecider.decide({ ...change, actor: 'admin' }, this.state, now)) this.record(event);
    }
    return this;
  }

  private record(event: CatalogueEvent): void {
    this.state = evolveCatalogue(this.state, event);
    const position = this.events.length + 1;
    this.events.push({ id: `e${position}`, type: event.type, data: event.data, streamId: CATALOGUE_STREAM, revision: position - 1, position, recordedAt: now.toISOString(), metadata: { correlationId: 'c', causationId: null, actor: 'admin', occurredAt: now.toISOString(), schemaVersion: 1 } });
  }
}

function modelOf(log: CatalogueLog): CatalogueReadModel {
  const model = new CatalogueReadModel();
  for (const event of log.events) model.apply(event);
  return model;
}

const service = (slug: string, more: object = {}): CatalogueChange => ({ type: 'RegisterService', slug, name: slug, tier: ServiceTier.TIER_3, ownerTeam: 'payments', ...more });
const slugs = (services: { slug: string }[]) => services.map((s) => s.slug);

function smallCatalogue(): CatalogueLog {
  return new CatalogueLog().apply(
    { type: 'RegisterPerson', name: 'ann', displayName: 'Ann', timeZone: 'Europe/Berlin' },
    { type: 'RegisterTeam', slug: 'payments', name: 'Payments', members: ['ann'] },
    { type: 'RegisterTeam', slug: 'growth', name: 'Growth' },
    service('ledger', { tier: ServiceTier.TIER_1, description: 'Double-entry BOOKKEEPING', tags: ['money'] }),
    service('payments', { dependencies: ['ledger'], tags: ['money'] }),
    service('checkout', { tier: ServiceTier.TIER_1, dependencies: ['payments'], ownerTeam: 'growth' }),
    service('search', { ownerTeam: 'growth' }),
    service('emails', { tier: ServiceTier.TIER_4, dependencies: ['checkout'] }),
  );
}

describe('catalogue read model', () => {
  const model = modelOf(smallCatalogue());

  it('lists live services by slug, in pages', () => {
    const first = model.services({}, 2);
    expect([slugs(first.services), first.hasNextPage, first.totalCount]).toEqual([['checkout', 'emails'], true, 5]);
    const rest = model.services({}, 10, first.cursors[1]);
    expect([slugs(rest.services), rest.hasNextPage]).toEqual([['ledger', 'payments', 'search'], false]);
  });

  it.each([
    [{ tier: ServiceTier.TIER_1 }, ['checkout', 'ledger']],
    [{ team: 'growth' }, ['checkout', 'search']],
    [{ tag: 'MONEY' }, ['ledger', 'payments']],
    [{ search: 'bookkeeping' }, ['ledger']],
    [{ search: 'PAY' }, ['payments']],
    [{ team: 'payments', tag: 'money', tier: ServiceTier.TIER_3 }, ['payments']],
    [{ team: 'nobody' }, []],
  ])('filters by %j', (filter, expected) => {
    const page = model.services(filter, 10);
    expect([slugs(page.services), page.totalCount]).toEqual([expected, expected.length]);
  });

  it('refuses a cursor it did not give out', () => {
    expect(() => model.services({}, 5, 'not-a-cursor')).toThrow(InvalidCursorError);
  });

  it('finds dependents through other services, most critical first, and the blast radius of several', () => {
    expect(slugs(model.dependents('ledger'))).toEqual(['checkout', 'payments', 'emails']);
    expect(slugs(model.dependents('emails'))).toEqual([]);
    expect(slugs(model.blastRadius(['payments', 'search']))).toEqual(['checkout', 'emails']);
    expect(slugs(model.blastRadius(['ledger', 'payments']))).toEqual(['checkout', 'emails']);
  });

  it('suggests the closest slugs', () => {
    expect(model.closestSlugs('chekout', 3)).toEqual(['checkout']);
    expect(model.closestSlugs('pay', 3)).toEqual(['payments']);
    expect(model.closestSlugs('kubernetes', 3)).toEqual([]);
  });

  it('keeps teams and people, and knows when it is empty', () => {
    expect(model.teams().map((team) => [team.slug, team.members])).toEqual([
      ['growth', []],
      ['payments', ['ann']],
    ]);
    expect(model.person('ann')?.timeZone).toBe('Europe/Berlin');
    expect([model.isEmpty(), new CatalogueReadModel().isEmpty()]).toEqual([false, true]);
  });

  it('follows updates and retirements in every index', () => {
    const log = smallCatalogue().apply(
      { type: 'UpdateService', slug: 'emails', dependencies: [], tier: ServiceTier.TIER_1, tags: ['money'] },
      { type: 'RetireService', slug: 'emails' },
    );
    const changed = modelOf(log);
    expect(slugs(changed.dependents('ledger'))).toEqual(['checkout', 'payments']);
    expect(slugs(changed.services({ tier: ServiceTier.TIER_1 }, 10).services)).toEqual(['checkout', 'ledger']);
    expect(slugs(changed.services({ tag: 'money' }, 10).services)).toEqual(['ledger', 'payments']);
    expect(changed.service('emails')?.retired).toBe(true);
    expect(changed.closestSlugs('emails', 3)).toEqual([]);
  });

  it('comes back the same from its snapshot, and goes on from it', () => {
    const log = smallCatalogue();
    const restored = new CatalogueReadModel();
    restored.restore(structuredClone(model.toSnapshot()));
    expect(restored.position).toBe(model.position);
    expect(restored.services({}, 10)).toEqual(model.services({}, 10));
    expect(slugs(restored.dependents('ledger'))).toEqual(slugs(model.dependents('ledger')));
    log.apply({ type: 'UpdateService', slug: 'search', dependencies: ['checkout'] });
    restored.apply(log.events[log.events.length - 1]);
    expect(slugs(restored.dependents('ledger'))).toEqual(['checkout', 'payments', 'search', 'emails']);
  });

  it('ignores other streams and events it has already applied', () => {
    const log = smallCatalogue();
    const copy = modelOf(log);
    copy.apply(log.events[3]);
    copy.apply({ ...log.events[3], streamId: 'incident-1', position: 999 });
    expect(copy.services({}, 10).totalCount).toBe(5);
  });

  it('serves 10,000 services: pages, filters, dependents and suggestions', () => {
    const teams = Array.from({ length: 20 }, (_, t) => `team-${t}`);
    const log = new CatalogueLog().apply(...teams.map((slug): CatalogueChange => ({ type: 'RegisterTeam', slug, name: slug })));
    const slugOf = (i: number) => `svc-${String(i).padStart(5, '0')}`;
    // A chain of ten thousand: every service depends on the one before it.
    for (let i = 0; i < 10_000; i++) {
      log.apply({
        type: 'RegisterService',
        slug: slugOf(i),
        name: `Service ${i}`,
        tier: [ServiceTier.TIER_1, ServiceTier.TIER_2, ServiceTier.TIER_3, ServiceTier.TIER_4][i % 4],
        ownerTeam: teams[i % 20],
        tags: i % 100 === 0 ? ['hundred'] : [],
        dependencies: i === 0 ? [] : [slugOf(i - 1)],
      });
    }
    const big = modelOf(log);
    let after: string | undefined;
    let seen = 0;
    for (;;) {
      const page = big.services({ team: 'team-3' }, 100, after);
      seen += page.services.length;
      if (!page.hasNextPage) break;
      after = page.cursors[page.cursors.length - 1];
    }
    expect(seen).toBe(500);
    expect(big.services({}, 1).totalCount).toBe(10_000);
    expect(slugs(big.services({ tag: 'hundred', tier: ServiceTier.TIER_1 }, 3).services)).toEqual(['svc-00000', 'svc-00100', 'svc-00200']);
    expect(big.services({ search: 'service 99' }, 200).totalCount).toBe(111);
    expect(big.dependents(slugOf(0))).toHaveLength(9_999);
    expect(slugs(big.blastRadius([slugOf(9_997)]))).toEqual([slugOf(9_998), slugOf(9_999)]);
    expect(big.closestSlugs('svc-0999', 2)).toEqual(['svc-09990', 'svc-09991']);
  });
});
