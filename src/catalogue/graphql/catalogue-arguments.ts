import { CatalogueLink, ContactMethods } from '@incident-ledger/domain';
import { CatalogueLinkInput, ContactMethodsInput } from './catalogue.inputs';

// GraphQL's null for a field left out of an update means "keep it"; the domain's undefined does.

export function given<T>(value: T | null | undefined): T | undefined {
  return value ?? undefined;
}

export function links(value: CatalogueLinkInput[] | null | undefined): CatalogueLink[] | undefined {
  return value?.map(({ title, url }) => ({ title, url }));
}

/** Each kind given changes (an empty string removes it); kinds left out stay. */
export function contacts(value: ContactMethodsInput | null | undefined): Partial<ContactMethods> | undefined {
  if (!value) return undefined;
  const changes: Partial<ContactMethods> = {};
  for (const kind of ['email', 'chatMemberId', 'phone'] as const) {
    if (value[kind] != null) changes[kind] = value[kind];
  }
  return changes;
}
