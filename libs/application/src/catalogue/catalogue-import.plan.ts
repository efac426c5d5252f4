import {
  CatalogueChange,
  catalogueDecider,
  CatalogueEvent,
  CatalogueLink,
  CatalogueState,
  dependencyCycleError,
  DomainError,
  RegisterPerson,
  RegisterService,
  RegisterTeam,
  ServiceLifecycle,
  ServiceTier,
  UpdatePerson,
  UpdateService,
  UpdateTeam,
} from '@incident-ledger/domain';
import { BackstageEntity, CatalogueFile, CatalogueImportError, formatLocation, formatProblem, ImportProblem, readBackstageEntities, ReadProgress } from './backstage-entities';
import { BackstageEntityReader } from './backstage-entity-reader';
import { DEFAULT_NAMESPACE, IMPORTED_KINDS, LEDGER_ANNOTATIONS, parseEntityRef, PASSED_OVER_KINDS, RUNBOOK_LINK_TYPE } from './backstage-format';
import { describeEvent } from './catalogue-import.summary';

export interface ImportPlan {
  /**
   * The changes that bring the catalogue to the files' content, in an order
   * that applies (people, then teams, then services, each after what it
   * depends on): to run as one `ApplyCatalogueChanges`. Empty when the files
   * say nothing new: a re-import writes nothing.
   */
  changes: CatalogueChange[];
  /** One line per change, for `--dry-run`. */
  summary: string[];
  /** Entities and fields passed over, and defaults assumed, each with its file, line and column. */
  notes: string[];
}

/** The tier of a Component with no tier annotation: the least critical until someone says otherwise. */
export const DEFAULT_IMPORTED_TIER = ServiceTier.TIER_4;
/** The time zone of a User with no time zone annotation. */
export const DEFAULT_IMPORTED_TIME_ZONE = 'UTC';

const LIFECYCLES: Record<string, ServiceLifecycle> = {
  production: ServiceLifecycle.PRODUCTION,
  experimental: ServiceLifecycle.EXPERIMENTAL,
  deprecated: ServiceLifecycle.DEPRECATED,
};

type Path = readonly (string | number)[];

/** A change and where its fields come from, to point at the line a refusal is about. */
interface Planned {
  change: CatalogueChange;
  entity: BackstageEntity;
  fields: Readonly<Record<string, Path>>;
}

/**
 * Plans the import of Backstage catalog-info.yaml files (multi-document;
 * kind Component, Group and User) against the catalogue as it is. Fields
 * Backstage has (names, titles, descriptions, links, tags, owners,
 * lifecycles, dependencies, members, emails) are taken from the files as
 * they are; fields only the ledger has come from `incident-ledger.dev/*`
 * annotations, and an absent annotation leaves the ledger's value alone (a
 * new entity gets the default, and a note says so). Nothing is ever removed
 * or retired by an import. Throws CatalogueImportError, naming file, line and
 * column, when any file is wrong or any change would be refused.
 */
export function planCatalogueImport(files: readonly CatalogueFile[], state: CatalogueState, onProgress?: (progress: ReadProgress) => void): ImportPlan {
  const read = readBackstageEntities(files, onProgress);
  const problems = [...read.problems];
  const notes: string[] = [];
  const { users, groups, components } = sortEntities(read.entities, problems, notes);
  const actors = actorNames(users, problems);
  const people = users.map((user) => planPerson(new BackstageEntityReader(user, problems), actors, state, notes));
  const teams = planTeams(groups, users, actors, state, problems);
  const services = orderByDependencies(
    components.flatMap((component) => planService(new BackstageEntityReader(component, problems), state, notes) ?? []),
    problems,
  );
  if (problems.length > 0) throw new CatalogueImportError(inFileOrder(problems, files));
  return decidePlan([...people, ...teams, ...services], state, notes);
}

