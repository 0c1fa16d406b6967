import {
  evaluateFormula,
  formulaTerms,
  parseFormula,
  termContext,
  type FormulaAst,
  type FormulaTerm,
} from '@bsc/formula';
import type { KpiBaseline } from '@bsc/scorecard';
import { isPeriodTotal, kpiAccumulation, type KpiDef, type TwinModel } from '@bsc/twin';
import type { PeriodEndView } from '../forecasts/forecast-provider.port';
import { periodTermKey } from '../forecasts/series/period-terms';

type Terms = ReadonlyMap<string, number | null>;

/**
 * A formula KPI's current-period terms at the period's end, where its forecast stands (a scenario's drivers count
 * against the whole period, not the part already past): the forecast's own term projections where it projected the
 * KPI term by term, as later periods are; else the terms to date, with the running total of a cumulative KPI set to
 * what makes the formula the forecast's expected value, the other terms as they stand (100 orders and a backlog of
 * 100 so far, 400 expected: 300 orders), also before anything has accrued (no order yet, 7500 expected at 25 an
 * order: 300). Where the formula is not linear in its total, the total is scaled by the KPI's expected over its
 * value to date, an approximation. Levels stand as they are to date, and so does everything without a forecast.
 */
export function periodEndTerms(def: KpiDef, toDate: Terms, forecast: PeriodEndView | null): Terms {
  if (!forecast) return toDate;
  if (forecast.terms) return new Map([...toDate, ...Object.entries(forecast.terms)]);
  if (!def.formula || kpiAccumulation(def) !== 'cumulative') return toDate;
  const ast = parseFormula(def.formula);
  const total = formulaTerms(ast).find(isRunningTotal);
  if (!total) return toDate;
  const at = (value: number | null) => {
    const v = evaluateFormula(ast, termContext(new Map([...toDate, [total.key, value]])));
    return typeof v === 'number' && Number.isFinite(v) ? v : null;
  };
  const value = toDate.get(total.key);
  // probed a total's size apart, so a large constant beside it does not swamp the slope
  const step = Math.max(1, Math.abs(value ?? 0));
  const [zero, one, two] = [at(0), at(step), at(2 * step)];
  if (zero !== null && one !== null && two !== null && one !== zero && isLinear(zero, one, two))
    return new Map(toDate).set(total.key, ((forecast.expected - zero) / (one - zero)) * step);
  const soFar = at(value ?? null);
  if (value == null || soFar === null || soFar === 0) return toDate;
  return new Map(toDate).set(total.key, value * (forecast.expected / soFar));
}

const isRunningTotal = (t: FormulaTerm): boolean =>
  t.node.kind === 'window' && t.node.window === 'period' && isPeriodTotal(t.node.fn);

/** f(0), f(s), f(2s) on a line, up to rounding. */
function isLinear(zero: number, one: number, two: number): boolean {
  const slope = one - zero;
  return Math.abs(two - one - slope) <= 1e-9 * Math.max(1, Math.abs(slope), Math.abs(zero));
}

/**
 * The first readings in the period a formula's terms count from where they read a level's change or rate over the
 * period (`delta`, `rate` of anything but a counter, whose increase counts from the reading before): a relative or
 * set driver moves the level at each end by its own size, so the what-if needs the level at the start, not only the
 * change (+10 % from mid-period on a stock going 1000 to 1290 is 1290 * 10 %).
 */
export function periodOpenings(terms: readonly FormulaTerm[], model: TwinModel): { id: string; first: FormulaAst }[] {
  const counters = new Set(model.signals.filter((s) => s.kind === 'counter').map((s) => s.id));
  const ids = new Set<string>();
  for (const { node } of terms)
    if (node.kind === 'window' && node.window === 'period' && (node.fn === 'delta' || node.fn === 'rate'))
      if (!counters.has(node.id)) ids.add(node.id);
  return [...ids].map((id) => ({ id, first: { kind: 'window', fn: 'first', id, window: 'period' } }));
}

/**
 * Each later period opens where the one before it closes: at its opening plus its change over it (its `delta`, or
 * its `rate` times the period), as its terms carry it (1000 opening November, +290 over it: December opens at 1290).
 * The step from one period's last reading to the next one's first is not in either change, a sampling interval's.
 */
export function carryOpenings(
  current: ReadonlyMap<string, KpiBaseline>,
  later: ReadonlyArray<ReadonlyMap<string, KpiBaseline>>,
): void {
  for (const [kpiId, first] of current) {
    let before = first;
    for (const period of later) {
      const next = period.get(kpiId);
      if (!next || !before.openings || !before.terms) break;
      next.openings = closings(before.openings, before.terms, before.period);
      before = next;
    }
  }
}

function closings(openings: Terms, terms: Terms, period: KpiBaseline['period']): Map<string, number | null> {
  const seconds = (period.end - period.start) / 1000;
  const out = new Map<string, number | null>();
  for (const [id, opening] of openings) {
    const delta = terms.get(periodTermKey('delta', id));
    const rate = terms.get(periodTermKey('rate', id));
    const change = delta ?? (rate == null ? null : rate * seconds);
    out.set(id, opening == null || change == null ? null : opening + change);
  }
  return out;
}
