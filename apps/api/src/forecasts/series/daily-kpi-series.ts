import type { SignalSample } from '@bsc/common';
import { FiscalCalendar, KpiEngine } from '@bsc/kpi';
import type { KpiDef, TwinModel } from '@bsc/twin';
import { periodTermPlan } from './period-terms';

export const DAY_MS = 86_400_000;

/** One KPI's value per day, gap-free from its first to its last day with data. */
export interface DailySeries {
  /** Start of the first day (epoch ms, calendar time zone). */
  start: number;
  values: number[];
}

/**
 * KPIs evaluated per day: the same model with every KPI's reporting period set to a day, fed the stored samples.
 * Reusing the KPI engine keeps the daily values exactly as the formulas define them (no second implementation).
 * The period aggregates of formulas projected term by term (see periodTermPlan) get daily series of their own,
 * keyed by the aggregate as written ("sum(hr.leavers, period)").
 */
export async function buildDailyKpiSeries(
  model: TwinModel,
  pages: AsyncIterable<readonly SignalSample[]>,
): Promise<Map<string, DailySeries>> {
  const terms = termKpis(model.kpis);
  const daily: TwinModel = {
    ...model,
    kpis: [...model.kpis, ...terms.keys()].map((k) => ({ ...k, period: 'day' as const })),
  };
  const engine = new KpiEngine(daily, { maxPeriodsPerType: 5_000 });
  for await (const page of pages) engine.replay(page);
  const calendar = new FiscalCalendar(model.calendar);
  const out = new Map<string, DailySeries>();
  for (const kpi of model.kpis) {
    const series = toDailySeries(kpi, engine, calendar);
    if (series) out.set(kpi.id, series);
  }
  for (const [kpi, key] of terms) {
    const series = toDailySeries(kpi, engine, calendar);
    if (series) out.set(key, series);
  }
  return out;
}

/** One hidden daily KPI per distinct term, copied from the first KPI that uses it. */
function termKpis(kpis: readonly KpiDef[]): Map<KpiDef, string> {
  const byKey = new Map<string, KpiDef>();
  for (const kpi of kpis) {
    for (const term of periodTermPlan(kpi)?.terms ?? []) {
      if (byKey.has(term.key)) continue;
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

/** Days without a value are filled: zero for additive KPIs (nothing happened), the last value otherwise. */
function toDailySeries(kpi: KpiDef, engine: KpiEngine, calendar: FiscalCalendar): DailySeries | null {
  const points = engine
    .history(kpi.id)
    .filter((v) => v.value !== null && Number.isFinite(v.value))
    .sort((a, b) => a.periodStart - b.periodStart);
  if (points.length === 0) return null;
  const additive = kpi.aggregation === 'sum' || kpi.aggregation === 'count';
  const values: number[] = [];
  let day = calendar.periodOf(points[0].periodStart, 'day');
  let last = points[0].value as number;
  for (const point of points) {
    while (day.start < point.periodStart) {
      values.push(additive ? 0 : last);
      day = calendar.nextPeriod(day);
    }
    last = point.value as number;
    values.push(last);
    day = calendar.nextPeriod(day);
  }
  return { start: points[0].periodStart, values };
}