/** Groups the entities by kind; notes what is passed over and refuses unknown kinds and entities defined twice. */
function sortEntities(entities: BackstageEntity[], problems: ImportProblem[], notes: string[]) {
  const users: BackstageEntity[] = [];
  const groups: BackstageEntity[] = [];
  const components: BackstageEntity[] = [];
  const seen = new Map<string, BackstageEntity>();
  for (const entity of entities) {
    const kind = [...IMPORTED_KINDS, ...PASSED_OVER_KINDS].find((known) => known.toLowerCase() === entity.kind.toLowerCase());
    const where = formatProblem({ ...entity.location, message: `${entity.kind} ${entity.name}` });
    if (kind === undefined) {
      problems.push({ ...entity.locate(['kind']), message: `unknown kind ${entity.kind}: the ledger reads Component, Group and User, and passes over ${PASSED_OVER_KINDS.join(', ')}` });
    } else if (!(IMPORTED_KINDS as readonly string[]).includes(kind)) {
      notes.push(`${where} passed over: the ledger catalogues components, groups and users only`);
    } else if (entity.namespace !== DEFAULT_NAMESPACE) {
      notes.push(`${where} passed over: it is in namespace ${entity.namespace}, and the ledger has only the default one`);
    } else {
      const key = `${kind}:${entity.name}`;
      const first = seen.get(key);
      if (first) {
        problems.push({ ...entity.locate(['metadata', 'name']), message: `${kind} ${entity.name} is defined twice; first at ${formatLocation(first.location)}` });
        continue;
      }
      seen.set(key, entity);
      ({ Component: components, Group: groups, User: users })[kind as (typeof IMPORTED_KINDS)[number]].push(entity);
    }
  }
  return { users, groups, components };
}

const PERSON_FIELDS = {
  name: ['metadata', 'name'],
  displayName: ['spec', 'profile', 'displayName'],
  timeZone: ['metadata', 'annotations', LEDGER_ANNOTATIONS.timeZone],
  'contacts.email': ['spec', 'profile', 'email'],
  'contacts.chatMemberId': ['metadata', 'annotations', LEDGER_ANNOTATIONS.chatMemberId],
  'contacts.phone': ['metadata', 'annotations', LEDGER_ANNOTATIONS.phone],
} as const;

/**
 * The ledger's name of each User, by its Backstage name: the actor
 * annotation where an export wrote one (a name Backstage does not allow),
 * otherwise the Backstage name itself.
 */
function actorNames(users: BackstageEntity[], problems: ImportProblem[]): (backstageName: string) => string {
  const actors = new Map<string, string>();
  for (const user of users) {
    const actor = new BackstageEntityReader(user, problems).annotation(LEDGER_ANNOTATIONS.actor);
    if (actor !== undefined) actors.set(user.name, actor);
  }
  return (backstageName) => actors.get(backstageName) ?? backstageName;
}

function planPerson(user: BackstageEntityReader, actorOf: (backstageName: string) => string, state: CatalogueState, notes: string[]): Planned {
  const name = actorOf(user.entity.name);
  const displayName = user.text(['spec', 'profile', 'displayName']) ?? user.text(['metadata', 'title']) ?? name;
  const timeZone = user.annotation(LEDGER_ANNOTATIONS.timeZone);
  // Contact methods the files do not give stay as they are.
  const contacts = definedOnly({
    email: user.text(['spec', 'profile', 'email']),
    chatMemberId: user.annotation(LEDGER_ANNOTATIONS.chatMemberId),
    phone: user.annotation(LEDGER_ANNOTATIONS.phone),
  });
  if (state.people.has(name)) {
    const change: UpdatePerson = { type: 'UpdatePerson', name, displayName, ...definedOnly({ timeZone }), contacts };
    return { change, entity: user.entity, fields: PERSON_FIELDS };
  }
  if (timeZone === undefined) notes.push(noteAt(user, `has no ${LEDGER_ANNOTATIONS.timeZone} annotation: registered in ${DEFAULT_IMPORTED_TIME_ZONE}`));
  const change: RegisterPerson = { type: 'RegisterPerson', name, displayName, timeZone: timeZone ?? DEFAULT_IMPORTED_TIME_ZONE, contacts };
  return { change, entity: user.entity, fields: PERSON_FIELDS };
}

