import { eventCodec, field, Shape } from '../shared/event-codec';
import { CatalogueEvent } from './catalogue.events';
import { CatalogueLink, ContactMethods, PersonFields, ServiceFields, TeamFields } from './catalogue.types';
import { SERVICE_LIFECYCLES, SERVICE_TIERS } from './service-tier';

const recorded = { at: field.string, by: field.string };

const link: Shape<CatalogueLink> = { title: field.string, url: field.string };

const service: Shape<ServiceFields> = {
  name: field.string,
  description: field.nullableString,
  tier: field.oneOf(SERVICE_TIERS),
  ownerTeam: field.string,
  runbooks: field.objects(link),
  links: field.objects(link),
  dependencies: field.strings,
  tags: field.strings,
  lifecycle: field.oneOf(SERVICE_LIFECYCLES),
};

const team: Shape<TeamFields> = { name: field.string, members: field.strings, chatHandle: field.nullableString };

const contacts: Shape<ContactMethods> = {
  email: field.nullableString,
  chatMemberId: field.nullableString,
  phone: field.nullableString,
};

const person: Shape<PersonFields> = { displayName: field.string, timeZone: field.string, contacts: field.object(contacts) };

/** The catalogue's events (stream `catalogue`), as stored. */
export const catalogueEventCodec = eventCodec<CatalogueEvent>({
  ServiceRegistered: { shape: { slug: field.string, ...service, ...recorded } },
  ServiceUpdated: { shape: { slug: field.string, changes: field.partial(service), ...recorded } },
  ServiceRetired: { shape: { slug: field.string, reason: field.nullableString, ...recorded } },
  TeamRegistered: { shape: { slug: field.string, ...team, ...recorded } },
  TeamUpdated: { shape: { slug: field.string, changes: field.partial(team), ...recorded } },
  PersonRegistered: { shape: { name: field.string, ...person, ...recorded } },
  PersonUpdated: { shape: { name: field.string, changes: field.partial(person), ...recorded } },
});
