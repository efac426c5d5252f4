import {
  CATALOGUE_STREAM,
  CatalogueEvent,
  catalogueEventCodec,
  CatalogueState,
  evolveCatalogue,
  initialCatalogueState,
  PersistentMap,
  PersonRecord,
  SERVICE_TIERS,
  ServiceRecord,
  ServiceTier,
  TeamRecord,
} from '@incident-ledger/domain';
import { RecordedEvent } from '@incident-ledger/event-store';
import { CheckpointedReadModel } from '../checkpointed-read-model';
import { InvalidCursorError } from '../incidents/incident-read-model';
import { editDistance } from './edit-distance';
import { SortedSlugs } from './sorted-slugs';

export interface ServiceFilter {
  tier?: ServiceTier;
  /** The owner team's slug. */
  team?: string;
  tag?: string;
  /** Case-insensitive, in the slug, the name or the description. */
  search?: string;
}

export interface ServicePage {
  services: ServiceRecord[];
  cursors: string[];
  hasNextPage: boolean;
  totalCount: number;
}

/** The snapshot holds the catalogue as plain Maps; the indexes are rebuilt from them. */
export interface CatalogueSnapshotState {
  services: Map<string, ServiceRecord>;
  teams: Map<string, TeamRecord>;
  people: Map<string, PersonRecord>;
}

/**
 * The service catalogue, its teams and people, as the decider folds them
 * (one `evolve` for both, so the read side cannot drift from what commands
 * are judged on), plus the indexes that keep queries fast at 10,000
 * services: live slugs sorted (overall, by tier, team and tag) so a page is
 * a binary search and a walk, and the reverse of the dependency graph so
 * dependents are found without scanning every service. Retired services are
 * found by slug but listed nowhere.
 */
export class CatalogueReadModel extends CheckpointedReadModel<void, CatalogueSnapshotState> {
  private catalogue: CatalogueState = initialCatalogueState;
  private index = new ServiceIndex();
  /** Blast radii already worked out, by their sorted slugs; cleared when a service changes. */
  private readonly closures = new Map<string, ServiceRecord[]>();

  /** What the start and rebuild logs count: the services, retired ones included. */
  get size(): number {
    return this.catalogue.services.size;
  }

  protected applyNew(event: RecordedEvent): void {
    if (event.streamId !== CATALOGUE_STREAM || !catalogueEventCodec.knows(event.type)) return;
    const catalogueEvent = catalogueEventCodec.decodeRecorded(event);
    const slug = serviceSlugOf(catalogueEvent);
    const before = slug === undefined ? undefined : this.catalogue.services.get(slug);
    this.catalogue = evolveCatalogue(this.catalogue, catalogueEvent);
    if (slug !== undefined) {
      this.index.replace(before, this.catalogue.services.get(slug));
      this.closures.clear();
    }
  }

  protected snapshotState(): CatalogueSnapshotState {
    return { services: new Map(this.catalogue.services.entries()), teams: new Map(this.catalogue.teams.entries()), people: new Map(this.catalogue.people.entries()) };
  }

  protected restoreState(state: CatalogueSnapshotState): void {
    this.catalogue = { services: PersistentMap.from(state.services), teams: PersistentMap.from(state.teams), people: PersistentMap.from(state.people) };
    this.index = new ServiceIndex();
    for (const service of state.services.values()) this.index.replace(undefined, service);
    this.closures.clear();
  }

  /** The catalogue as the decider sees it: what an import is planned against and an export is written from. */
  state(): CatalogueState {
    return this.catalogue;
  }

  /** No service was ever registered: incidents may then name any service. */
  isEmpty(): boolean {
    return this.catalogue.services.size === 0;
  }