const TEAM_FIELDS = {
  slug: ['metadata', 'name'],
  name: ['spec', 'profile', 'displayName'],
  members: ['spec', 'members'],
  chatHandle: ['metadata', 'annotations', LEDGER_ANNOTATIONS.chatHandle],
} as const;

/**
 * A team's members are its Group's `spec.members` and the Users whose
 * `spec.memberOf` names it, as Backstage reads them. A User may also join a
 * team the files do not define but the catalogue has: it is added to it.
 */
function planTeams(
  groups: BackstageEntity[],
  users: BackstageEntity[],
  actorOf: (backstageName: string) => string,
  state: CatalogueState,
  problems: ImportProblem[],
): Planned[] {
  const members = new Map<string, Set<string>>(groups.map((group) => [group.name, new Set<string>()]));
  const joinedBy = new Map<string, BackstageEntity>();
  for (const group of groups) {
    const reader = new BackstageEntityReader(group, problems);
    for (const ref of reader.textList(['spec', 'members']) ?? []) {
      const user = parseEntityRef(ref, 'user');
      if (user.kind !== 'user' || user.namespace !== DEFAULT_NAMESPACE) reader.fail(['spec', 'members'], `member ${ref} is not a User of the default namespace`);
      else members.get(group.name)?.add(actorOf(user.name));
    }
  }
  for (const user of users) {
    const reader = new BackstageEntityReader(user, problems);
    for (const ref of reader.textList(['spec', 'memberOf']) ?? []) {
      const group = parseEntityRef(ref, 'group');
      if (group.kind !== 'group' || group.namespace !== DEFAULT_NAMESPACE) {
        reader.fail(['spec', 'memberOf'], `${ref} is not a Group of the default namespace`);
        continue;
      }
      let team = members.get(group.name);
      if (!team && state.teams.has(group.name)) {
        members.set(group.name, (team = new Set(state.teams.get(group.name)?.members)));
        joinedBy.set(group.name, user);
      }
      if (team) team.add(actorOf(user.name));
      else reader.fail(['spec', 'memberOf'], `no Group ${group.name} in the files or team in the catalogue`);
    }
  }
  const planned = groups.map((group) => planTeam(new BackstageEntityReader(group, problems), [...(members.get(group.name) ?? [])], state));
  for (const [slug, user] of joinedBy) {
    const change: UpdateTeam = { type: 'UpdateTeam', slug, members: [...(members.get(slug) ?? [])] };
    planned.push({ change, entity: user, fields: { members: ['spec', 'memberOf'] } });
  }
  return planned;
}

function planTeam(group: BackstageEntityReader, members: string[], state: CatalogueState): Planned {
  const slug = group.entity.name;
  const name = group.text(['spec', 'profile', 'displayName']) ?? group.text(['metadata', 'title']) ?? slug;
  const chatHandle = group.annotation(LEDGER_ANNOTATIONS.chatHandle);
  const change: RegisterTeam | UpdateTeam = state.teams.has(slug)
    ? { type: 'UpdateTeam', slug, name, members, ...definedOnly({ chatHandle }) }
    : { type: 'RegisterTeam', slug, name, members, chatHandle: chatHandle ?? null };
  return { change, entity: group.entity, fields: TEAM_FIELDS };
}

const SERVICE_FIELDS = {
  slug: ['metadata', 'name'],
  name: ['metadata', 'title'],
  description: ['metadata', 'description'],
  tier: ['metadata', 'annotations', LEDGER_ANNOTATIONS.tier],
  ownerTeam: ['spec', 'owner'],
  runbooks: ['metadata', 'links'],
  'runbooks title': ['metadata', 'links'],
  links: ['metadata', 'links'],
  'links title': ['metadata', 'links'],
  dependencies: ['spec', 'dependsOn'],
  tags: ['metadata', 'tags'],
  lifecycle: ['spec', 'lifecycle'],
} as const;

