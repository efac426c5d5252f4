import { CatalogueState, PersonRecord, ServiceRecord, TeamRecord } from '@incident-ledger/domain';
import { stringify } from 'yaml';
import { BACKSTAGE_API_VERSION, backstageUserName, LEDGER_ANNOTATIONS, RUNBOOK_LINK_TYPE } from './backstage-format';

/**
 * The catalogue as Backstage catalog-info.yaml documents: a Group per team,
 * a User per person, a Component per live service (retired ones are gone
 * from the world Backstage describes), in the form the import reads, so
 * importing an export changes nothing.
 */
export function exportCatalogue(state: CatalogueState): string {
  const teams = sortedBy([...state.teams.values()], (team) => team.slug);
  const people = sortedBy([...state.people.values()], (person) => person.name);
  const services = sortedBy(
    [...state.services.values()].filter((service) => !service.retired),
    (service) => service.slug,
  );
  const documents = [...teams.map(groupOf), ...people.map((person) => userOf(person, teams)), ...services.map(componentOf)];
  return documents.map((document) => stringify(document, { lineWidth: 0 })).join('---\n');
}

function groupOf(team: TeamRecord): object {
  return {
    apiVersion: BACKSTAGE_API_VERSION,
    kind: 'Group',
    metadata: { name: team.slug, ...annotations({ [LEDGER_ANNOTATIONS.chatHandle]: team.chatHandle }) },
    // Backstage requires `children`; the ledger's teams have no hierarchy.
    spec: { type: 'team', profile: { displayName: team.name }, children: [], members: team.members.map(backstageUserName) },
  };
}

function userOf(person: PersonRecord, teams: TeamRecord[]): object {
  return {
    apiVersion: BACKSTAGE_API_VERSION,
    kind: 'User',
    metadata: {
      name: backstageUserName(person.name),
      ...annotations({
        [LEDGER_ANNOTATIONS.actor]: backstageUserName(person.name) === person.name ? null : person.name,
        [LEDGER_ANNOTATIONS.timeZone]: person.timeZone,
        [LEDGER_ANNOTATIONS.chatMemberId]: person.contacts.chatMemberId,
        [LEDGER_ANNOTATIONS.phone]: person.contacts.phone,
      }),
    },
    spec: {
      profile: { displayName: person.displayName, ...present({ email: person.contacts.email }) },
      memberOf: teams.filter((team) => team.members.includes(person.name)).map((team) => team.slug),
    },
  };
}

function componentOf(service: ServiceRecord): object {
  const links = [
    ...service.links.map(({ url, title }) => ({ url, title })),
    ...service.runbooks.map(({ url, title }) => ({ url, title, type: RUNBOOK_LINK_TYPE })),
  ];
  return {
    apiVersion: BACKSTAGE_API_VERSION,
    kind: 'Component',
    metadata: {
      name: service.slug,
      // The import names a service without a title by its slug.
      ...present({ title: service.name === service.slug ? null : service.name, description: service.description }),
      ...annotations({ [LEDGER_ANNOTATIONS.tier]: service.tier.replace('TIER_', '') }),
      ...(service.tags.length > 0 ? { tags: service.tags } : {}),
      ...(links.length > 0 ? { links } : {}),
    },
    spec: {
      type: 'service',
      lifecycle: service.lifecycle.toLowerCase(),
      owner: service.ownerTeam,
      ...(service.dependencies.length > 0 ? { dependsOn: service.dependencies.map((slug) => `component:${slug}`) } : {}),
    },
  };
}

function annotations(values: Record<string, string | null>): { annotations?: Record<string, string> } {
  const given = present(values);
  return Object.keys(given).length > 0 ? { annotations: given } : {};
}

function present(values: Record<string, string | null>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).filter((entry): entry is [string, string] => entry[1] !== null));
}

function sortedBy<T>(items: T[], key: (item: T) => string): T[] {
  return items.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}
