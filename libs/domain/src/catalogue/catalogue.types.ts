import { ServiceLifecycle, ServiceTier } from './service-tier';

export interface CatalogueLink {
  title: string;
  url: string;
}

/** What describes a service; every field can change with `UpdateService`. */
export interface ServiceFields {
  name: string;
  description: string | null;
  tier: ServiceTier;
  /** The slug of the team that owns the service. */
  ownerTeam: string;
  /** How to operate the service in an incident: https only, in the order given. */
  runbooks: CatalogueLink[];
  /** Dashboards, repositories, documents: http or https, in the order given. */
  links: CatalogueLink[];
  /** Slugs of the services this one depends on, sorted. */
  dependencies: string[];
  /** Sorted, without duplicates. */
  tags: string[];
  lifecycle: ServiceLifecycle;
}

export interface TeamFields {
  name: string;
  /** Person names (the actor names used by keys and tokens), sorted. */
  members: string[];
  /** Where the team talks, such as `#payments` or `@payments-oncall`. */
  chatHandle: string | null;
}

/**
 * How to reach a person: one of each kind at most. The phone is kept for a
 * later paging channel; nothing calls it yet.
 */
export interface ContactMethods {
  email: string | null;
  chatMemberId: string | null;
  phone: string | null;
}

export const NO_CONTACT_METHODS: ContactMethods = { email: null, chatMemberId: null, phone: null };

export interface PersonFields {
  displayName: string;
  /** An IANA time zone such as Europe/Berlin. */
  timeZone: string;
  contacts: ContactMethods;
}
