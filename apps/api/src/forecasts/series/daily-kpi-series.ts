import type { SignalSample } from '@bsc/common';
import { FiscalCalendar, KpiEngine, type KpiEngineOptions } from '@bsc/kpi';
import { kpiAccumulation, type KpiDef, type TwinModel } from '@bsc/twin';
import { periodChangeDays, periodChangeKeys, periodChangeOf, type PeriodChangeKpi } from './period-change-days';
import { formulaInputsOf, periodTermPlan } from './period-terms';
import type { RawDailyValues } from './raw-daily-values';

export const DAY_MS = 86_400_000;
/** Days a daily engine keeps per KPI: several years of history. */
export const DAILY_PERIODS_KEPT = 5_000;

/** One KPI's value per day, gap-free from its first to its last day with data. */
export interface DailySeries {
  /** Start of the first day (epoch ms, calendar time zone). */
  start: number;
  values: number[];
  /** Of a level's daily changes: each day's step in from the reading before it (see levelChangeSeries). */
  stepsIn?: number[];
}

/** One day's value as evaluated (null: the day had none). */
export interface DailyPoint {
  periodStart: number;
  value: number | null;
}

/** The model whose KPIs are evaluated per day, and which series each daily KPI feeds. */
export interface DailyKpiModel {
  model: TwinModel;
  /** Daily KPI id → the series key (the KPI's id, or a term's aggregate as written) and how gaps fill. */
  series: Map<string, { key: string; additive: boolean }>;
  /** Series key of a level's change term → the keys of the daily series it is made of (see levelChangeSeries). */
  changes: Map<string, { last: string; first: string }>;
  /** Running totals made of a level's change, their days evaluated again from hidden series (see periodChangeDays). */
  periodChanges: PeriodChangeKpi[];
}

/**
 * KPIs evaluated per day: the same model with every KPI's reporting period set to a day. Reusing the KPI engine
 * keeps the daily values exactly as the formulas define them (no second implementation). The period aggregates of
 * formulas projected term by term (see periodTermPlan) get daily series of their own, keyed by the aggregate as
 * written ("sum(hr.leavers, period)").
 */
export function dailyKpiModel(model: TwinModel): DailyKpiModel {
  const { terms, changes, periodChanges } = termKpis(model);
  const daily: TwinModel = {
    ...model,
    kpis: [...model.kpis, ...terms.keys()].map((k) => ({ ...k, period: 'day' as const })),
  };
  const series = new Map<string, { key: string; additive: boolean }>();
  for (const kpi of model.kpis) series.set(kpi.id, { key: kpi.id, additive: isAdditive(kpi) });
  for (const [kpi, key] of terms) series.set(kpi.id, { key, additive: isAdditive(kpi) });
  return { model: daily, series, changes, periodChanges };
}

/** Every KPI's daily series from all the samples given (the reference the stored daily values are held to). */
export async function buildDailyKpiSeries(
  model: TwinModel,
  pages: AsyncIterable<readonly SignalSample[]>,
  options?: KpiEngineOptions,
): Promise<Map<string, DailySeries>> {
  const daily = dailyKpiModel(model);
  const engine = new KpiEngine(daily.model, { maxPeriodsPerType: DAILY_PERIODS_KEPT, ...options });
  for await (const page of pages) engine.replay(page);
  const calendar = new FiscalCalendar(model.calendar);
  const out = new Map<string, DailySeries>();
  const raw = new Map<string, RawDailyValues>();
  for (const [id, { key, additive }] of daily.series) {
    const points = [...engine.history(id)].sort((a, b) => a.periodStart - b.periodStart);
    const days = { days: points.map((p) => p.periodStart), values: points.map((p) => p.value) };
    raw.set(key, days);
    const series = dailySeriesInOrder(days.days, days.values, additive, calendar);
    if (series) out.set(key, series);
  }
  addLevelChanges(out, daily, (key) => raw.get(key), calendar);
  return out;
}

/**
 * The change series of levels' change terms, from the raw daily values of their last and first readings, and the
 * series of running totals made of a level's change, evaluated again from their hidden series.
 */
export function addLevelChanges(
  out: Map<string, DailySeries>,
  daily: Pick<DailyKpiModel, 'changes' | 'periodChanges'>,
  raw: (key: string) => RawDailyValues | undefined,
  calendar: FiscalCalendar,
): void {
  for (const [key, { last, first }] of daily.changes) {
    const [l, f] = [raw(last), raw(first)];
    const series = l && f && levelChangeSeries(l, f, calendar);
    if (series) out.set(key, series);
  }
  for (const kpi of daily.periodChanges) {
    const days = periodChangeDays(kpi, raw, calendar);
    const series = days && dailySeriesInOrder(days.days, days.values, true, calendar);
    if (series) out.set(kpi.key, series);
  }
}

/**
 * One hidden daily KPI per distinct period aggregate of a term plan, copied from the first KPI that uses it; a
 * level's change is made of two: its daily last and first readings.
 */
