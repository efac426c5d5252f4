/** Slugs kept in sorted order, so that a page starts with a binary search instead of a sort. */
export class SortedSlugs {
  private readonly slugs: string[] = [];

  get size(): number {
    return this.slugs.length;
  }

  add(slug: string): void {
    const index = this.lowerBound(slug);
    if (this.slugs[index] !== slug) this.slugs.splice(index, 0, slug);
  }

  delete(slug: string): void {
    const index = this.lowerBound(slug);
    if (this.slugs[index] === slug) this.slugs.splice(index, 1);
  }

  /** Every slug, in order: for a pass over all of them (no copy; not to be changed). */
  all(): readonly string[] {
    return this.slugs;
  }

  /** The slugs after `slug` (all of them without one), in order. */
  *after(slug?: string): IterableIterator<string> {
    let index = slug === undefined ? 0 : this.lowerBound(slug);
    if (slug !== undefined && this.slugs[index] === slug) index++;
    for (; index < this.slugs.length; index++) yield this.slugs[index];
  }

  private lowerBound(slug: string): number {
    let low = 0;
    let high = this.slugs.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.slugs[mid] < slug) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}
