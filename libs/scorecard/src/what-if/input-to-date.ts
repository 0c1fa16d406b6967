import { formulaTerms, parseFormula } from '@bsc/formula';
import { isPeriodTotal, kpiAccumulation, type KpiDef } from '@bsc/twin';
import type { KpiBaseline } from './what-if.types';

export interface BaselineToDate {
  base: KpiBaseline;
  /** Whether values of the period's end stand in for some of those to date (a level without a path point). */
  standsIn: boolean;
}

/**
 * A KPI's baseline to date at `end` inside its period, as a KPI of a shorter period ending then reads it (a daily KPI
 * reading a monthly total gets the month to date at the day's end). Its value is its forecast path's point there; a
 * formula that is a single term is that value; a period total without one accrues evenly over the period (as a
 * driver's share of a total is read, see driverCoverage). Anything else is not known to date: the period end's value
 * stands in, and the reason says so. KPIs a formula reads are read to date in turn (see propagateExact).
 */
export function baselineToDate(
  def: KpiDef,
  base: KpiBaseline,
  end: number,
  kpiIds: ReadonlySet<string>,
): BaselineToDate {
  const { start } = base.period;
  const elapsed = (end - start) / (base.period.end - start);
  const point = base.path?.find((p) => p.time === end)?.expected;
  const cumulative = kpiAccumulation(def) === 'cumulative';
  let standsIn = false;
  const expected = point ?? (cumulative ? base.expected * elapsed : base.expected);
  if (point === undefined && !cumulative) standsIn = true;
  let terms = base.terms;
  if (def.formula && base.terms) {
    const ast = parseFormula(def.formula);
    const whole = formulaTerms(ast).length === 1 && (ast.kind === 'identifier' || ast.kind === 'window');
    const out = new Map(base.terms);
    for (const t of formulaTerms(ast)) {
      const value = base.terms.get(t.key);
      if (value === undefined || value === null) continue;
      const node = t.node;
      if (whole) out.set(t.key, expected);
      else if (node.kind === 'window' && node.window === 'period' && isPeriodTotal(node.fn))
        out.set(t.key, value * elapsed);
      else if (!(node.kind === 'identifier' && kpiIds.has(t.id))) standsIn = true;
    }
    terms = out;
  }
  return { base: { ...base, period: { key: base.period.key, start, end }, expected, terms }, standsIn };
}