function termKpis(model: TwinModel): Pick<DailyKpiModel, 'changes' | 'periodChanges'> & { terms: Map<KpiDef, string> } {
  const byKey = new Map<string, KpiDef>();
  const changes: DailyKpiModel['changes'] = new Map();
  const periodChanges: PeriodChangeKpi[] = [];
  const inputs = formulaInputsOf(model);
  const add = (kpi: KpiDef, key: string, aggregation: KpiDef['aggregation']) => {
    if (byKey.has(key)) return;
    const id = `${kpi.id}__term${byKey.size}`;
    byKey.set(key, { ...kpi, id, name: key, formula: key, aggregation, family: undefined });
  };
  for (const kpi of model.kpis) {
    const plan = periodTermPlan(kpi, inputs);
    const periodChange = plan ? null : periodChangeOf(kpi, inputs);
    if (periodChange) {
      periodChanges.push(periodChange);
      for (const key of periodChangeKeys(periodChange)) add(kpi, key, 'last');
      // a KPI read has its own daily series
      for (const id of periodChange.latest) if (!inputs.kpis.has(id)) add(kpi, id, 'last');
    }
    for (const term of plan?.terms ?? []) {
      // a KPI read has its own daily series
      if (term.kpi) continue;
      if (!term.change) add(kpi, term.key, term.aggregation);
      else {
        changes.set(term.key, term.change);
        add(kpi, term.change.last, 'last');
        add(kpi, term.change.first, 'last');
      }
    }
  }
  return { terms: new Map([...byKey].map(([key, kpi]) => [kpi, key])), changes, periodChanges };
}

// read from the formula as the projection reads it: a KPI declared `last` over one period total is a running total
// too, and a day without samples added nothing to it
function isAdditive(kpi: KpiDef): boolean {
  return kpiAccumulation(kpi) === 'cumulative';
}

/** Days without a value are filled: zero for running totals (nothing happened), the last value otherwise. */
export function toDailySeries(
  evaluated: readonly DailyPoint[],
  additive: boolean,
  calendar: FiscalCalendar,
): DailySeries | null {
  const points = [...evaluated].sort((a, b) => a.periodStart - b.periodStart);
  return dailySeriesInOrder(
    points.map((p) => p.periodStart),
    points.map((p) => p.value),
    additive,
    calendar,
  );
}

/**
 * As toDailySeries, from days already in order and their values (any not finite: the day had none). The days are
 * the calendar's day starts: one that follows the last within a day and a half (a day is 23 to 25 hours long) is
 * the next day, so the calendar is walked only across gaps (about a microsecond a day in a time zone with DST).
 */
export function dailySeriesInOrder(
  days: readonly number[],
  dayValues: readonly (number | null)[],
  additive: boolean,
  calendar: FiscalCalendar,
): DailySeries | null {
  let i = 0;
  while (i < days.length && !isValue(dayValues[i])) i++;
  if (i === days.length) return null;
  const start = days[i];
  const values: number[] = [];
  let previous = start;
  let last = dayValues[i] as number;
  values.push(last);
  for (i++; i < days.length; i++) {
    const value = dayValues[i];
    if (!isValue(value)) continue;
    if (days[i] - previous >= NEXT_DAY_WITHIN_MS) {
      let day = calendar.nextPeriod(calendar.periodOf(previous, 'day'));
      while (day.start < days[i]) {
        values.push(additive ? 0 : last);
        day = calendar.nextPeriod(day);
      }
    }
    last = value;
    values.push(last);
    previous = days[i];
  }
  return { start, values };
}

const NEXT_DAY_WITHIN_MS = 1.5 * DAY_MS;

/**
 * The daily series of a level's change (`delta` of a gauge, an amount, an event or a KPI: the last reading in the
 * window minus the first one in it) from each day's last and first readings. A day's value is its last reading
 * minus the last one before it, so the steps between days count and a period's days add up to its change; a day
 * without readings changes nothing. Only the step into the period's first day with a reading comes from before the
 * period: `stepsIn` keeps it per day (NaN: no reading that day), for the period's value to date to leave it out.
 */
export function levelChangeSeries(
  last: RawDailyValues,
  first: RawDailyValues,
  calendar: FiscalCalendar,
): DailySeries | null {
  const levels = dailySeriesInOrder(last.days, last.values, false, calendar);
  // zero on days without a reading, and a 1 marking those with one
  const firsts = dailySeriesInOrder(first.days, first.values, true, calendar);
  const read = dailySeriesInOrder(
    first.days,
    first.values.map((v) => (v !== null && Number.isFinite(v) ? 1 : null)),
    true,
    calendar,
  );
  if (!levels || !firsts || !read || firsts.start !== levels.start || firsts.values.length !== levels.values.length)
    return null;
  const l = levels.values;
  const values = [l[0] - firsts.values[0]];
  const stepsIn = [0]; // nothing read before the first day
  for (let i = 1; i < l.length; i++) {
    values.push(l[i] - l[i - 1]);
    stepsIn.push(read.values[i] === 1 ? firsts.values[i] - l[i - 1] : Number.NaN);
  }
  return { start: levels.start, values, stepsIn };
}

function isValue(value: number | null): value is number {
  return value !== null && Number.isFinite(value);
}
