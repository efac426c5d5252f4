import { CatalogueLink, ContactMethods } from './catalogue.types';
import { ServiceLifecycle, ServiceTier } from './service-tier';

export interface RegisterService {
  type: 'RegisterService';
  slug: string;
  name: string;
  description?: string | null;
  tier: ServiceTier;
  ownerTeam: string;
  runbooks?: CatalogueLink[];
  links?: CatalogueLink[];
  dependencies?: string[];
  tags?: string[];
  /** PRODUCTION when not given. */
  lifecycle?: ServiceLifecycle;
}

/** Changes the fields given and leaves the others; a change to what is already there writes nothing. */
export interface UpdateService {
  type: 'UpdateService';
  slug: string;
  name?: string;
  description?: string | null;
  tier?: ServiceTier;
  ownerTeam?: string;
  runbooks?: CatalogueLink[];
  links?: CatalogueLink[];
  dependencies?: string[];
  tags?: string[];
  lifecycle?: ServiceLifecycle;
}

export interface RetireService {
  type: 'RetireService';
  slug: string;
  reason?: string | null;
}

export interface RegisterTeam {
  type: 'RegisterTeam';
  slug: string;
  name: string;
  members?: string[];
  chatHandle?: string | null;
}

export interface UpdateTeam {
  type: 'UpdateTeam';
  slug: string;
  name?: string;
  members?: string[];
  chatHandle?: string | null;
}

export interface RegisterPerson {
  type: 'RegisterPerson';
  /** The actor name that keys and tokens carry. */
  name: string;
  /** The name itself when not given. */
  displayName?: string | null;
  timeZone: string;
  contacts?: Partial<ContactMethods>;
}

/** `contacts` changes the kinds given (null removes one) and keeps the others. */
export interface UpdatePerson {
  type: 'UpdatePerson';
  name: string;
  displayName?: string | null;
  timeZone?: string;
  contacts?: Partial<ContactMethods>;
}

/** One change to the catalogue, as an import plans it. */
export type CatalogueChange = RegisterService | UpdateService | RetireService | RegisterTeam | UpdateTeam | RegisterPerson | UpdatePerson;

/**
 * Several changes decided in order and written in one append: all of them or
 * none (an import), each judged on the catalogue as the ones before left it.
 */
export interface ApplyCatalogueChanges {
  type: 'ApplyCatalogueChanges';
  changes: CatalogueChange[];
}

export type CatalogueCommand = (CatalogueChange | ApplyCatalogueChanges) & { actor: string };
