/**
 * An immutable map that shares structure between versions: `set` and
 * `delete` copy one bucket and the bucket table, not the whole map. A
 * decider's state that holds a whole collection (the catalogue's services,
 * teams and people; notification channels) uses it: a plain Map copied on
 * every event would make importing 5,000 services quadratic, and mutating it
 * in place would corrupt the state the executor caches whenever an append
 * loses a race (it keeps the state it decided on).
 */
const BUCKETS = 256;

export class PersistentMap<V> {
  private constructor(
    private readonly buckets: ReadonlyArray<ReadonlyMap<string, V> | undefined>,
    readonly size: number,
  ) {}

  static empty<V>(): PersistentMap<V> {
    return new PersistentMap<V>(new Array(BUCKETS).fill(undefined), 0);
  }

  static from<V>(entries: Iterable<readonly [string, V]>): PersistentMap<V> {
    const buckets: Map<string, V>[] = Array.from({ length: BUCKETS }, () => new Map());
    for (const [key, value] of entries) buckets[bucketOf(key)].set(key, value);
    return new PersistentMap<V>(buckets, buckets.reduce((sum, bucket) => sum + bucket.size, 0));
  }

  get(key: string): V | undefined {
    return this.buckets[bucketOf(key)]?.get(key);
  }

  has(key: string): boolean {
    return this.buckets[bucketOf(key)]?.has(key) ?? false;
  }

  set(key: string, value: V): PersistentMap<V> {
    const index = bucketOf(key);
    const bucket = new Map(this.buckets[index]);
    const added = bucket.has(key) ? 0 : 1;
    bucket.set(key, value);
    const buckets = [...this.buckets];
    buckets[index] = bucket;
    return new PersistentMap(buckets, this.size + added);
  }

  delete(key: string): PersistentMap<V> {
    const index = bucketOf(key);
    if (!this.buckets[index]?.has(key)) return this;
    const bucket = new Map(this.buckets[index]);
    bucket.delete(key);
    const buckets = [...this.buckets];
    buckets[index] = bucket;
    return new PersistentMap(buckets, this.size - 1);
  }

  *entries(): IterableIterator<[string, V]> {
    for (const bucket of this.buckets) if (bucket) yield* bucket.entries();
  }

  *values(): IterableIterator<V> {
    for (const bucket of this.buckets) if (bucket) yield* bucket.values();
  }
}

/** FNV-1a: cheap, and spreads slugs that share long prefixes. */
function bucketOf(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  return (hash >>> 0) % BUCKETS;
}
