/**
 * Assembled scorecards by (unit, period, asOf bucket, knowledge time, model version). Live entries are dropped on
 * every kpi.updated / model change; time-travel entries describe the past and only expire by TTL and size.
 */
export class ScorecardCache<T> {
  private readonly entries = new Map<string, { value: T; expires: number; live: boolean }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 500,
  ) {}

  get(key: string, now = Date.now()): T | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expires <= now) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  set(key: string, value: T, live: boolean, now = Date.now()): void {
    if (this.ttlMs <= 0) return;
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(key, { value, expires: now + this.ttlMs, live });
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  /** Drops every live entry (new data changes "now", never the past as known then). */
  invalidateLive(): void {
    for (const [key, entry] of this.entries) if (entry.live) this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}