  /**
   * Live services matching the filter, by slug, `first` after the cursor.
   * From an index that holds only matches, a page is a binary search and a
   * walk; otherwise one pass over the smallest index counts the matches and
   * takes the page together.
   */
  services(filter: ServiceFilter, first: number, after?: string): ServicePage {
    const { candidates, exact } = this.index.candidates(filter);
    const start = after === undefined ? undefined : decodeCursor(after);
    const page: string[] = [];
    let hasNextPage = false;
    let totalCount = candidates.size;
    if (exact) {
      for (const slug of candidates.after(start)) {
        if (page.length === first) {
          hasNextPage = true;
          break;
        }
        page.push(slug);
      }
    } else {
      const matches = this.index.matcher(filter, this.catalogue);
      const slugs = candidates.all();
      totalCount = 0;
      for (let index = 0; index < slugs.length; index++) {
        const slug = slugs[index];
        if (!matches(slug)) continue;
        totalCount++;
        if (start !== undefined && slug <= start) continue;
        if (page.length < first) page.push(slug);
        else hasNextPage = true;
      }
    }
    const services = page.map((slug) => this.catalogue.services.get(slug) as ServiceRecord);
    return { services, cursors: page.map(encodeCursor), hasNextPage, totalCount };
  }

  /** A service by slug, retired ones included. */
  service(slug: string): ServiceRecord | undefined {
    return this.catalogue.services.get(slug);
  }

  /** The live services that depend on `slug`, directly or through others: most critical first, then by slug. */
  dependents(slug: string): ServiceRecord[] {
    return this.blastRadius([slug]);
  }

  /**
   * The live services that depend, directly or through others, on any of
   * `slugs` (those excluded): most critical first. Kept until the next
   * change to a service: the catalogue changes rarely, and a page of
   * services asks for many closures, the same ones again and again.
   */
  blastRadius(slugs: readonly string[]): ServiceRecord[] {
    const key = [...new Set(slugs)].sort().join('\n');
    let closure = this.closures.get(key);
    if (!closure) {
      if (this.closures.size >= CLOSURES_KEPT) this.closures.clear();
      this.closures.set(key, (closure = this.closureOf(slugs)));
    }
    return closure;
  }

  private closureOf(slugs: readonly string[]): ServiceRecord[] {
    const start = new Set(slugs);
    const reached = new Set<string>();
    const queue = [...start];
    while (queue.length > 0) {
      for (const dependent of this.index.dependentsOf(queue.pop() as string)) {
        if (reached.has(dependent) || start.has(dependent)) continue;
        reached.add(dependent);
        queue.push(dependent);
      }
    }
    return [...reached].map((dependent) => this.catalogue.services.get(dependent) as ServiceRecord).sort(byTierThenSlug);
  }

  /** Live slugs close to `name` (by edit distance, or containing it), closest first: for "did you mean". */
  closestSlugs(name: string, count: number): string[] {
    const wanted = name.trim().toLowerCase();
    const limit = Math.max(2, Math.ceil(wanted.length / 3));
    const near: { slug: string; distance: number }[] = [];
    for (const slug of this.index.live.after()) {
      const distance = slug.includes(wanted) ? 0 : editDistance(wanted, slug, limit);
      if (distance <= limit) near.push({ slug, distance });
    }
    return near
      .sort((a, b) => a.distance - b.distance || (a.slug < b.slug ? -1 : 1))
      .slice(0, count)
      .map((entry) => entry.slug);
  }

  team(slug: string): TeamRecord | undefined {
    return this.catalogue.teams.get(slug);
  }

  /** By slug. */
  teams(): TeamRecord[] {
    return [...this.catalogue.teams.values()].sort((a, b) => (a.slug < b.slug ? -1 : 1));
  }

  person(name: string): PersonRecord | undefined {
    return this.catalogue.people.get(name);
  }

  /** By name. */
  people(): PersonRecord[] {
    return [...this.catalogue.people.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
  }
}

/** Indexes over the live services; retired ones leave every index. */
class ServiceIndex {
  readonly live = new SortedSlugs();
  private readonly byTier = new Map<string, SortedSlugs>();
  private readonly byTeam = new Map<string, SortedSlugs>();
  private readonly byTag = new Map<string, SortedSlugs>();
  /** Reverse dependencies: who depends on each slug. */
  private readonly dependents = new Map<string, Set<string>>();
  /** Slug, name and description in lower case, for `search`. */
  private readonly searchText = new Map<string, string>();

  replace(before: ServiceRecord | undefined, after: ServiceRecord | undefined): void {
    if (before && !before.retired) this.remove(before);
    if (after && !after.retired) this.add(after);
  }

