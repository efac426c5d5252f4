import { deciderSpecification } from '../testing/decider-specification';
import { CatalogueCommand, CatalogueChange } from './catalogue.commands';
import { catalogueDecider, decideCatalogue, initialCatalogueState } from './catalogue.decider';
import { CatalogueEvent, PersonRegistered, ServiceRegistered, TeamRegistered } from './catalogue.events';
import { NO_CONTACT_METHODS } from './catalogue.types';
import { ServiceLifecycle, ServiceTier } from './service-tier';

const now = new Date('2026-06-01T00:00:00Z');
const recorded = { at: now.toISOString(), by: 'admin' };
const spec = deciderSpecification(catalogueDecider, now);

const ann: PersonRegistered = { type: 'PersonRegistered', data: { name: 'ann', displayName: 'Ann', timeZone: 'Europe/Berlin', contacts: NO_CONTACT_METHODS, ...recorded } };
const payments: TeamRegistered = { type: 'TeamRegistered', data: { slug: 'payments', name: 'Payments', members: ['ann'], chatHandle: '#payments', ...recorded } };

function service(slug: string, dependencies: string[] = [], tier = ServiceTier.TIER_2): ServiceRegistered {
  return {
    type: 'ServiceRegistered',
    data: { slug, name: slug, description: null, tier, ownerTeam: 'payments', runbooks: [], links: [], dependencies, tags: [], lifecycle: ServiceLifecycle.PRODUCTION, ...recorded },
  };
}

const retired = (slug: string): CatalogueEvent => ({ type: 'ServiceRetired', data: { slug, reason: null, ...recorded } });
const register = (slug: string, change: Partial<CatalogueChange> = {}): CatalogueCommand =>
  ({ type: 'RegisterService', slug, name: slug, tier: ServiceTier.TIER_2, ownerTeam: 'payments', actor: 'admin', ...change }) as CatalogueCommand;
const update = (slug: string, change: object): CatalogueCommand => ({ type: 'UpdateService', slug, actor: 'admin', ...change });

