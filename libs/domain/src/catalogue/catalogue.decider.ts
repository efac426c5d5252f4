import { Decider } from '../shared/decider';
import { DomainError } from '../shared/domain-error';
import {
  CatalogueChange,
  CatalogueCommand,
  RegisterPerson,
  RegisterService,
  RegisterTeam,
  RetireService,
  UpdatePerson,
  UpdateService,
  UpdateTeam,
} from './catalogue.commands';
import { CatalogueEvent } from './catalogue.events';
import { CATALOGUE_LIMITS as LIMITS } from './catalogue.limits';
import {
  checkDependencySlugs,
  checkLifecycle,
  checkLinks,
  checkMemberNames,
  checkOptionalText,
  checkSlug,
  checkTags,
  checkText,
  checkTier,
  checkTimeZone,
  mergeContacts,
  sameValue,
} from './catalogue.rules';
import { NO_CONTACT_METHODS, PersonFields, ServiceFields, TeamFields } from './catalogue.types';
import { PersistentMap } from '../shared/persistent-map';
import { ServiceLifecycle } from './service-tier';

interface Tracked {
  registeredAt: string;
  updatedAt: string;
}

export interface ServiceRecord extends ServiceFields, Tracked {
  slug: string;
  /** Retired for good: the slug stays taken, nothing new may depend on it. */
  retired: boolean;
  retiredAt: string | null;
}

export interface TeamRecord extends TeamFields, Tracked {
  slug: string;
}

export interface PersonRecord extends PersonFields, Tracked {
  name: string;
}

/** The whole catalogue: every check (unique slugs, owners, dependencies, cycles) needs all of it. */
export interface CatalogueState {
  services: PersistentMap<ServiceRecord>;
  teams: PersistentMap<TeamRecord>;
  people: PersistentMap<PersonRecord>;
}

export const initialCatalogueState: CatalogueState = {
  services: PersistentMap.empty(),
  teams: PersistentMap.empty(),
  people: PersistentMap.empty(),
};

export function evolveCatalogue(state: CatalogueState, event: CatalogueEvent): CatalogueState {
  switch (event.type) {
    case 'ServiceRegistered': {
      const { at, by: _by, ...service } = event.data;
      return { ...state, services: state.services.set(service.slug, { ...service, retired: false, retiredAt: null, registeredAt: at, updatedAt: at }) };
    }
    case 'ServiceUpdated':
      return withService(state, event.data.slug, (service) => ({ ...service, ...event.data.changes, updatedAt: event.data.at }));
    case 'ServiceRetired':
      return withService(state, event.data.slug, (service) => ({ ...service, retired: true, retiredAt: event.data.at, updatedAt: event.data.at }));
    case 'TeamRegistered': {
      const { at, by: _by, ...team } = event.data;
      return { ...state, teams: state.teams.set(team.slug, { ...team, registeredAt: at, updatedAt: at }) };
    }
    case 'TeamUpdated': {
      const team = state.teams.get(event.data.slug);
      return team ? { ...state, teams: state.teams.set(team.slug, { ...team, ...event.data.changes, updatedAt: event.data.at }) } : state;
    }
    case 'PersonRegistered': {
      const { at, by: _by, ...person } = event.data;
      return { ...state, people: state.people.set(person.name, { ...person, registeredAt: at, updatedAt: at }) };
    }
    case 'PersonUpdated': {
      const person = state.people.get(event.data.name);
      return person ? { ...state, people: state.people.set(person.name, { ...person, ...event.data.changes, updatedAt: event.data.at }) } : state;
    }
  }
}

function withService(state: CatalogueState, slug: string, change: (service: ServiceRecord) => ServiceRecord): CatalogueState {
  const service = state.services.get(slug);
  return service ? { ...state, services: state.services.set(slug, change(service)) } : state;
}