  dependentsOf(slug: string): Iterable<string> {
    return this.dependents.get(slug) ?? [];
  }

  /**
   * The smallest index holding every match; `exact` when it holds only
   * matches, so the count is its size and nothing is checked one by one.
   */
  candidates(filter: ServiceFilter): { candidates: SortedSlugs; exact: boolean } {
    const chosen = [
      filter.tier === undefined ? undefined : (this.byTier.get(filter.tier) ?? EMPTY),
      filter.team === undefined ? undefined : (this.byTeam.get(filter.team) ?? EMPTY),
      filter.tag === undefined ? undefined : (this.byTag.get(filter.tag.trim().toLowerCase()) ?? EMPTY),
    ].filter((index): index is SortedSlugs => index !== undefined);
    const candidates = chosen.reduce((smallest, index) => (index.size < smallest.size ? index : smallest), this.live);
    return { candidates, exact: chosen.length <= 1 && !filter.search?.trim() };
  }

  /** Whether a slug matches the filter, with the filter's words normalised once, not once a slug. */
  matcher(filter: ServiceFilter, catalogue: CatalogueState): (slug: string) => boolean {
    const { tier, team } = filter;
    const tag = filter.tag?.trim().toLowerCase();
    const search = filter.search?.trim().toLowerCase();
    return (slug) => {
      if (search && !(this.searchText.get(slug) as string).includes(search)) return false;
      if (tier === undefined && team === undefined && tag === undefined) return true;
      const service = catalogue.services.get(slug) as ServiceRecord;
      return (tier === undefined || service.tier === tier) && (team === undefined || service.ownerTeam === team) && (tag === undefined || service.tags.includes(tag));
    };
  }

  private add(service: ServiceRecord): void {
    this.live.add(service.slug);
    slugsIn(this.byTier, service.tier).add(service.slug);
    slugsIn(this.byTeam, service.ownerTeam).add(service.slug);
    for (const tag of service.tags) slugsIn(this.byTag, tag).add(service.slug);
    for (const dependency of service.dependencies) {
      let dependents = this.dependents.get(dependency);
      if (!dependents) this.dependents.set(dependency, (dependents = new Set()));
      dependents.add(service.slug);
    }
    this.searchText.set(service.slug, [service.slug, service.name, service.description ?? ''].join('\n').toLowerCase());
  }

  private remove(service: ServiceRecord): void {
    this.live.delete(service.slug);
    this.byTier.get(service.tier)?.delete(service.slug);
    this.byTeam.get(service.ownerTeam)?.delete(service.slug);
    for (const tag of service.tags) this.byTag.get(tag)?.delete(service.slug);
    for (const dependency of service.dependencies) this.dependents.get(dependency)?.delete(service.slug);
    this.searchText.delete(service.slug);
  }
}

const EMPTY = new SortedSlugs();
/** How many blast radii are kept at most between changes (a page of services asks for one each). */
const CLOSURES_KEPT = 1_000;

/** The service an event is about, if it is about one: its indexes change with it. */
function serviceSlugOf(event: CatalogueEvent): string | undefined {
  switch (event.type) {
    case 'ServiceRegistered':
    case 'ServiceUpdated':
    case 'ServiceRetired':
      return event.data.slug;
    default:
      return undefined;
  }
}

function slugsIn(index: Map<string, SortedSlugs>, key: string): SortedSlugs {
  let slugs = index.get(key);
  if (!slugs) index.set(key, (slugs = new SortedSlugs()));
  return slugs;
}

function byTierThenSlug(a: ServiceRecord, b: ServiceRecord): number {
  return SERVICE_TIERS.indexOf(a.tier) - SERVICE_TIERS.indexOf(b.tier) || (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0);
}

function encodeCursor(slug: string): string {
  return Buffer.from(JSON.stringify([slug])).toString('base64url');
}

function decodeCursor(cursor: string): string {
  try {
    const decoded: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(decoded) && decoded.length === 1 && typeof decoded[0] === 'string') return decoded[0];
  } catch {
    // fall through
  }
  throw new InvalidCursorError();
}