describe('catalogue decider: services', () => {
  it('registers a service in canonical form: trimmed, tags and dependencies sorted without repeats', () => {
    spec
      .given([ann, payments, service('ledger'), service('fraud')])
      .when(
        register('checkout', {
          name: ' Checkout ',
          description: '  ',
          tier: ServiceTier.TIER_1,
          runbooks: [{ title: 'Failover', url: 'https://runbooks.example.com/checkout' }],
          links: [{ title: 'Dashboard', url: 'http://grafana.internal/d/checkout' }],
          dependencies: ['ledger', 'fraud', 'ledger'],
          tags: ['web', 'Critical', 'web'],
        } as Partial<CatalogueChange>),
      )
      .then([
        {
          type: 'ServiceRegistered',
          data: {
            slug: 'checkout',
            name: 'Checkout',
            description: null,
            tier: ServiceTier.TIER_1,
            ownerTeam: 'payments',
            runbooks: [{ title: 'Failover', url: 'https://runbooks.example.com/checkout' }],
            links: [{ title: 'Dashboard', url: 'http://grafana.internal/d/checkout' }],
            dependencies: ['fraud', 'ledger'],
            tags: ['critical', 'web'],
            lifecycle: ServiceLifecycle.PRODUCTION,
            ...recorded,
          },
        },
      ]);
  });

  it.each([
    ['an upper-case slug', { slug: 'Checkout' }, 'slug'],
    ['a slug ending in a hyphen', { slug: 'checkout-' }, 'slug'],
    ['a slug of 64 characters', { slug: 'a'.repeat(64) }, 'slug'],
    ['an empty name', { name: ' ' }, 'name'],
    ['an unknown tier', { tier: 'TIER_5' }, 'tier'],
    ['an unknown lifecycle', { lifecycle: 'RETIRED' }, 'lifecycle'],
    ['a runbook over http', { runbooks: [{ title: 'Failover', url: 'http://runbooks.example.com' }] }, 'runbooks'],
    ['a link that is no URL', { links: [{ title: 'Dashboard', url: 'grafana' }] }, 'links'],
    ['a link without a title', { links: [{ title: '', url: 'https://example.com' }] }, 'links title'],
    ['a tag with a space', { tags: ['two words'] }, 'tags'],
  ])('refuses %s', (_name, change, field) => {
    spec.given([ann, payments]).when(register('checkout', change as Partial<CatalogueChange>)).thenFails('INVALID_INPUT', { field });
  });

  it('accepts a slug of one character and one of 63', () => {
    spec.given([ann, payments]).when(register('a')).then([service('a')]);
    spec.given([ann, payments]).when(register('a'.repeat(63))).then([service('a'.repeat(63))]);
  });

  it('refuses a slug already taken, retired ones included', () => {
    spec.given([ann, payments, service('checkout')]).when(register('checkout')).thenFails('SERVICE_EXISTS', { slug: 'checkout' });
    spec.given([ann, payments, service('checkout'), retired('checkout')]).when(register('checkout')).thenFails('SERVICE_EXISTS');
  });

  it('refuses an owner team and dependencies that are not catalogued', () => {
    spec.given([ann, payments]).when(register('checkout', { ownerTeam: 'growth' } as Partial<CatalogueChange>)).thenFails('UNKNOWN_TEAM', { field: 'ownerTeam', team: 'growth' });
    spec.given([ann, payments]).when(register('checkout', { dependencies: ['ledger'] } as Partial<CatalogueChange>)).thenFails('UNKNOWN_SERVICE', { service: 'ledger' });
  });

  it('refuses a dependency on a retired service', () => {
    const history = [ann, payments, service('ledger'), service('checkout', ['ledger']), service('fraud'), retired('fraud')];
    spec.given(history).when(register('orders', { dependencies: ['fraud'] } as Partial<CatalogueChange>)).thenFails('SERVICE_RETIRED', { field: 'dependencies', service: 'fraud' });
    spec.given(history).when(update('checkout', { dependencies: ['fraud', 'ledger'] })).thenFails('SERVICE_RETIRED', { service: 'fraud' });
  });

  it('refuses a dependency cycle, naming it', () => {
    const history = [ann, payments, service('checkout'), service('payments', ['checkout']), service('ledger', ['payments'])];
    spec
      .given(history)
      .when(update('checkout', { dependencies: ['ledger'] }))
      .thenFails('DEPENDENCY_CYCLE', { field: 'dependencies', cycle: 'checkout → ledger → payments → checkout' });
    spec.given(history).when(update('checkout', { dependencies: ['checkout'] })).thenFails('DEPENDENCY_CYCLE', { cycle: 'checkout → checkout' });
  });

  it('updates only the fields that changed, and writes nothing when none did', () => {
    const history = [ann, payments, service('ledger'), service('checkout', ['ledger'])];
    spec
      .given(history)
      .when(update('checkout', { name: 'checkout', tier: ServiceTier.TIER_1, dependencies: ['ledger'], tags: ['Web'] }))
      .then([{ type: 'ServiceUpdated', data: { slug: 'checkout', changes: { tier: ServiceTier.TIER_1, tags: ['web'] }, ...recorded } }]);
    spec.given(history).when(update('checkout', { name: ' checkout ', tier: ServiceTier.TIER_2, dependencies: ['ledger', 'ledger'], tags: [] })).then([]);
    spec.given(history).when(update('checkout', {})).then([]);
  });

  it('clears a description with null and refuses updates to unknown or retired services', () => {
    const described: ServiceRegistered = { ...service('checkout'), data: { ...service('checkout').data, description: 'Takes the money' } };
    spec.given([ann, payments, described]).when(update('checkout', { description: null })).then([
      { type: 'ServiceUpdated', data: { slug: 'checkout', changes: { description: null }, ...recorded } },
    ]);
    spec.given([ann, payments]).when(update('checkout', { tier: ServiceTier.TIER_1 })).thenFails('SERVICE_NOT_FOUND', { slug: 'checkout' });
    spec.given([ann, payments, service('checkout'), retired('checkout')]).when(update('checkout', { tier: ServiceTier.TIER_1 })).thenFails('SERVICE_RETIRED');
  });

  it('retires a service once, and not while live services depend on it', () => {
    const history = [ann, payments, service('ledger'), service('checkout', ['ledger']), service('orders', ['ledger'])];
    spec
      .given(history)
      .when({ type: 'RetireService', slug: 'ledger', actor: 'admin' })
      .thenFails('SERVICE_HAS_DEPENDENTS', { slug: 'ledger', dependents: 'checkout, orders' });
    spec.given(history).when({ type: 'RetireService', slug: 'checkout', reason: ' replaced by shop ', actor: 'admin' }).then([
      { type: 'ServiceRetired', data: { slug: 'checkout', reason: 'replaced by shop', ...recorded } },
    ]);
    spec.given([...history, retired('checkout'), retired('orders')]).when({ type: 'RetireService', slug: 'ledger', actor: 'admin' }).then([retired('ledger')]);
    spec.given([...history, retired('checkout')]).when({ type: 'RetireService', slug: 'checkout', actor: 'admin' }).thenFails('SERVICE_RETIRED');
  });
});

