/**
 * A size-bounded map whose entries expire a fixed time after they are stored: the core of the API's in-process
 * caches. A TTL of zero or less stores nothing. Beyond `maxEntries` the oldest stored entry goes first (a Map keeps
 * insertion order, and storing a key again moves it to the end).
 */
export class ExpiringMap<K, V> {
  private readonly entries = new Map<K, { value: V; expires: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
  ) {}

  get(key: K, now = Date.now()): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expires > now) return entry.value;
    this.entries.delete(key);
    return undefined;
  }

  /** Stores `value` until the TTL has passed, or until `notAfter` when that comes first (a credential's expiry). */
  set(key: K, value: V, now = Date.now(), notAfter = Infinity): void {
    if (this.ttlMs <= 0) return;
    this.entries.delete(key);
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value as K);
    this.entries.set(key, { value, expires: Math.min(now + this.ttlMs, notAfter) });
  }

  delete(key: K): void {
    this.entries.delete(key);
  }

  /** Drops every entry whose value matches. */
  deleteWhere(matches: (value: V) => boolean): void {
    for (const [key, entry] of this.entries) if (matches(entry.value)) this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}
