import { durationMs } from '@bsc/common';
import { estimateLink } from '@bsc/forecasting';
import type { KpiDef, TwinModel } from '@bsc/twin';
import type { LinkEstimateView } from '../forecast-provider.port';
import { DAY_MS, type DailySeries } from '../series/daily-kpi-series';

const MIN_MAX_LAG_DAYS = 7;
const MAX_MAX_LAG_DAYS = 60;

/**
 * Tests every cause→effect link of the strategy map on the data. An objective's daily series is the weighted mean of
 * its KPIs' standardised daily series, turned so that up is always better (lower-is-better KPIs are negated), so a
 * positive link means "doing better on the cause goes with doing better on the effect, that many days later".
 */
export function estimateObjectiveLinks(
  model: TwinModel,
  series: ReadonlyMap<string, DailySeries>,
  now: number,
): LinkEstimateView[] {
  const kpis = new Map(model.kpis.map((k) => [k.id, k]));
  const objectiveSeries = new Map<string, DailySeries>();
  const scales = new Map<string, number>();
  for (const [kpiId, data] of series) scales.set(kpiId, standardDeviation(data.values));
  for (const objective of model.objectives) {
    const parts = objective.kpis
      .map((ref) => ({ def: kpis.get(ref.kpi), weight: ref.weight, data: series.get(ref.kpi) }))
      .filter(
        (p): p is { def: KpiDef; weight: number; data: DailySeries } => p.def !== undefined && p.data !== undefined,
      );
    const combined = weightedMean(parts.map((p) => ({ weight: p.weight, data: orient(standardise(p.data), p.def) })));
    if (combined) objectiveSeries.set(objective.id, combined);
  }

  return model.links.map((link) => {
    const lagDays = durationMs(link.lag) / DAY_MS;
    const cause = objectiveSeries.get(link.from);
    const effect = objectiveSeries.get(link.to);
    const base = { from: link.from, to: link.to, computedAt: now };
    if (!cause || !effect) return { ...base, ...empty(), note: 'no KPI history for one of the objectives' };
    const [x, y] = overlap(cause, effect);
    const maxLag = Math.round(Math.min(MAX_MAX_LAG_DAYS, Math.max(MIN_MAX_LAG_DAYS, 2 * lagDays)));
    const estimate = estimateLink({ cause: x, effect: y, maxLag, polarity: link.polarity });
    return {
      ...base,
      measuredLagSteps: estimate.lag,
      measuredLagMs: estimate.lag === null ? null : estimate.lag * DAY_MS,
      strength: estimate.strength,
      pValue: estimate.pValue,
      significant: estimate.significant,
      points: estimate.points,
      slope: estimate.slope,
      slopeStdError: estimate.slopeStdError,
      kpiScales: scalesOf(model, [link.from, link.to], scales),
      note:
        estimate.note ??
        (estimate.significant
          ? estimate.supportsHypothesis
            ? 'supported by the data'
            : 'significant, but with the opposite sign'
          : 'not significant'),
    };
  });
}

function empty(): Omit<LinkEstimateView, 'from' | 'to' | 'computedAt'> {
  return { measuredLagSteps: null, measuredLagMs: null, strength: null, pValue: null, significant: false, points: 0 };
}

function standardDeviation(values: readonly number[]): number {
  const n = values.length;
  const mean = values.reduce((a, v) => a + v, 0) / n;
  return Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / Math.max(1, n - 1)) || 1;
}

function standardise(s: DailySeries): DailySeries {
  const mean = s.values.reduce((a, v) => a + v, 0) / s.values.length;
  const sd = standardDeviation(s.values);
  return { start: s.start, values: s.values.map((v) => (v - mean) / sd) };
}

function scalesOf(
  model: TwinModel,
  objectiveIds: string[],
  scales: ReadonlyMap<string, number>,
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const objective of model.objectives.filter((o) => objectiveIds.includes(o.id))) {
    for (const { kpi } of objective.kpis) {
      const scale = scales.get(kpi);
      if (scale !== undefined) out[kpi] = scale;
    }
  }
  return out;
}

function orient(s: DailySeries, def: KpiDef): DailySeries {
  if (def.direction === 'lower_is_better') return { start: s.start, values: s.values.map((v) => -v) };
  // Band KPIs: closer to the middle of the (standardised) range is better.
  if (def.direction === 'band') return { start: s.start, values: s.values.map((v) => -Math.abs(v)) };
  return s;
}

/** Weighted mean over the days every part covers. */
function weightedMean(parts: ReadonlyArray<{ weight: number; data: DailySeries }>): DailySeries | null {
  if (parts.length === 0) return null;
  const start = Math.max(...parts.map((p) => p.data.start));
  const end = Math.min(...parts.map((p) => p.data.start + p.data.values.length * DAY_MS));
  const days = Math.round((end - start) / DAY_MS);
  if (days <= 0) return null;
  const total = parts.reduce((s, p) => s + p.weight, 0) || 1;
  const values = Array.from(
    { length: days },
    (_, d) =>
      parts.reduce((s, p) => s + p.weight * p.data.values[Math.round((start - p.data.start) / DAY_MS) + d], 0) / total,
  );
  return { start, values };
}

function overlap(a: DailySeries, b: DailySeries): [number[], number[]] {
  const start = Math.max(a.start, b.start);
  const end = Math.min(a.start + a.values.length * DAY_MS, b.start + b.values.length * DAY_MS);
  const days = Math.max(0, Math.round((end - start) / DAY_MS));
  const slice = (s: DailySeries): number[] => {
    const offset = Math.round((start - s.start) / DAY_MS);
    return s.values.slice(offset, offset + days);
  };
  return [slice(a), slice(b)];
}
