import type { KpiValue } from '@bsc/common';

/** A stored KPI value with its provenance (same shape as persistence's KpiValueRevision). */
export interface KpiValueRevision extends KpiValue {
  revisionId: number;
  modelVersion: number;
  /** When the platform learned this value; "as known at T" selects on it. */
  recordedAt: number;
  enteredBy: string | null;
  comment: string | null;
}

export interface AppendRevisionsOptions {
  enteredBy?: string;
  comment?: string;
  keepRepeats?: boolean;
}

/** KPI values as an append-only revision log; persistence's KpiValueRepository satisfies it structurally. */
export interface KpiValueStore {
  appendRevisions(values: readonly KpiValue[], modelVersion: number, recordedAt?: number, options?: AppendRevisionsOptions): Promise<number>;
  /** Per (kpi, period) the newest revision recorded at or before knownAt (default: all). */
  asOf(kpiIds: readonly string[] | 'all', periodKeys: readonly string[] | 'all', knownAt?: number): Promise<KpiValueRevision[]>;
  /** One value per period starting in [from, to), oldest first. */
  history(kpiId: string, from: number, to: number, knownAt?: number): Promise<KpiValueRevision[]>;
  /** Every revision of one (kpi, period), oldest first. */
  revisions(kpiId: string, periodKey: string): Promise<KpiValueRevision[]>;
}

export const KPI_VALUE_STORE = Symbol('KPI_VALUE_STORE');

const pair = (kpiId: string, periodKey: string): string => `${kpiId}\u0000${periodKey}`;

/** For tests and the embedded profile until persistence is wired: same semantics as the repository. */
export class InMemoryKpiValueStore implements KpiValueStore {
  private readonly rows: KpiValueRevision[] = [];
  /** Counts read calls, so tests can assert batching (no N+1). */
  reads = 0;

  async appendRevisions(values: readonly KpiValue[], modelVersion: number, recordedAt = Date.now(), options: AppendRevisionsOptions = {}): Promise<number> {
    let stored = 0;
    for (const value of values) {
      const newest = this.newest([value.kpiId], [value.periodKey])[0];
      if (!options.keepRepeats && newest && newest.value === value.value && newest.asOf === value.asOf) continue;
      this.rows.push({
        ...value,
        quality: { ...value.quality },
        revisionId: this.rows.length + 1,
        modelVersion,
        recordedAt,
        enteredBy: options.enteredBy ?? null,
        comment: options.comment ?? null,
      });
      stored += 1;
    }
    return stored;
  }

  async asOf(kpiIds: readonly string[] | 'all', periodKeys: readonly string[] | 'all', knownAt?: number): Promise<KpiValueRevision[]> {
    this.reads += 1;
    return this.newest(kpiIds, periodKeys, knownAt);
  }

  async history(kpiId: string, from: number, to: number, knownAt?: number): Promise<KpiValueRevision[]> {
    this.reads += 1;
    return this.newest([kpiId], 'all', knownAt)
      .filter((r) => r.periodStart >= from && r.periodStart < to)
      .sort((a, b) => a.periodStart - b.periodStart);
  }

  async revisions(kpiId: string, periodKey: string): Promise<KpiValueRevision[]> {
    this.reads += 1;
    return this.rows.filter((r) => r.kpiId === kpiId && r.periodKey === periodKey).sort((a, b) => a.recordedAt - b.recordedAt || a.revisionId - b.revisionId);
  }

  private newest(kpiIds: readonly string[] | 'all', periodKeys: readonly string[] | 'all', knownAt?: number): KpiValueRevision[] {
    const ids = kpiIds === 'all' ? null : new Set(kpiIds);
    const keys = periodKeys === 'all' ? null : new Set(periodKeys);
    const best = new Map<string, KpiValueRevision>();
    for (const row of this.rows) {
      if ((ids && !ids.has(row.kpiId)) || (keys && !keys.has(row.periodKey))) continue;
      if (knownAt !== undefined && row.recordedAt > knownAt) continue;
      const key = pair(row.kpiId, row.periodKey);
      const known = best.get(key);
      if (!known || row.recordedAt > known.recordedAt || (row.recordedAt === known.recordedAt && row.revisionId > known.revisionId)) best.set(key, row);
    }
    return [...best.values()];
  }
}
