import { ExpiringMap } from '@bsc/common';

/**
 * Assembled scorecards by (unit, period, asOf bucket, knowledge time, model version). Live entries are dropped on
 * every kpi.updated / model change; time-travel entries describe the past and only expire by TTL and size.
 */
export class ScorecardCache<T> {
  private readonly entries: ExpiringMap<string, { value: T; live: boolean }>;

  constructor(ttlMs: number, maxEntries = 500) {
    this.entries = new ExpiringMap(ttlMs, maxEntries);
  }

  get(key: string, now = Date.now()): T | undefined {
    return this.entries.get(key, now)?.value;
  }

  set(key: string, value: T, live: boolean, now = Date.now()): void {
    this.entries.set(key, { value, live }, now);
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  /** Drops every live entry (new data changes "now", never the past as known then). */
  invalidateLive(): void {
    this.entries.deleteWhere((entry) => entry.live);
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}
