import { lowerBound, upperBound } from '@bsc/common';
import { analyzeFormula, compileFormula, parseFormula, type CompiledFormula } from '@bsc/formula';
import type { FiscalCalendar } from '@bsc/kpi';
import { isPeriodTotal, kpiAccumulation, type KpiDef } from '@bsc/twin';
import type { RawDailyValues } from './raw-daily-values';
import { periodTermKey, type FormulaInputs } from './period-terms';

/**
 * A running total made of a level's change over the period (`delta(erp.stock, period) * erp.price`) that is not
 * projected term by term. Its period value is the change to date at the newest price, which the sum of each day's
 * change at that day's price is not once the price moves; its days are evaluated again from the hidden daily series
 * named here, as the steps of its period-to-date value.
 */
export interface PeriodChangeKpi {
  /** The KPI's series key (its id). */
  key: string;
  period: KpiDef['period'];
  formula: CompiledFormula;
  /** The level whose change the formula reads. */
  level: string;
  /**
   * The keys of the daily series its change to date is made of: a gauge's last and first readings of each day (the
   * steps between days count), a counter's daily increase (it counts the step in from the reading before already).
   */
  change: { last: string; first: string } | { increase: string };
  /** The other period aggregates the formula reads (their keys, as written, and functions). */
  windows: { key: string; fn: string }[];
  /** The ids read as their latest value: each has a daily series under its id (a KPI's own, or a signal's). */
  latest: string[];
}

/** The keys of the hidden daily series a KPI's days are evaluated again from, in the order they are declared. */
export function periodChangeKeys(kpi: PeriodChangeKpi): string[] {
  const change = 'increase' in kpi.change ? [kpi.change.increase] : [kpi.change.last, kpi.change.first];
  return [...change, ...kpi.windows.map((w) => w.key)];
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
  const change = windows.find((w) => w.fn === 'delta' && w.window === 'period');
  if (!change) return null;
  return {
    key: kpi.id,
    period: kpi.period,
    formula: compileFormula(ast),
    level: change.id,
    change: inputs.counters.has(change.id)
      ? { increase: periodTermKey('delta', change.id) }
      : { last: periodTermKey('last', change.id), first: periodTermKey('first', change.id) },
    windows: windows.filter((w) => w !== change).map((w) => ({ key: periodTermKey(w.fn, w.id), fn: w.fn })),
    latest,
  };
}

/**
 * The KPI's daily values as the steps of its period-to-date value: each day's value is the formula evaluated with
 * the change to date, the other period aggregates to date and the latest values by the end of the day, less that of
 * the last day counted before it in the same period. A period's days to date then add up to its value to date, the
 * engine's: 20 of stock at 2 then 10 more at 2.5 is 20 x 2.5 = 50, not 20 + 25. A day without a value to date (a
 * latest value not read yet) counts nothing, and the next day counted takes its step in. Before the level's first
 * reading in the period a day keeps its own value (none, as a rule). An average the formula reads is taken as the
 * day's own (its count is not kept) and another gauge's change as its days' changes added up: approximations.
 */
export function periodChangeDays(
  kpi: PeriodChangeKpi,
  raw: (key: string) => RawDailyValues | undefined,
  calendar: FiscalCalendar,
): RawDailyValues | undefined {
  const own = raw(kpi.key);
  const series = periodChangeKeys(kpi).map(raw);
  if (!own || series.some((s) => s === undefined)) return own;
  const values: (number | null)[] = [];
  let period = { start: Infinity, end: -Infinity };
  let toDate = new PeriodToDate(kpi, raw);
  let counted = 0; // the value to date of the last day counted in the period
  for (let i = 0; i < own.days.length; i++) {
    const day = own.days[i];
    // days come in order: the calendar is asked once per period
    if (day < period.start || day >= period.end) {
      period = calendar.periodOf(day, kpi.period);
      [toDate, counted] = [new PeriodToDate(kpi, raw), 0];
    }
    const change = toDate.through(day);
    if (change === null) {
      values.push(own.values[i]);
      continue;
    }
    const value = evaluate(kpi, raw, day, change, toDate);
    values.push(value === null ? null : value - counted);
    if (value !== null) counted = value;
  }
  return { days: own.days, values };
}

/** The level's change and the other period aggregates from a period's first day to the day read, in day order. */
class PeriodToDate {
  private first: number | null = null;
  private last: number | null = null;
  private increase: number | null = null;
  readonly windows = new Map<string, number | null>();

  constructor(
    private readonly kpi: PeriodChangeKpi,
    private readonly raw: (key: string) => RawDailyValues | undefined,
  ) {}

  /** Takes in `day` and gives the level's change to date (null before its first reading in the period). */
  through(day: number): number | null {
    const at = (key: string) => valueOn(this.raw(key) as RawDailyValues, day);
    for (const { key, fn } of this.kpi.windows) this.windows.set(key, toDateOf(fn, this.windows.get(key), at(key)));
    const change = this.kpi.change;
    if ('increase' in change) {
      const inc = at(change.increase);
      if (inc !== null) this.increase = (this.increase ?? 0) + inc;
      return this.increase;
    }
    const [l, f] = [at(change.last), at(change.first)];
    if (l !== null && f !== null) [this.first, this.last] = [this.first ?? f, l];
    return this.first === null || this.last === null ? null : this.last - this.first;
  }
}

/** A period aggregate to date from its value before and the day's own (an average: the day's own). */
function toDateOf(fn: string, before: number | null | undefined, day: number | null): number | null {
  if (day === null) return before ?? null;
  if (before === null || before === undefined) return day;
  if (isPeriodTotal(fn)) return before + day;
  if (fn === 'first') return before;
  if (fn === 'min') return Math.min(before, day);
  if (fn === 'max') return Math.max(before, day);
  return day;
}

function evaluate(
  kpi: PeriodChangeKpi,
  raw: (key: string) => RawDailyValues | undefined,
  day: number,
  change: number,
  toDate: PeriodToDate,
): number | null {
  const value = kpi.formula({
    resolveWindow: (fn, id) => {
      if (fn === 'delta' && id === kpi.level) return change;
      return toDate.windows.get(periodTermKey(fn, id)) ?? null;
    },
    resolveLatest: (id) => {
      const series = raw(id);
      return series ? latestBy(series, day) : null;
    },
  });
  return isValue(value) ? value : null;
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
