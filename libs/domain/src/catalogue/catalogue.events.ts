import { PersonFields, ServiceFields, TeamFields } from './catalogue.types';

interface Recorded {
  at: string;
  by: string;
}

export interface ServiceRegistered {
  type: 'ServiceRegistered';
  data: { slug: string } & ServiceFields & Recorded;
}

/** Only the fields that changed, with their new values. */
export interface ServiceUpdated {
  type: 'ServiceUpdated';
  data: { slug: string; changes: Partial<ServiceFields> } & Recorded;
}

export interface ServiceRetired {
  type: 'ServiceRetired';
  data: { slug: string; reason: string | null } & Recorded;
}

export interface TeamRegistered {
  type: 'TeamRegistered';
  data: { slug: string } & TeamFields & Recorded;
}

export interface TeamUpdated {
  type: 'TeamUpdated';
  data: { slug: string; changes: Partial<TeamFields> } & Recorded;
}

export interface PersonRegistered {
  type: 'PersonRegistered';
  data: { name: string } & PersonFields & Recorded;
}

/** Only the fields that changed; `contacts`, when it changed, holds all of them as they now are. */
export interface PersonUpdated {
  type: 'PersonUpdated';
  data: { name: string; changes: Partial<PersonFields> } & Recorded;
}

export type CatalogueEvent = ServiceRegistered | ServiceUpdated | ServiceRetired | TeamRegistered | TeamUpdated | PersonRegistered | PersonUpdated;

/**
 * Services, teams and people share one stream: slugs are unique, owners and
 * dependencies exist and dependencies form no cycle across the whole
 * catalogue, so one append with an exact expected revision keeps every one of
 * these checks true, even with writers in several processes.
 */
export const CATALOGUE_STREAM = 'catalogue';
