import type { KpiValue } from '@bsc/common';
import { attributionInputs } from '@bsc/scorecard';
import { kpiAccumulation, type KpiDef, type ReportingPeriod, type TwinModel } from '@bsc/twin';
import type { PastKpiValues } from '../scorecard/past-kpi-values.service';
import type { KpiHistoryPointType } from './dto/kpi.types';

/**
 * Whether a KPI's regrouped value is its formula evaluated over the interval: a level whose value is its newest
 * period's (a ratio, a snapshot) cannot be combined from its periods' values, as its terms are not stored (a
 * quarter's on-time rate is the quarter's on-time orders over its shipped ones, not its last month's rate). A manual
 * KPI in its lineage has values only for its own periods, so such a KPI keeps its newest period.
 */
export function evaluatedOverInterval(model: TwinModel, def: KpiDef): boolean {
  if (def.aggregation !== 'last' || !def.formula || kpiAccumulation(def) !== 'level') return false;
  const manual = new Set(model.kpis.filter((k) => k.manualEntry).map((k) => k.id));
  return attributionInputs(model, def.id).kpiIds.every((id) => !manual.has(id));
}

/**
 * The points with the KPI engine's value for each whole bucket: the model with the KPI's formula lineage reporting
 * per `interval`, fed the stored samples known at `readAt` (as the past scorecard recomputes a period). A bucket
 * keeps its regrouped value unless the same samples under the model as it is reproduce every stored period value
 * in it: samples removed by retention, a value corrected by hand or computed by another formula would otherwise
 * give a bucket that disagrees with its own periods.
 */
export async function historyOverInterval(
  past: PastKpiValues,
  model: TwinModel,
  def: KpiDef,
  interval: ReportingPeriod,
  stored: readonly KpiValue[],
  points: readonly KpiHistoryPointType[],
  readAt: number,
): Promise<KpiHistoryPointType[]> {
  if (points.length === 0) return [...points];
  const inputs = attributionInputs(model, def.id);
  const lineage = new Set(inputs.kpiIds);
  // a bare reference to an input KPI reads its period holding the end: over the interval it must be the interval's
  const overInterval: TwinModel = {
    ...model,
    kpis: model.kpis.map((k) => (lineage.has(k.id) ? { ...k, period: interval } : k)),
  };
  const from = Math.min(...points.map((p) => p.start.getTime()), ...stored.map((v) => v.periodStart));
  const options = { from, to: readAt + 1, knownAt: readAt, signalIds: inputs.signalIds };
  const [asStored, evaluated] = await Promise.all([past.engine(model, options), past.engine(overInterval, options)]);
  return points.map((p) => {
    const inBucket = stored.filter((v) => v.periodStart < p.end.getTime() && v.periodEnd > p.start.getTime());
    const reproduced = inBucket.every((v) => same(asStored.valueOf(def.id, v.periodKey)?.value ?? null, v.value));
    return reproduced ? { ...p, value: evaluated.valueOf(def.id, p.periodKey)?.value ?? null } : p;
  });
}

/** Equal but for the rounding of a recomputation. */
function same(a: number | null, b: number | null): boolean {
  if (a === null || b === null) return a === b;
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}