export function decideCatalogue(command: CatalogueCommand, state: CatalogueState, now: Date): CatalogueEvent[] {
  const recorded = { at: now.toISOString(), by: command.actor };
  if (command.type !== 'ApplyCatalogueChanges') return decideChange(command, state, recorded);
  // Each change is judged on the catalogue as the changes before it left it.
  const events: CatalogueEvent[] = [];
  let current = state;
  for (const change of command.changes) {
    for (const event of decideChange(change, current, recorded)) {
      events.push(event);
      current = evolveCatalogue(current, event);
    }
  }
  return events;
}

interface Recorded {
  at: string;
  by: string;
}

/** The events of one change; none when it changes nothing (an import sends whole entities back unchanged). */
export function decideChange(change: CatalogueChange, state: CatalogueState, recorded: Recorded): CatalogueEvent[] {
  switch (change.type) {
    case 'RegisterService':
      return registerService(change, state, recorded);
    case 'UpdateService':
      return updateService(change, state, recorded);
    case 'RetireService':
      return retireService(change, state, recorded);
    case 'RegisterTeam':
      return registerTeam(change, state, recorded);
    case 'UpdateTeam':
      return updateTeam(change, state, recorded);
    case 'RegisterPerson':
      return registerPerson(change, state, recorded);
    case 'UpdatePerson':
      return updatePerson(change, state, recorded);
  }
}

function registerService(command: RegisterService, state: CatalogueState, recorded: Recorded): CatalogueEvent[] {
  const slug = checkSlug(command.slug, 'slug');
  const existing = state.services.get(slug);
  if (existing) {
    const retired = existing.retired ? ' (retired: a retired slug is not used again)' : '';
    throw new DomainError('SERVICE_EXISTS', `Service ${slug} already exists${retired}`, { slug });
  }
  const fields: ServiceFields = {
    name: checkText(command.name, 'name', LIMITS.nameMaxLength),
    description: checkOptionalText(command.description, 'description', LIMITS.descriptionMaxLength),
    tier: checkTier(command.tier),
    ownerTeam: checkOwner(command.ownerTeam, state),
    runbooks: checkLinks(command.runbooks, 'runbooks'),
    links: checkLinks(command.links, 'links'),
    // A new slug has no dependents yet, so no path leads back to it: only an update can close a cycle.
    dependencies: checkDependencies(slug, checkDependencySlugs(command.dependencies), state, { canCloseCycle: false }),
    tags: checkTags(command.tags),
    lifecycle: command.lifecycle === undefined ? ServiceLifecycle.PRODUCTION : checkLifecycle(command.lifecycle),
  };
  return [{ type: 'ServiceRegistered', data: { slug, ...fields, ...recorded } }];
}

function updateService(command: UpdateService, state: CatalogueState, recorded: Recorded): CatalogueEvent[] {
  const service = liveService(command.slug, state);
  const proposed: Partial<ServiceFields> = {};
  if (command.name !== undefined) proposed.name = checkText(command.name, 'name', LIMITS.nameMaxLength);
  if (command.description !== undefined) proposed.description = checkOptionalText(command.description, 'description', LIMITS.descriptionMaxLength);
  if (command.tier !== undefined) proposed.tier = checkTier(command.tier);
  if (command.ownerTeam !== undefined) proposed.ownerTeam = checkSlug(command.ownerTeam, 'ownerTeam');
  if (command.runbooks !== undefined) proposed.runbooks = checkLinks(command.runbooks, 'runbooks');
  if (command.links !== undefined) proposed.links = checkLinks(command.links, 'links');
  if (command.dependencies !== undefined) proposed.dependencies = checkDependencySlugs(command.dependencies);
  if (command.tags !== undefined) proposed.tags = checkTags(command.tags);
  if (command.lifecycle !== undefined) proposed.lifecycle = checkLifecycle(command.lifecycle);

  const changes = changedFields(service, proposed);
  if (changes.ownerTeam !== undefined) checkOwner(changes.ownerTeam, state);
  if (changes.dependencies !== undefined) checkDependencies(service.slug, changes.dependencies, state, { canCloseCycle: true });
  if (Object.keys(changes).length === 0) return [];
  return [{ type: 'ServiceUpdated', data: { slug: service.slug, changes, ...recorded } }];
}