describe('catalogue decider: teams and people', () => {
  it('registers a person, the name standing in for a missing display name', () => {
    spec
      .given([])
      .when({ type: 'RegisterPerson', name: 'bob', timeZone: 'America/New_York', contacts: { email: 'bob@example.com', phone: '+14155550123' }, actor: 'admin' })
      .then([
        {
          type: 'PersonRegistered',
          data: { name: 'bob', displayName: 'bob', timeZone: 'America/New_York', contacts: { ...NO_CONTACT_METHODS, email: 'bob@example.com', phone: '+14155550123' }, ...recorded },
        },
      ]);
  });

  it("keeps a time zone as the runtime spells it, whatever the case it was given in", () => {
    spec
      .given([])
      .when({ type: 'RegisterPerson', name: 'bob', timeZone: 'europe/berlin', actor: 'admin' })
      .then([{ type: 'PersonRegistered', data: { name: 'bob', displayName: 'bob', timeZone: 'Europe/Berlin', contacts: NO_CONTACT_METHODS, ...recorded } }]);
  });

  it.each([
    ['an unknown time zone', { timeZone: 'Mars/Olympus' }, 'timeZone'],
    ['an offset for a time zone', { timeZone: '+05:30' }, 'timeZone'],
    ['a bad email', { contacts: { email: 'bob' } }, 'contacts.email'],
    ['a phone without country code', { contacts: { phone: '030 1234567' } }, 'contacts.phone'],
  ])('refuses a person with %s', (_name, change, field) => {
    spec.given([]).when({ type: 'RegisterPerson', name: 'bob', timeZone: 'UTC', actor: 'admin', ...change }).thenFails('INVALID_INPUT', { field });
  });

  it('updates the contact methods given and keeps the others', () => {
    const withEmail: PersonRegistered = { ...ann, data: { ...ann.data, contacts: { ...NO_CONTACT_METHODS, email: 'ann@example.com' } } };
    spec
      .given([withEmail])
      .when({ type: 'UpdatePerson', name: 'ann', contacts: { chatMemberId: 'U123' }, actor: 'ann' })
      .then([
        {
          type: 'PersonUpdated',
          data: { name: 'ann', changes: { contacts: { ...NO_CONTACT_METHODS, email: 'ann@example.com', chatMemberId: 'U123' } }, at: recorded.at, by: 'ann' },
        },
      ]);
    spec.given([withEmail]).when({ type: 'UpdatePerson', name: 'ann', displayName: 'Ann', contacts: { email: 'ann@example.com' }, actor: 'ann' }).then([]);
    spec.given([]).when({ type: 'UpdatePerson', name: 'ann', timeZone: 'UTC', actor: 'ann' }).thenFails('PERSON_NOT_FOUND');
    spec.given([ann]).when({ type: 'RegisterPerson', name: 'ann', timeZone: 'UTC', actor: 'admin' }).thenFails('PERSON_EXISTS');
  });

  it('registers a team whose members are catalogued people', () => {
    spec.given([ann]).when({ type: 'RegisterTeam', slug: 'payments', name: 'Payments', members: ['ann', 'ann'], chatHandle: '#payments', actor: 'admin' }).then([payments]);
    spec.given([ann]).when({ type: 'RegisterTeam', slug: 'payments', name: 'Payments', members: ['zoe'], actor: 'admin' }).thenFails('UNKNOWN_PERSON', { field: 'members', person: 'zoe' });
    spec.given([ann, payments]).when({ type: 'RegisterTeam', slug: 'payments', name: 'Payments', actor: 'admin' }).thenFails('TEAM_EXISTS');
  });

  it('updates a team with the changed fields only', () => {
    spec.given([ann, payments]).when({ type: 'UpdateTeam', slug: 'payments', name: 'Payments', members: [], actor: 'admin' }).then([
      { type: 'TeamUpdated', data: { slug: 'payments', changes: { members: [] }, ...recorded } },
    ]);
    spec.given([ann, payments]).when({ type: 'UpdateTeam', slug: 'payments', chatHandle: '#payments', actor: 'admin' }).then([]);
    spec.given([]).when({ type: 'UpdateTeam', slug: 'payments', name: 'x', actor: 'admin' }).thenFails('TEAM_NOT_FOUND');
  });
});

describe('catalogue decider: changes applied together', () => {
  it('judges each change on the catalogue the ones before it left', () => {
    const events = decideCatalogue(
      {
        type: 'ApplyCatalogueChanges',
        actor: 'importer',
        changes: [
          { type: 'RegisterPerson', name: 'ann', timeZone: 'UTC' },
          { type: 'RegisterTeam', slug: 'payments', name: 'Payments', members: ['ann'] },
          { type: 'RegisterService', slug: 'ledger', name: 'Ledger', tier: ServiceTier.TIER_1, ownerTeam: 'payments' },
          { type: 'RegisterService', slug: 'checkout', name: 'Checkout', tier: ServiceTier.TIER_1, ownerTeam: 'payments', dependencies: ['ledger'] },
          { type: 'UpdateService', slug: 'ledger', tier: ServiceTier.TIER_1 },
        ],
      },
      initialCatalogueState,
      now,
    );
    expect(events.map((event) => event.type)).toEqual(['PersonRegistered', 'TeamRegistered', 'ServiceRegistered', 'ServiceRegistered']);
  });

  it('refuses them all when one is refused', () => {
    spec
      .given([])
      .when({
        type: 'ApplyCatalogueChanges',
        actor: 'importer',
        changes: [
          { type: 'RegisterPerson', name: 'ann', timeZone: 'UTC' },
          { type: 'RegisterService', slug: 'ledger', name: 'Ledger', tier: ServiceTier.TIER_1, ownerTeam: 'payments' },
        ],
      })
      .thenFails('UNKNOWN_TEAM');
  });
});
