import { CatalogueEvent, CatalogueLink, CatalogueState, ContactMethods } from '@incident-ledger/domain';

/** One line telling what an event would change, for a dry run: `+` registers, `~` changes (old → new). */
export function describeEvent(event: CatalogueEvent, before: CatalogueState): string {
  switch (event.type) {
    case 'ServiceRegistered': {
      const { slug, tier, ownerTeam, dependencies } = event.data;
      return `+ service ${slug}: ${tier}, owner ${ownerTeam}${dependencies.length > 0 ? `, depends on ${dependencies.join(', ')}` : ''}`;
    }
    case 'ServiceUpdated':
      return `~ service ${event.data.slug}: ${changesOf(event.data.changes, before.services.get(event.data.slug))}`;
    case 'ServiceRetired':
      return `- service ${event.data.slug} retired`;
    case 'TeamRegistered':
      return `+ team ${event.data.slug}: ${event.data.name}, members ${show(event.data.members)}`;
    case 'TeamUpdated':
      return `~ team ${event.data.slug}: ${changesOf(event.data.changes, before.teams.get(event.data.slug))}`;
    case 'PersonRegistered':
      return `+ person ${event.data.name}: ${event.data.displayName}, ${event.data.timeZone}`;
    case 'PersonUpdated':
      return `~ person ${event.data.name}: ${changesOf(event.data.changes, before.people.get(event.data.name))}`;
  }
}

function changesOf(changes: object, before: object | undefined): string {
  return Object.entries(changes)
    .map(([field, value]) => `${field} ${show((before as Record<string, unknown> | undefined)?.[field])} → ${show(value)}`)
    .join('; ');
}

function show(value: unknown): string {
  if (value === null || value === undefined) return 'none';
  if (Array.isArray(value)) return `[${value.map((item: string | CatalogueLink) => (typeof item === 'string' ? item : item.title)).join(', ')}]`;
  if (typeof value === 'object') {
    const contacts = Object.entries(value as ContactMethods).filter(([, contact]) => contact !== null);
    return contacts.length > 0 ? contacts.map(([kind, contact]) => `${kind} ${contact}`).join(', ') : 'none';
  }
  return JSON.stringify(value);
}