function planService(component: BackstageEntityReader, state: CatalogueState, notes: string[]): Planned | undefined {
  const slug = component.entity.name;
  const existing = state.services.get(slug);
  // A retired service stays retired: an old file that still lists it changes nothing.
  if (existing?.retired) {
    notes.push(noteAt(component, 'passed over: the service is retired in the ledger'));
    return undefined;
  }
  const { runbooks, links } = readLinks(component);
  const tier = readTier(component);
  const fields = {
    name: component.text(['metadata', 'title']) ?? slug,
    description: component.text(['metadata', 'description']) ?? null,
    ownerTeam: readOwner(component),
    runbooks,
    links,
    dependencies: readDependencies(component, notes),
    tags: component.textList(['metadata', 'tags']) ?? [],
    lifecycle: readLifecycle(component),
  };
  if (component.has(['spec', 'dependencyOf'])) {
    notes.push(noteAt(component, `spec.dependencyOf passed over: write the dependency in the dependent's spec.dependsOn`, ['spec', 'dependencyOf']));
  }
  // A missing owner is a problem already reported: the plan stops before any change is judged.
  if (existing) {
    const change: UpdateService = { type: 'UpdateService', slug, ...fields, ...definedOnly({ tier }), ownerTeam: fields.ownerTeam ?? '' };
    return { change, entity: component.entity, fields: SERVICE_FIELDS };
  }
  if (tier === undefined) notes.push(noteAt(component, `has no ${LEDGER_ANNOTATIONS.tier} annotation: registered as ${DEFAULT_IMPORTED_TIER}`));
  const change: RegisterService = { type: 'RegisterService', slug, ...fields, tier: tier ?? DEFAULT_IMPORTED_TIER, ownerTeam: fields.ownerTeam ?? '' };
  return { change, entity: component.entity, fields: SERVICE_FIELDS };
}

function readTier(component: BackstageEntityReader): ServiceTier | undefined {
  const value = component.annotation(LEDGER_ANNOTATIONS.tier);
  if (value === undefined) return undefined;
  if (/^[1-4]$/.test(value.trim())) return `TIER_${value.trim()}` as ServiceTier;
  return component.fail(['metadata', 'annotations', LEDGER_ANNOTATIONS.tier], `tier ${JSON.stringify(value)}: use "1" (customer-facing and critical) to "4"`);
}

function readOwner(component: BackstageEntityReader): string | undefined {
  const ref = component.text(['spec', 'owner']);
  if (ref === undefined) return component.fail(['spec'], 'spec.owner is missing: every service has an owner team');
  const owner = parseEntityRef(ref, 'group');
  if (owner.kind !== 'group') return component.fail(['spec', 'owner'], `owner ${ref} is not a Group: services are owned by teams`);
  if (owner.namespace !== DEFAULT_NAMESPACE) return component.fail(['spec', 'owner'], `owner ${ref} is not in the default namespace`);
  return owner.name;
}

function readLifecycle(component: BackstageEntityReader): ServiceLifecycle | undefined {
  const value = component.text(['spec', 'lifecycle']);
  if (value === undefined) return undefined;
  const lifecycle = LIFECYCLES[value.trim().toLowerCase()];
  return lifecycle ?? component.fail(['spec', 'lifecycle'], `lifecycle ${JSON.stringify(value)}: use production, experimental or deprecated`);
}

/** Links of type `runbook` are runbooks; a link without a title is named by its URL. */
function readLinks(component: BackstageEntityReader): { runbooks: CatalogueLink[]; links: CatalogueLink[] } {
  const runbooks: CatalogueLink[] = [];
  const links: CatalogueLink[] = [];
  (component.mappingList(['metadata', 'links']) ?? []).forEach((link, index) => {
    const url = typeof link.url === 'string' ? link.url : '';
    if (!url) component.fail(['metadata', 'links', index], 'a link needs a url');
    const title = typeof link.title === 'string' && link.title.trim() ? link.title : url;
    (link.type === RUNBOOK_LINK_TYPE ? runbooks : links).push({ title, url });
  });
  return { runbooks, links };
}

