import { analyzeFormula, compileFormula, parseFormula, type FormulaAst, type WindowFunction } from '@bsc/formula';
import type { PeriodAggregation } from '@bsc/forecasting';
import type { KpiDef, TwinModel } from '@bsc/twin';
import { projectionAggregation } from './projection-aggregation';

/** How each period aggregate of a formula adds up from its daily values. */
const TERM_AGGREGATION: Partial<Record<WindowFunction, PeriodAggregation>> = {
  sum: 'sum',
  count: 'sum',
  delta: 'sum',
  avg: 'avg',
  min: 'min',
  max: 'max',
};

/** One period aggregate of a KPI formula, e.g. `sum(hr.leavers, period)`, or a KPI it reads, e.g. `revenue`. */
export interface PeriodTerm {
  /** Key of the term's daily series: the aggregate as written ("sum(hr.leavers, period)"), or the KPI's id. */
  key: string;
  /** The term as a formula of its own (the daily series evaluates it per day). */
  formula: string;
  aggregation: PeriodAggregation;
  /** The term is a KPI the formula reads: its daily series is the KPI's own. */
  kpi?: boolean;
  /**
   * The term is a level's change over the period (`delta` of anything but a counter): its daily series is made of
   * day-over-day changes (see levelChangeSeries) from the daily series of these two aggregates.
   */
  change?: { last: string; first: string };
}

/** What a formula reads besides signals' samples: the model's KPIs, and which signals are counters. */
export interface FormulaInputs {
  kpis: ReadonlyMap<string, KpiDef>;
  counters: ReadonlySet<string>;
}

export function formulaInputsOf(model: TwinModel): FormulaInputs {
  return {
    kpis: new Map(model.kpis.map((k) => [k.id, k])),
    counters: new Set(model.signals.filter((s) => s.kind === 'counter').map((s) => s.id)),
  };
}

export interface PeriodTermPlan {
  terms: PeriodTerm[];
  /** The KPI's formula evaluated with each term replaced by the given period value (by term key). */
  evaluate(values: ReadonlyMap<string, number>): number | null;
}

export const periodTermKey = (fn: WindowFunction, id: string): string => `${fn}(${id}, period)`;

/**
 * A KPI whose formula combines two or more period aggregates and nothing else (a ratio of period sums, leavers
 * over average headcount, a product of period averages) is projected term by term: each aggregate is projected to
 * period end in its own terms and the formula is evaluated on the projections, so a ratio is the projected
 * numerator over the projected denominator, never an average of daily ratios. A KPI the formula reads (`revenue`
 * in `safediv(revenue - cogs, revenue)`) is read live at its value to date, which at the period's end is its own
 * period-end value when it has the same period: it is a term too, projected from its own daily series as it is
 * (see projectionAggregation), so a margin of two quarter totals is the margin of their projections, not the
 * last day's margin. A level's change (`delta` of anything but a counter) is a term even alone: its daily values
 * are day-over-day changes that add up to it (see levelChangeSeries), which the days' own deltas do not. Null for
 * any other formula (one reading signals' latest values, or KPIs of other periods).
 */
export function periodTermPlan(kpi: KpiDef, inputs?: FormulaInputs): PeriodTermPlan | null {
  const ast = parsed(kpi.formula);
  if (!ast) return null;
  const analysis = analyzeFormula(ast);
  const terms: PeriodTerm[] = [];
  for (const id of analysis.latest) {
    const read = inputs?.kpis.get(id);
    if (!read || read.id === kpi.id || read.period !== kpi.period) return null;
    terms.push({ key: id, formula: id, aggregation: projectionAggregation(read), kpi: true });
  }
  let changes = 0;
  for (const use of analysis.windows) {
    const aggregation = TERM_AGGREGATION[use.fn];
    if (use.window !== 'period' || !aggregation) return null;
    const key = periodTermKey(use.fn, use.id);
    // a counter's delta counts the step in from the reading before the day, as its days' deltas add up; anything
    // else's is last minus first inside the window, which days' own deltas miss the steps between (see change)
    const change =
      inputs && use.fn === 'delta' && !inputs.counters.has(use.id)
        ? { last: periodTermKey('last', use.id), first: periodTermKey('first', use.id) }
        : undefined;
    if (change) changes++;
    terms.push({ key, formula: key, aggregation, ...(change ? { change } : {}) });
  }
  // one period aggregate alone is projected from the KPI's own series, unless its days do not add up to it
  if (terms.length < 2 && changes === 0 && !terms.some((t) => t.kpi)) return null;
  const formula = compileFormula(ast);
  return {
    terms,
    evaluate: (values) =>
      formula({
        resolveLatest: (id) => values.get(id) ?? null,
        resolveWindow: (fn, id) => values.get(periodTermKey(fn, id)) ?? null,
      }),
  };
}

function parsed(formula: string | undefined): FormulaAst | null {
  if (!formula) return null;
  try {
    return parseFormula(formula);
  } catch {
    return null; // the model was validated; an unparsable formula cannot reach here
  }
}