/**
 * A service others still depend on is not retired: the catalogue would then
 * claim live services rely on one that is gone, and their blast radius would
 * be wrong. Their owners remove the dependency first; the refusal names them.
 */
function retireService(command: RetireService, state: CatalogueState, recorded: Recorded): CatalogueEvent[] {
  const service = liveService(command.slug, state);
  const dependents = [...state.services.values()]
    .filter((other) => !other.retired && other.dependencies.includes(service.slug))
    .map((other) => other.slug)
    .sort();
  if (dependents.length > 0) {
    throw new DomainError('SERVICE_HAS_DEPENDENTS', `Service ${service.slug} is still depended on by ${dependents.join(', ')}: remove those dependencies first`, {
      slug: service.slug,
      dependents: dependents.join(', '),
    });
  }
  const reason = checkOptionalText(command.reason, 'reason', LIMITS.reasonMaxLength);
  return [{ type: 'ServiceRetired', data: { slug: service.slug, reason, ...recorded } }];
}

function registerTeam(command: RegisterTeam, state: CatalogueState, recorded: Recorded): CatalogueEvent[] {
  const slug = checkSlug(command.slug, 'slug');
  if (state.teams.has(slug)) throw new DomainError('TEAM_EXISTS', `Team ${slug} already exists`, { slug });
  const fields: TeamFields = {
    name: checkText(command.name, 'name', LIMITS.nameMaxLength),
    members: checkMembers(command.members, state),
    chatHandle: checkOptionalText(command.chatHandle, 'chatHandle', LIMITS.chatHandleMaxLength),
  };
  return [{ type: 'TeamRegistered', data: { slug, ...fields, ...recorded } }];
}

function updateTeam(command: UpdateTeam, state: CatalogueState, recorded: Recorded): CatalogueEvent[] {
  const team = state.teams.get(command.slug);
  if (!team) throw new DomainError('TEAM_NOT_FOUND', `Team ${command.slug} does not exist`, { slug: command.slug });
  const proposed: Partial<TeamFields> = {};
  if (command.name !== undefined) proposed.name = checkText(command.name, 'name', LIMITS.nameMaxLength);
  if (command.members !== undefined) proposed.members = checkMembers(command.members, state);
  if (command.chatHandle !== undefined) proposed.chatHandle = checkOptionalText(command.chatHandle, 'chatHandle', LIMITS.chatHandleMaxLength);
  const changes = changedFields(team, proposed);
  if (Object.keys(changes).length === 0) return [];
  return [{ type: 'TeamUpdated', data: { slug: team.slug, changes, ...recorded } }];
}

function registerPerson(command: RegisterPerson, state: CatalogueState, recorded: Recorded): CatalogueEvent[] {
  const name = checkText(command.name, 'name', LIMITS.nameMaxLength);
  if (state.people.has(name)) throw new DomainError('PERSON_EXISTS', `Person ${name} already exists`, { name });
  const fields: PersonFields = {
    displayName: checkOptionalText(command.displayName, 'displayName', LIMITS.nameMaxLength) ?? name,
    timeZone: checkTimeZone(command.timeZone),
    contacts: mergeContacts(NO_CONTACT_METHODS, command.contacts),
  };
  return [{ type: 'PersonRegistered', data: { name, ...fields, ...recorded } }];
}

function updatePerson(command: UpdatePerson, state: CatalogueState, recorded: Recorded): CatalogueEvent[] {
  const person = state.people.get(command.name);
  if (!person) throw new DomainError('PERSON_NOT_FOUND', `Person ${command.name} does not exist`, { name: command.name });
  const proposed: Partial<PersonFields> = {};
  // No display name means the person's name, as at registration.
  if (command.displayName !== undefined) proposed.displayName = checkOptionalText(command.displayName, 'displayName', LIMITS.nameMaxLength) ?? person.name;
  if (command.timeZone !== undefined) proposed.timeZone = checkTimeZone(command.timeZone);
  if (command.contacts !== undefined) proposed.contacts = mergeContacts(person.contacts, command.contacts);
  const changes = changedFields(person, proposed);
  if (Object.keys(changes).length === 0) return [];
  return [{ type: 'PersonUpdated', data: { name: person.name, changes, ...recorded } }];
}

