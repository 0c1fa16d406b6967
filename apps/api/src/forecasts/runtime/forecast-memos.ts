import { emptyForecastMemo, memoForKpis, nextForecastMemo, type ForecastMemo } from '../job/forecast-memo';

/** A forecast cycle (its memo is the one the next cycles reuse) or a scenario's later periods (LaterPeriodsOnDemand). */
export type ForecastRunKind = 'cycle' | 'later';

/**
 * The memos forecast runs hand each other, kept where the runs compute (inside the forecast worker, so they never
 * cross threads): the cycles' memo, and the later-period runs' own, which also read the cycles' entries.
 */
export class ForecastMemos {
  /** What the last cycles computed from the history: a cycle on the same day's history reuses it. */
  private cycles: ForecastMemo = emptyForecastMemo();
  /** What the later-period runs used: the periods beyond the job's cost nothing again while the series have no new day. */
  private later: ForecastMemo | undefined;

  /** The memo a run of `kpiIds` (every KPI when absent) is handed. */
  handed(kind: ForecastRunKind, kpiIds?: readonly string[]): ForecastMemo {
    if (kind === 'cycle') return kpiIds ? memoForKpis(this.cycles, kpiIds) : this.cycles;
    const cycles = memoForKpis(this.cycles, kpiIds ?? []);
    if (!this.later) return cycles;
    // both memos' entries of these KPIs: every key names all it depends on, so either one's entry is exact
    const later = memoForKpis(this.later, kpiIds ?? []);
    const union = <T>(x: Map<string, T>, y: Map<string, T>) => new Map([...y, ...x]);
    return {
      errors: union(cycles.errors, later.errors),
      choices: union(cycles.choices, later.choices),
      projections: union(cycles.projections, later.projections),
      fits: union(cycles.fits, later.fits),
      later: union(cycles.later, later.later),
      models: union(cycles.models, later.models),
      errorModels: union(cycles.errorModels, later.errorModels),
      owners: union(cycles.owners, later.owners),
      global: cycles.global ?? later.global,
    };
  }

  /** Keeps what a run of `kpiIds` used; `kpis`: the model's KPIs (the entries of KPIs gone from it drop). */
  keep(
    kind: ForecastRunKind,
    kpiIds: readonly string[] | undefined,
    used: ForecastMemo,
    kpis: readonly string[],
  ): void {
    if (kind === 'cycle') this.cycles = nextForecastMemo(this.cycles, used, kpiIds !== undefined, kpis);
    else this.later = nextForecastMemo(this.later ?? used, used, true);
  }
}
