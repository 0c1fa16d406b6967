import type { Logger } from '@nestjs/common';
import type { KpiValue } from '@bsc/common';
import type { AnomalyEvent } from '@bsc/events';
import type { AnomalyRepository } from '@bsc/persistence';

/**
 * The KPI anomalies a starting evaluation must not tell twice. The first value of each KPI it judges may be one the
 * process before it judged already: held while no replica ran the evaluation (a takeover), or published again by
 * the KPI feed's start (a period whose revision the stop lost). What that value shows (a value outside its band, a
 * change point closed by it) is told only if it is not stored yet, by the key the table keeps an anomaly once by
 * (KPI, time, kind, signal): the same finding on the same value has the same key. Later values are new to everyone.
 * One indexed read per such anomaly, at most one judged value per KPI and start.
 */
export class UntoldAnomalies {
  private readonly judged = new Set<string>();
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly store: Pick<AnomalyRepository, 'list'> | null,
    private readonly logger: Pick<Logger, 'warn'>,
  ) {}

  /** A new evaluation: every KPI's next value is its first again. */
  reset(): void {
    this.judged.clear();
  }

  /**
   * What `found` on `value` may be told at once; those on a KPI's first judged value go to `tell` later, without
   * the ones already stored (all of them when the store cannot be read: told twice rather than never).
   */
  sort(value: KpiValue, found: readonly AnomalyEvent[], tell: (anomalies: AnomalyEvent[]) => void): AnomalyEvent[] {
    const first = !this.judged.has(value.kpiId);
    this.judged.add(value.kpiId);
    if (!first || found.length === 0 || !this.store) return [...found];
    const check = this.untold(this.store, found).then(tell);
    this.pending.add(check);
    void check.finally(() => this.pending.delete(check));
    return [];
  }

  /** Resolves once every check so far is done and told (tests, shutdown). */
  async whenIdle(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  private async untold(
    store: Pick<AnomalyRepository, 'list'>,
    found: readonly AnomalyEvent[],
  ): Promise<AnomalyEvent[]> {
    try {
      const stored = await Promise.all(
        found.map(async (a) => {
          // a KPI's own kinds sort before `signal` at one time: the first page holds them
          const rows = await store.list({ from: a.ts, to: a.ts + 1, kpiIds: [a.kpiId] });
          return rows.some((r) => r.kind === a.kind && r.signalId === a.signalId);
        }),
      );
      return found.filter((_, i) => !stored[i]);
    } catch (error) {
      this.logger.warn({ err: error }, 'stored anomalies not read: the first values judged tell theirs again');
      return [...found];
    }
  }
}
