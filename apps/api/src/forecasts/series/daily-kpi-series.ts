import type { SignalSample } from '@bsc/common';
import { FiscalCalendar, KpiEngine, type KpiEngineOptions } from '@bsc/kpi';
import { kpiAccumulation, type KpiDef, type TwinModel } from '@bsc/twin';
import { periodTermPlan } from './period-terms';

export const DAY_MS = 86_400_000;
/** Days a daily engine keeps per KPI: several years of history. */
export const DAILY_PERIODS_KEPT = 5_000;

/** One KPI's value per day, gap-free from its first to its last day with data. */
export interface DailySeries {
  /** Start of the first day (epoch ms, calendar time zone). */
  start: number;
  values: number[];
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
}

/**
 * KPIs evaluated per day: the same model with every KPI's reporting period set to a day. Reusing the KPI engine
 * keeps the daily values exactly as the formulas define them (no second implementation). The period aggregates of
 * formulas projected term by term (see periodTermPlan) get daily series of their own, keyed by the aggregate as
 * written ("sum(hr.leavers, period)").
 */
export function dailyKpiModel(model: TwinModel): DailyKpiModel {
  const terms = termKpis(model.kpis);
  const daily: TwinModel = {
    ...model,
    kpis: [...model.kpis, ...terms.keys()].map((k) => ({ ...k, period: 'day' as const })),
  };
  const series = new Map<string, { key: string; additive: boolean }>();
  for (const kpi of model.kpis) series.set(kpi.id, { key: kpi.id, additive: isAdditive(kpi) });
  for (const [kpi, key] of terms) series.set(kpi.id, { key, additive: isAdditive(kpi) });
  return { model: daily, series };
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
  for (const [id, { key, additive }] of daily.series) {
    const series = toDailySeries(engine.history(id), additive, calendar);
    if (series) out.set(key, series);
  }
  return out;
}

/** One hidden daily KPI per distinct period aggregate of a term plan, copied from the first KPI that uses it. */
function termKpis(kpis: readonly KpiDef[]): Map<KpiDef, string> {
  const byKey = new Map<string, KpiDef>();
  const byId = new Map(kpis.map((k) => [k.id, k]));
  for (const kpi of kpis) {
    for (const term of periodTermPlan(kpi, byId)?.terms ?? []) {
      // a KPI read has its own daily series
      if (term.kpi || byKey.has(term.key)) continue;
      const id = `${kpi.id}__term${byKey.size}`;
      byKey.set(term.key, {
        ...kpi,
        id,
        name: term.key,
        formula: term.formula,
        aggregation: term.aggregation,
        family: undefined,
      });
    }
  }
  return new Map([...byKey].map(([key, kpi]) => [kpi, key]));
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

function isValue(value: number | null): value is number {
  return value !== null && Number.isFinite(value);
}
