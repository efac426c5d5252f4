import { Caller, graphql, GraphQLResponse, mustQuery } from './support/graphql-client';
import { DECLARE, RESOLVE } from './support/operations';
import { removeDataDir, RunningServer, startServer } from './support/server';

/**
 * The service catalogue over GraphQL, as a team sets it up and then leans on
 * it during an incident: teams, people and services with their tier, owner,
 * runbooks and dependencies; cycles and retired services refused; incidents
 * that must name catalogued services once there are any, and that show their
 * services' owner, runbooks and blast radius; who may do what.
 */

const SERVICE_FIELDS = `slug name tier ownerTeam lifecycle retired tags dependencies
  runbooks { title url } owner { slug name chatHandle } dependsOn { slug } dependents { slug tier }`;
const REGISTER_TEAM = `mutation($input: RegisterTeamInput!) { registerTeam(input: $input) { slug name members chatHandle people { name } } }`;
const REGISTER_PERSON = `mutation($input: RegisterPersonInput!) { registerPerson(input: $input) { name displayName timeZone contactMethods { email chatMemberId } } }`;
const UPDATE_PERSON = `mutation($input: UpdatePersonInput!) { updatePerson(input: $input) { name timeZone contactMethods { email chatMemberId } } }`;
const PERSON = `query($name: String!) { person(name: $name) { name displayName contactMethods { email } teams { slug } } }`;
const REGISTER = `mutation($input: RegisterServiceInput!) { registerService(input: $input) { ${SERVICE_FIELDS} } }`;
const UPDATE = `mutation($input: UpdateServiceInput!) { updateService(input: $input) { ${SERVICE_FIELDS} } }`;
const RETIRE = `mutation($input: RetireServiceInput!) { retireService(input: $input) { slug retired retiredAt } }`;
const SERVICE = `query($slug: String!) { service(slug: $slug) { ${SERVICE_FIELDS}
  openIncidents { id title } recentIncidents { count resolvedCount medianTimeToResolve } } }`;
const SERVICES = `query($filter: ServiceFilterInput, $first: Int, $after: String) {
  services(filter: $filter, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { slug tier } } } }`;
const INCIDENT_SERVICES = `query($id: ID!) { incident(id: $id) { services affectedServices { slug tier owner { slug } runbooks { url } } blastRadius { slug tier } } }`;

const extensionsOf = (response: GraphQLResponse) => response.body.errors?.[0]?.extensions;
const messageOf = (response: GraphQLResponse) => response.body.errors?.[0]?.message;

