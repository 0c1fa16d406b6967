import {
  FORECAST_LATER_PERIODS,
  MAX_LATER_PERIODS,
  type KpiForecastView,
  type LaterPeriodEndView,
} from '../forecast-provider.port';

/**
 * A forecast run of some KPIs at `now` projecting `later` periods after the current one, with the memos of the runs
 * before (see ForecastMemos: the periods beyond the job's cost nothing again while the series have no new day).
 */
export type LaterPeriodsRun = (
  now: number,
  kpiIds: readonly string[],
  later: number,
) => Promise<{ forecasts: KpiForecastView[] }>;

/** Runs kept at most: a few horizons of a few runs' times, until the next forecasts replace them. */
const MAX_KEPT_RUNS = 16;

/**
 * A scenario's later periods beyond those the forecast runs project (FORECAST_LATER_PERIODS): the same job run
 * again for the KPIs whose forecasts reached that far, at the time of their forecasts' run (so its days, methods
 * and first later periods are those of the cached forecasts), projecting `count` periods. Runs are kept until
 * `clear` (new forecasts), and a run asked for twice at once is run once.
 */
export class LaterPeriodsOnDemand {
  private readonly kept = new Map<string, Promise<Map<string, LaterPeriodEndView[]>>>();

  constructor(private readonly run: LaterPeriodsRun) {}

  async later(views: readonly KpiForecastView[], count: number): Promise<Map<string, LaterPeriodEndView[]>> {
    const n = Math.max(0, Math.min(count, MAX_LATER_PERIODS));
    const out = new Map(views.map((v) => [v.kpiId, (v.laterPeriods ?? []).slice(0, n)]));
    if (n <= FORECAST_LATER_PERIODS) return out;
    // a KPI whose forecast stopped before the job's last later period goes no further now
    const byRun = new Map<number, KpiForecastView[]>();
    for (const v of views)
      if ((v.laterPeriods?.length ?? 0) >= FORECAST_LATER_PERIODS)
        byRun.set(v.computedAt, [...(byRun.get(v.computedAt) ?? []), v]);
    for (const [now, group] of byRun) {
      const extended = await this.keptRun(now, group.map((v) => v.kpiId).sort(), n);
      for (const v of group) {
        const beyond = extended.get(v.kpiId)?.slice(FORECAST_LATER_PERIODS) ?? [];
        out.set(v.kpiId, [...out.get(v.kpiId)!, ...beyond]);
      }
    }
    return out;
  }

  clear(): void {
    this.kept.clear();
  }

  private keptRun(now: number, kpiIds: string[], n: number): Promise<Map<string, LaterPeriodEndView[]>> {
    const key = `${now}|${n}|${kpiIds.join(',')}`;
    const kept = this.kept.get(key);
    if (kept) return kept;
    if (this.kept.size >= MAX_KEPT_RUNS) this.kept.delete(this.kept.keys().next().value!);
    const made = this.run(now, kpiIds, n).then(
      ({ forecasts }) => new Map(forecasts.map((v) => [v.kpiId, v.laterPeriods ?? []])),
      (error: unknown) => {
        this.kept.delete(key);
        throw error;
      },
    );
    this.kept.set(key, made);
    return made;
  }
}
