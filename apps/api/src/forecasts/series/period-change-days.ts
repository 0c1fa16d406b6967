import { lowerBound, upperBound } from '@bsc/common';
import { analyzeFormula, compileFormula, parseFormula, type CompiledFormula } from '@bsc/formula';
import type { FiscalCalendar } from '@bsc/kpi';
import { kpiAccumulation, type KpiDef } from '@bsc/twin';
import type { RawDailyValues } from './raw-daily-values';
import { periodTermKey, type FormulaInputs } from './period-terms';

/**
 * A running total made of a level's change over the period (`delta(erp.stock, period) * erp.price`: `delta` of
 * anything but a counter) that is not projected term by term. A day's own delta is its last reading minus its first,
 * so its days miss the steps between them; its days are evaluated again from the hidden daily series named here.
 */
export interface PeriodChangeKpi {
  /** The KPI's series key (its id). */
  key: string;
  period: KpiDef['period'];
  formula: CompiledFormula;
  /** The level whose change the formula reads, and the keys of its daily last and first readings. */
  level: string;
  last: string;
  first: string;
  /** The other period aggregates the formula reads (their keys, as written). */
  windows: string[];
  /** The ids read as their latest value: each has a daily series under its id (a KPI's own, or a signal's). */
  latest: string[];
}

/**
 * Of a KPI not projected term by term (see periodTermPlan): what its days are evaluated again from, or null when its
 * days already add up to its period value.
 */
export function periodChangeOf(kpi: KpiDef, inputs: FormulaInputs): PeriodChangeKpi | null {
  // a daily KPI's days are its periods
  if (!kpi.formula || kpi.period === 'day' || kpiAccumulation(kpi) !== 'cumulative') return null;
  let ast;
  try {
    ast = parseFormula(kpi.formula);
  } catch {
    return null; // the model was validated; an unparsable formula cannot reach here
  }
  const { windows, latest } = analyzeFormula(ast);
  // a counter's daily delta counts the step in from the reading before the day already
  const change = windows.find((w) => w.fn === 'delta' && w.window === 'period' && !inputs.counters.has(w.id));
  if (!change) return null;
  return {
    key: kpi.id,
    period: kpi.period,
    formula: compileFormula(ast),
    level: change.id,
    last: periodTermKey('last', change.id),
    first: periodTermKey('first', change.id),
    windows: windows.filter((w) => w !== change).map((w) => periodTermKey(w.fn, w.id)),
    latest,
  };
}

/**
 * The KPI's daily values with each day's change taken from the last reading of the last day counted before it in the
 * same period (the period's first reading when none was counted): a period's days to date add up to its change to
 * date. A day without a reading of the level keeps its own value (none, as a rule: it adds nothing); a day whose
 * value is none (a latest value not read yet) counts no change, which the next day counted takes in.
 */
export function periodChangeDays(
  kpi: PeriodChangeKpi,
  raw: (key: string) => RawDailyValues | undefined,
  calendar: FiscalCalendar,
): RawDailyValues | undefined {
  const [own, last, first] = [raw(kpi.key), raw(kpi.last), raw(kpi.first)];
  if (!own || !last || !first) return own;
  const values: (number | null)[] = [];
  let next = 0; // the next of the level's days not yet behind the one evaluated
  let period = { start: Infinity, end: -Infinity };
  let opening: number | null = null; // the period's first reading before the day evaluated
  let counted = -Infinity; // the last day counted, and its last reading
  let level = 0;
  for (let i = 0; i < own.days.length; i++) {
    const day = own.days[i];
    // days come in order: the calendar is asked once per period
    if (day < period.start || day >= period.end) [period, opening] = [calendar.periodOf(day, kpi.period), null];
    for (; next < last.days.length && last.days[next] < day; next++)
      if (opening === null && last.days[next] >= period.start) opening = valueOn(first, last.days[next]);
    const [l, f] = [valueOn(last, day), valueOn(first, day)];
    if (!isValue(own.values[i]) || l === null || f === null) {
      values.push(own.values[i]);
      continue;
    }
    const from = counted >= period.start ? level : (opening ?? f);
    // the same change as the day's own: its value as evaluated
    values.push(from === f ? own.values[i] : evaluate(kpi, raw, day, l - from));
    [counted, level] = [day, l];
  }
  return { days: own.days, values };
}

function evaluate(
  kpi: PeriodChangeKpi,
  raw: (key: string) => RawDailyValues | undefined,
  day: number,
  change: number,
): number | null {
  return kpi.formula({
    resolveWindow: (fn, id) => {
      if (fn === 'delta' && id === kpi.level) return change;
      const series = raw(periodTermKey(fn, id));
      return series ? valueOn(series, day) : null;
    },
    resolveLatest: (id) => {
      const series = raw(id);
      return series ? latestBy(series, day) : null;
    },
  });
}

/** The series' value on `day` (null: none that day). */
function valueOn(series: RawDailyValues, day: number): number | null {
  const i = lowerBound(series.days, day);
  const value = i < series.days.length && series.days[i] === day ? series.values[i] : null;
  return isValue(value) ? value : null;
}

/** The series' newest value by the end of `day`, as a latest value holds from one day to the next. */
function latestBy(series: RawDailyValues, day: number): number | null {
  for (let i = upperBound(series.days, day) - 1; i >= 0; i--) if (isValue(series.values[i])) return series.values[i];
  return null;
}

function isValue(value: number | null | undefined): value is number {
  return value !== null && value !== undefined && Number.isFinite(value);
}
