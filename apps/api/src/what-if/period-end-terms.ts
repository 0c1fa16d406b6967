import { evaluateFormula, formulaTerms, parseFormula, termContext } from '@bsc/formula';
import { isPeriodTotal, kpiAccumulation, type KpiDef } from '@bsc/twin';
import type { PeriodEndView } from '../forecasts/forecast-provider.port';

type Terms = ReadonlyMap<string, number | null>;

/**
 * A formula KPI's current-period terms at the period's end, where its forecast stands (a scenario's drivers count
 * against the whole period, not the part already past): the forecast's own term projections where it projected the
 * KPI term by term, as later periods are; else the terms to date, with the running total of a cumulative KPI scaled
 * by the KPI's expected over its to-date value (100 orders so far, 300 expected: 300). Levels stand as they are to
 * date, and so does everything without a forecast or with nothing accrued yet (no ratio to scale by).
 */
export function periodEndTerms(def: KpiDef, toDate: Terms, forecast: PeriodEndView | null): Terms {
  if (!forecast) return toDate;
  if (forecast.terms) return new Map([...toDate, ...Object.entries(forecast.terms)]);
  if (!def.formula || kpiAccumulation(def) !== 'cumulative') return toDate;
  const ast = parseFormula(def.formula);
  const soFar = evaluateFormula(ast, termContext(toDate));
  if (typeof soFar !== 'number' || !Number.isFinite(soFar) || soFar === 0) return toDate;
  const scale = forecast.expected / soFar;
  const out = new Map(toDate);
  for (const t of formulaTerms(ast)) {
    const value = toDate.get(t.key);
    if (t.node.kind === 'window' && t.node.window === 'period' && isPeriodTotal(t.node.fn) && value != null)
      out.set(t.key, value * scale);
  }
  return out;
}