function liveService(slug: string, state: CatalogueState): ServiceRecord {
  const service = state.services.get(slug);
  if (!service) throw new DomainError('SERVICE_NOT_FOUND', `Service ${slug} does not exist`, { slug });
  if (service.retired) throw new DomainError('SERVICE_RETIRED', `Service ${slug} is retired`, { slug });
  return service;
}

function checkOwner(value: unknown, state: CatalogueState): string {
  const team = checkSlug(value, 'ownerTeam');
  if (!state.teams.has(team)) throw new DomainError('UNKNOWN_TEAM', `Owner team ${team} is not in the catalogue`, { field: 'ownerTeam', team });
  return team;
}

function checkMembers(members: readonly string[] | undefined, state: CatalogueState): string[] {
  const names = checkMemberNames(members);
  const unknown = names.find((name) => !state.people.has(name));
  if (unknown !== undefined) throw new DomainError('UNKNOWN_PERSON', `Member ${unknown} is not in the catalogue: register the person first`, { field: 'members', person: unknown });
  return names;
}

/**
 * Dependencies exist and are not retired (no live service depends on a
 * retired one: retiring waits for its dependents), and none leads back to
 * `slug`: a cycle is refused, named in full.
 */
function checkDependencies(slug: string, dependencies: string[], state: CatalogueState, { canCloseCycle }: { canCloseCycle: boolean }): string[] {
  for (const dependency of dependencies) {
    const service = state.services.get(dependency);
    if (dependency === slug) throw dependencyCycleError([slug, slug]);
    if (!service) throw new DomainError('UNKNOWN_SERVICE', `Dependency ${dependency} is not in the catalogue`, { field: 'dependencies', service: dependency });
    if (service.retired) {
      throw new DomainError('SERVICE_RETIRED', `Dependency ${dependency} is retired: nothing new may depend on it`, { field: 'dependencies', service: dependency });
    }
  }
  if (!canCloseCycle) return dependencies;
  for (const dependency of dependencies) {
    const path = pathBetween(dependency, slug, state);
    if (path) throw dependencyCycleError([slug, ...path]);
  }
  return dependencies;
}

/** A path of dependencies from `from` to `to` (both included), depth first in slug order; undefined if there is none. */
function pathBetween(from: string, to: string, state: CatalogueState): string[] | undefined {
  const cameFrom = new Map<string, string | null>([[from, null]]);
  const stack = [from];
  while (stack.length > 0) {
    const current = stack.pop() as string;
    if (current === to) {
      const path: string[] = [];
      for (let step: string | null = current; step !== null; step = cameFrom.get(step) ?? null) path.unshift(step);
      return path;
    }
    const next = state.services.get(current)?.dependencies ?? [];
    for (let i = next.length - 1; i >= 0; i--) {
      if (cameFrom.has(next[i])) continue;
      cameFrom.set(next[i], current);
      stack.push(next[i]);
    }
  }
  return undefined;
}

/** The refusal of dependencies that would form `cycle` (its first slug repeated at its end). */
export function dependencyCycleError(cycle: readonly string[]): DomainError {
  const named = cycle.join(' → ');
  return new DomainError('DEPENDENCY_CYCLE', `These dependencies would form a cycle: ${named}`, { field: 'dependencies', cycle: named });
}

/** The proposed fields whose value differs from the current one. */
function changedFields<Fields extends object>(current: Fields, proposed: Partial<Fields>): Partial<Fields> {
  const changes: Partial<Fields> = {};
  for (const field of Object.keys(proposed) as (keyof Fields)[]) {
    if (!sameValue(current[field], proposed[field])) changes[field] = proposed[field];
  }
  return changes;
}

export const catalogueDecider: Decider<CatalogueCommand, CatalogueEvent, CatalogueState> = {
  decide: decideCatalogue,
  evolve: evolveCatalogue,
  initialState: initialCatalogueState,
};