/** Components this one depends on; resources and other namespaces are passed over with a note. */
function readDependencies(component: BackstageEntityReader, notes: string[]): string[] {
  const dependencies: string[] = [];
  for (const ref of component.textList(['spec', 'dependsOn']) ?? []) {
    const target = parseEntityRef(ref, 'component');
    if (target.kind === 'component' && target.namespace === DEFAULT_NAMESPACE) dependencies.push(target.name);
    else notes.push(noteAt(component, `dependency ${ref} passed over: only components of the default namespace are catalogued`, ['spec', 'dependsOn']));
  }
  return dependencies;
}

/**
 * Dependencies before their dependents, so each registration finds what it
 * depends on. A cycle among the files' services could be registered in no
 * order: it is refused here, named as the domain names one.
 */
function orderByDependencies(services: Planned[], problems: ImportProblem[]): Planned[] {
  const bySlug = new Map(services.map((planned) => [(planned.change as RegisterService).slug, planned]));
  const ordered: Planned[] = [];
  const done = new Set<string>();
  const path: string[] = [];
  const visit = (slug: string): void => {
    const planned = bySlug.get(slug);
    if (!planned || done.has(slug)) return;
    const start = path.indexOf(slug);
    if (start >= 0) {
      const closing = bySlug.get(path[path.length - 1]) as Planned;
      const { message } = dependencyCycleError([...path.slice(start), slug]);
      problems.push({ ...closing.entity.locate(['spec', 'dependsOn']), message: `${closing.entity.kind} ${closing.entity.name}: ${message}` });
      return;
    }
    path.push(slug);
    for (const dependency of (planned.change as RegisterService).dependencies ?? []) visit(dependency);
    path.pop();
    done.add(slug);
    ordered.push(planned);
  };
  for (const slug of [...bySlug.keys()].sort()) visit(slug);
  return ordered;
}

/** Problems by file (in the order given), then line and column. */
function inFileOrder(problems: ImportProblem[], files: readonly CatalogueFile[]): ImportProblem[] {
  const rank = new Map(files.map((file, index) => [file.path, index]));
  return [...problems].sort((a, b) => (rank.get(a.file) ?? 0) - (rank.get(b.file) ?? 0) || a.line - b.line || a.column - b.column);
}

/**
 * Judges every planned change with the catalogue's own decider, each on the
 * catalogue as the ones before left it: the plan keeps the changes that
 * change something, and the first refusal stops it, located in its file.
 */
function decidePlan(planned: Planned[], state: CatalogueState, notes: string[]): ImportPlan {
  const changes: CatalogueChange[] = [];
  const summary: string[] = [];
  let current = state;
  for (const { change, entity, fields } of planned) {
    let events: CatalogueEvent[];
    try {
      // The events only tell what would change; the executor decides again when the plan is applied.
      events = catalogueDecider.decide({ ...change, actor: 'import' }, current, PLANNED_AT);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const field = typeof error.details.field === 'string' ? fields[error.details.field] : undefined;
      throw new CatalogueImportError([{ ...entity.locate(field ?? ['metadata', 'name']), message: `${entity.kind} ${entity.name}: ${error.message}` }]);
    }
    if (events.length === 0) continue;
    changes.push(change);
    for (const event of events) {
      summary.push(describeEvent(event, current));
      current = catalogueDecider.evolve(current, event);
    }
  }
  return { changes, summary, notes };
}

const PLANNED_AT = new Date(0);

function noteAt(reader: BackstageEntityReader, message: string, path: Path = ['metadata', 'name']): string {
  return formatProblem({ ...reader.entity.locate(path), message: `${reader.label} ${message}` });
}

/** The entries whose value is given: an absent annotation changes nothing. */
function definedOnly<T extends Record<string, unknown>>(values: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> };
}
