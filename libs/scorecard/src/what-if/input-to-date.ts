import { formulaTerms, parseFormula, type FormulaTerm } from '@bsc/formula';
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
 * formula that is a single term is that value; a total of amounts (a sum, a count, a counter's increase) without one
 * accrues evenly over the period (as a driver's share of a total is read, see driverCoverage). Anything else (a
 * level, an average, a level's change over the period) is not known to date: the period end's value
 * stands in, and the reason says so. KPIs a formula reads are read to date in turn (see propagateExact).
 */
export function baselineToDate(
  def: KpiDef,
  base: KpiBaseline,
  end: number,
  kpiIds: ReadonlySet<string>,
  counters: ReadonlySet<string>,
): BaselineToDate {
  const { start } = base.period;
  const elapsed = (end - start) / (base.period.end - start);
  const point = base.path?.find((p) => p.time === end)?.expected;
  const ast = def.formula ? parseFormula(def.formula) : null;
  const read = ast ? formulaTerms(ast) : [];
  const isTotal = (t: FormulaTerm) =>
    t.node.kind === 'window' && t.node.window === 'period' && isPeriodTotal(t.node.fn);
  // a running total of amounts accrues evenly; one of a level's change follows the level, which only a path gives
  const accrues =
    kpiAccumulation(def) === 'cumulative' && read.filter(isTotal).every((t) => isAmount(t.node, counters));
  let standsIn = point === undefined && !accrues;
  const expected = point ?? (accrues ? base.expected * elapsed : base.expected);
  let terms = base.terms;
  if (ast && base.terms) {
    const whole = read.length === 1 && (ast.kind === 'identifier' || ast.kind === 'window');
    const out = new Map(base.terms);
    for (const t of read) {
      const value = base.terms.get(t.key);
      if (value === undefined || value === null) continue;
      const node = t.node;
      if (whole) out.set(t.key, expected);
      else if (isTotal(t) && isAmount(node, counters)) out.set(t.key, value * elapsed);
      else if (!(node.kind === 'identifier' && kpiIds.has(t.id))) standsIn = true;
    }
    terms = out;
  }
  return { base: { ...base, period: { key: base.period.key, start, end }, expected, terms }, standsIn };
}

// a sum, a count, a counter's increase: amounts that accrue; a level's change over the period follows its path instead
const isAmount = (node: FormulaTerm['node'], counters: ReadonlySet<string>): boolean =>
  node.kind === 'window' && (node.fn !== 'delta' || counters.has(node.id));
