import type { Logger } from '@nestjs/common';
import type { KpiValue } from '@bsc/common';
import type { AnomalyRepository, ForecastRepository, KpiValueRepository } from '@bsc/persistence';
import type { AlertEvaluator } from '@bsc/scorecard';
import type { TwinModel } from '@bsc/twin';
import type { AnomalyMonitors } from './anomaly-monitors';
import { KPI_HISTORY_PERIODS, type KpiPeriodValue } from './kpi-anomaly-monitor';
import type { KpiObservationTracker } from './kpi-observation-tracker';
import { resumeStoredExcursions } from './stored-excursions';
import { storedForecastBands } from './stored-forecast-bands';

/** Where a starting runtime reads back what its anomaly monitors knew (either may be absent: nothing is read). */
export interface StoredAnomalyState {
  forecasts: ForecastRepository | null;
  kpiValues: KpiValueRepository | null;
  /** What was told of the excursions outside the band still going on (see resumeStoredExcursions). */
  anomalies?: Pick<AnomalyRepository, 'list'> | null;
}

/** What a starting runtime reads the stored state into. */
export interface AnomalyStateTarget {
  monitors: AnomalyMonitors;
  tracker: KpiObservationTracker;
  evaluator: Pick<AlertEvaluator, 'seedWindows'>;
}

/**
 * What the KPI anomaly monitors knew was in the memory of the process that ran before (or of the replica that held
 * the evaluation): read it back before judging values. The forecast bands today's values are judged by, and per KPI
 * the values of its latest periods (the number each was closed with, one read for all KPIs), which the change-point
 * detector takes as it took them live; the newest of them is the KPI's latest state for the tracker, which an
 * input's anomaly is judged with until the KPI's next value, and all of them seed the rate-of-change windows. Then, for the KPIs whose latest value lies outside its
 * band, how far that excursion had gone. A failed read is logged and leaves that part to the next live events.
 */
export async function useStoredAnomalyState(
  { monitors, tracker, evaluator }: AnomalyStateTarget,
  stored: StoredAnomalyState,
  model: TwinModel,
  now: number,
  logger: Pick<Logger, 'warn'>,
): Promise<void> {
  const { forecasts, kpiValues } = stored;
  await Promise.all([
    forecasts &&
      storedForecastBands(forecasts, model, now).then(
        (bands) => monitors.useForecasts(bands),
        (error: unknown) =>
          logger.warn({ err: error }, 'stored forecasts not read: values are judged from the next forecast on'),
      ),
    kpiValues &&
      kpiValues
        .latestPeriods(
          model.kpis.map((k) => k.id),
          KPI_HISTORY_PERIODS,
        )
        .then(
          (values) => {
            monitors.useHistory(values);
            tracker.useStored(newestPerKpi(values), now);
            for (const [kpiId, seeds] of windowSeeds(values, now)) evaluator.seedWindows(kpiId, seeds);
          },
          (error: unknown) =>
            logger.warn({ err: error }, 'stored KPI values not read: change points are found from the next values on'),
        ),
  ]);
  const kpiIds = model.kpis.map((k) => k.id);
  await resumeStoredExcursions(monitors, stored.anomalies ?? null, kpiIds, logger);
}

/** The newest period's value of each KPI (its values come oldest first). */
function newestPerKpi<T extends KpiPeriodValue>(values: readonly T[]): T[] {
  return [...new Map(values.map((v) => [v.kpiId, v])).values()];
}

/**
 * Per KPI, its values as a rate-of-change window took them live: at the time they were judged (their computation,
 * no later than `now`: a feed's clock ahead of this one would put the window's next values out of order).
 */
function windowSeeds(values: readonly KpiValue[], now: number): Map<string, Array<{ at: number; value: number }>> {
  const seeds = new Map<string, Array<{ at: number; value: number }>>();
  for (const { kpiId, value, computedAt } of values) {
    if (value === null) continue;
    const at = Math.min(computedAt, now);
    const kpi = seeds.get(kpiId) ?? [];
    if (kpi.length === 0 || kpi[kpi.length - 1].at <= at) kpi.push({ at, value });
    seeds.set(kpiId, kpi);
  }
  return seeds;
}