describe('the service catalogue', () => {
  let server: RunningServer;
  let admin: Caller;
  let responder: Caller;
  let viewer: Caller;

  const register = (input: Record<string, unknown>) => mustQuery(admin, REGISTER, { input: { tier: 'TIER_2', ownerTeam: 'payments', ...input } });

  beforeAll(async () => {
    server = await startServer({ env: { EVENT_STORE: 'sqlite' } });
    admin = server.admin;
    responder = await server.as('ana');
    viewer = await server.as('vic', 'VIEWER');
  });

  afterAll(async () => {
    await server.stop();
    removeDataDir(server.dataDir);
  });

  it('keeps free service names on incidents while the catalogue is empty', async () => {
    const { declareIncident } = await mustQuery(responder, DECLARE, { input: { title: 'Before the catalogue', severity: 'SEV3', services: ['anything-goes'] } });
    expect(declareIncident.id).toEqual(expect.any(String));
  });

  it('registers people, teams and services, and answers them with their links', async () => {
    await mustQuery(admin, REGISTER_PERSON, { input: { name: 'ana', displayName: 'Ana Lima', timeZone: 'America/Sao_Paulo', contactMethods: { email: 'ana@example.com' } } });
    await mustQuery(admin, REGISTER_PERSON, { input: { name: 'ben', timeZone: 'Europe/Berlin' } });
    const { registerTeam } = await mustQuery(admin, REGISTER_TEAM, { input: { slug: 'payments', name: 'Payments', members: ['ana', 'ben'], chatHandle: '#payments' } });
    expect(registerTeam).toEqual({ slug: 'payments', name: 'Payments', members: ['ana', 'ben'], chatHandle: '#payments', people: [{ name: 'ana' }, { name: 'ben' }] });

    await register({ slug: 'ledger', name: 'Ledger', tier: 'TIER_1', runbooks: [{ title: 'Ledger runbook', url: 'https://runbooks.example.com/ledger' }] });
    await register({ slug: 'payments-api', name: 'Payments API', tier: 'TIER_1', dependencies: ['ledger'] });
    const { registerService } = await register({ slug: 'checkout', name: 'Checkout', tags: ['web'], dependencies: ['payments-api'] });
    expect(registerService).toMatchObject({ slug: 'checkout', tier: 'TIER_2', lifecycle: 'PRODUCTION', owner: { slug: 'payments', chatHandle: '#payments' }, dependsOn: [{ slug: 'payments-api' }] });

    const { service } = await mustQuery(viewer, SERVICE, { slug: 'ledger' });
    expect(service.runbooks).toEqual([{ title: 'Ledger runbook', url: 'https://runbooks.example.com/ledger' }]);
    // Transitive: checkout depends on ledger through payments-api; the most critical first.
    expect(service.dependents).toEqual([{ slug: 'payments-api', tier: 'TIER_1' }, { slug: 'checkout', tier: 'TIER_2' }]);
  });

  it('refuses a dependency cycle, naming it, and writes nothing', async () => {
    const before = await mustQuery(admin, SERVICE, { slug: 'ledger' });
    const refused = await graphql(admin, UPDATE, { input: { slug: 'ledger', dependencies: ['checkout'] } });
    expect(extensionsOf(refused)).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'DEPENDENCY_CYCLE' });
    expect(messageOf(refused)).toMatch(/ledger → checkout → payments-api → ledger/);
    expect(await mustQuery(admin, SERVICE, { slug: 'ledger' })).toEqual(before);
  });

  it('refuses bad input with the field named: a bad slug, a runbook that is not https, an unknown owner, an unknown time zone', async () => {
    expect(extensionsOf(await graphql(admin, REGISTER, { input: { slug: 'Bad Slug', name: 'x', tier: 'TIER_3', ownerTeam: 'payments' } }))).toMatchObject({ code: 'BAD_USER_INPUT' });
    const insecure = await graphql(admin, REGISTER, { input: { slug: 'search', name: 'Search', tier: 'TIER_3', ownerTeam: 'payments', runbooks: [{ title: 'r', url: 'http://runbooks.example.com' }] } });
    expect(extensionsOf(insecure)).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(extensionsOf(await graphql(admin, REGISTER, { input: { slug: 'search', name: 'Search', tier: 'TIER_3', ownerTeam: 'nobody' } }))).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'UNKNOWN_TEAM' });
    expect(extensionsOf(await graphql(admin, REGISTER_PERSON, { input: { name: 'cy', timeZone: 'Mars/Olympus' } }))).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(extensionsOf(await graphql(admin, REGISTER, { input: { slug: 'ledger', name: 'Again', tier: 'TIER_3', ownerTeam: 'payments' } }))).toMatchObject({ code: 'CONFLICT', reason: 'SERVICE_EXISTS' });
    expect((await mustQuery(admin, SERVICE, { slug: 'search' })).service).toBeNull();
  });

  it('lets only admins change the catalogue, every reader read it, and people change their own contact methods only', async () => {
    for (const caller of [responder, viewer]) {
      expect(extensionsOf(await graphql(caller, REGISTER, { input: { slug: 'search', name: 'Search', tier: 'TIER_3', ownerTeam: 'payments' } }))).toMatchObject({ code: 'FORBIDDEN' });
      expect(extensionsOf(await graphql(caller, REGISTER_TEAM, { input: { slug: 'sre', name: 'SRE' } }))).toMatchObject({ code: 'FORBIDDEN' });
    }
    const ingest = await server.as('alertmanager', 'INGEST');
    expect(extensionsOf(await graphql(ingest, SERVICES, {}))).toMatchObject({ code: 'FORBIDDEN' });
    expect((await mustQuery(viewer, SERVICES, {})).services.totalCount).toBe(3);

    const own = await mustQuery(responder, UPDATE_PERSON, { input: { name: 'ana', contactMethods: { chatMemberId: 'U024BE7LH' } } });
    expect(own.updatePerson.contactMethods).toEqual({ email: 'ana@example.com', chatMemberId: 'U024BE7LH' });
    expect(extensionsOf(await graphql(responder, UPDATE_PERSON, { input: { name: 'ana', timeZone: 'UTC' } }))).toMatchObject({ code: 'FORBIDDEN' });
    expect(extensionsOf(await graphql(responder, UPDATE_PERSON, { input: { name: 'ben', contactMethods: { email: 'x@example.com' } } }))).toMatchObject({ code: 'FORBIDDEN' });
    // Contact methods are shown to the person and to admins only.
    expect((await mustQuery(viewer, PERSON, { name: 'ana' })).person).toEqual({ name: 'ana', displayName: 'Ana Lima', contactMethods: null, teams: [{ slug: 'payments' }] });
    expect((await mustQuery(admin, PERSON, { name: 'ana' })).person.contactMethods).toEqual({ email: 'ana@example.com' });
  });

  it('lists services filtered and paginated', async () => {
    const tierOne = await mustQuery(viewer, SERVICES, { filter: { tier: 'TIER_1' } });
    expect(tierOne.services.edges.map((edge: { node: { slug: string } }) => edge.node.slug)).toEqual(['ledger', 'payments-api']);
    const first = await mustQuery(viewer, SERVICES, { first: 2 });
    expect(first.services).toMatchObject({ totalCount: 3, pageInfo: { hasNextPage: true } });
    const next = await mustQuery(viewer, SERVICES, { first: 2, after: first.services.pageInfo.endCursor });
    expect(next.services.edges.map((edge: { node: { slug: string } }) => edge.node.slug)).toEqual(['payments-api']);
    expect((await mustQuery(viewer, SERVICES, { filter: { search: 'CHECK' } })).services.totalCount).toBe(1);
    expect((await mustQuery(viewer, SERVICES, { filter: { tag: 'web' } })).services.edges).toEqual([{ node: { slug: 'checkout', tier: 'TIER_2' } }]);
  });

  it('refuses incidents on services the catalogue does not hold, suggesting the closest, and writes nothing', async () => {
    const refused = await graphql(responder, DECLARE, { input: { title: 'Typo', severity: 'SEV2', services: ['checkuot'] } });
    expect(extensionsOf(refused)).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'UNKNOWN_SERVICE' });
    expect(messageOf(refused)).toMatch(/did you mean checkout/);
    expect((await mustQuery(viewer, SERVICE, { slug: 'checkout' })).service.openIncidents).toEqual([]);
  });

  it("shows an incident's services with tier, owner and runbooks, and its blast radius", async () => {
    const { declareIncident } = await mustQuery(responder, DECLARE, { input: { title: 'Ledger writes time out', severity: 'SEV1', services: ['ledger'] } });
    const { incident } = await mustQuery(viewer, INCIDENT_SERVICES, { id: declareIncident.id });
    expect(incident).toEqual({
      services: ['ledger'],
      affectedServices: [{ slug: 'ledger', tier: 'TIER_1', owner: { slug: 'payments' }, runbooks: [{ url: 'https://runbooks.example.com/ledger' }] }],
      blastRadius: [{ slug: 'payments-api', tier: 'TIER_1' }, { slug: 'checkout', tier: 'TIER_2' }],
    });
    const { service } = await mustQuery(viewer, SERVICE, { slug: 'ledger' });
    expect(service.openIncidents).toEqual([{ id: declareIncident.id, title: 'Ledger writes time out' }]);
    expect(service.recentIncidents).toEqual({ count: 1, resolvedCount: 0, medianTimeToResolve: null });

    // Measured as the review measures it: from the impact start, here an hour before the declaration.
    const impactStartedAt = new Date(Date.now() - 3_600_000).toISOString();
    const { declareIncident: resolved } = await mustQuery(responder, DECLARE, { input: { title: 'Ledger slow', severity: 'SEV3', services: ['ledger'], impactStartedAt } });
    await mustQuery(responder, RESOLVE, { input: { incidentId: resolved.id } });
    const { recentIncidents } = (await mustQuery(viewer, SERVICE, { slug: 'ledger' })).service;
    expect(recentIncidents).toMatchObject({ count: 2, resolvedCount: 1 });
    expect(recentIncidents.medianTimeToResolve).toBeGreaterThanOrEqual(3600);
    expect(recentIncidents.medianTimeToResolve).toBeLessThan(3600 + 60);
  });

  it('groups the review report and the metrics by owner team and by tier', async () => {
    const { reviewReport } = await mustQuery(viewer, `{ reviewReport { byOwnerTeam { key count } byServiceTier { key count } } }`);
    // The two incidents on ledger count under its owner and tier; the one declared before the catalogue under neither.
    expect(reviewReport).toEqual({ byOwnerTeam: [{ key: 'payments', count: 2 }], byServiceTier: [{ key: 'TIER_1', count: 2 }] });
    const { incidentMetrics } = await mustQuery(viewer, `{ incidentMetrics(groupBy: OWNER_TEAM) { incidentCount groups { key incidentCount } } }`);
    expect(incidentMetrics).toEqual({ incidentCount: 3, groups: [{ key: 'payments', incidentCount: 2 }] });
  });

  it('retires a service: gone from lists, refused on new incidents and as a new dependency, still found by slug', async () => {
    await register({ slug: 'legacy-cart', name: 'Legacy cart', tier: 'TIER_3' });
    const { retireService } = await mustQuery(admin, RETIRE, { input: { slug: 'legacy-cart', reason: 'replaced by checkout' } });
    expect(retireService).toMatchObject({ slug: 'legacy-cart', retired: true, retiredAt: expect.any(String) });
    expect((await mustQuery(viewer, SERVICES, {})).services.totalCount).toBe(3);
    const onIncident = await graphql(responder, DECLARE, { input: { title: 'Old cart', severity: 'SEV3', services: ['legacy-cart'] } });
    expect(extensionsOf(onIncident)).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'UNKNOWN_SERVICE' });
    expect(messageOf(onIncident)).toMatch(/retired/);
    const asDependency = await graphql(admin, UPDATE, { input: { slug: 'checkout', dependencies: ['payments-api', 'legacy-cart'] } });
    expect(extensionsOf(asDependency)).toMatchObject({ reason: 'SERVICE_RETIRED' });
    expect((await mustQuery(viewer, SERVICE, { slug: 'legacy-cart' })).service).toMatchObject({ retired: true });
  });

  it('bounds the lists a service names: a page of dependents, and nested lists costed before any work', async () => {
    const { service } = await mustQuery(viewer, `{ service(slug: "ledger") { dependents(first: 1) { slug } } }`);
    expect(service.dependents).toEqual([{ slug: 'payments-api' }]);
    const nested = await graphql(viewer, `{ service(slug: "ledger") { dependents { dependents { dependents { dependents { slug } } } } } }`);
    expect(extensionsOf(nested)).toMatchObject({ code: 'QUERY_TOO_COMPLEX' });
  });

  it('answers a retried registration (same commandId) as the first, and refuses the id for another change', async () => {
    const input = { slug: 'search', name: 'Search', tier: 'TIER_3', ownerTeam: 'payments', commandId: 'register-search-1' };
    const first = await mustQuery(admin, REGISTER, { input });
    expect((await mustQuery(admin, REGISTER, { input })).registerService).toEqual(first.registerService);
    const reused = await graphql(admin, REGISTER, { input: { ...input, name: 'Search v2' } });
    expect(extensionsOf(reused)).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'COMMAND_ID_REUSED' });
    expect((await mustQuery(viewer, SERVICE, { slug: 'search' })).service.name).toBe('Search');
  });

  it('writes nothing for an update that changes nothing', async () => {
    const head = async () => ((await (await server.health()).json()) as { store: { headPosition: number } }).store.headPosition;
    const before = await head();
    await mustQuery(admin, UPDATE, { input: { slug: 'checkout', name: 'Checkout', tier: 'TIER_2' } });
    expect(await head()).toBe(before);
  });
});
