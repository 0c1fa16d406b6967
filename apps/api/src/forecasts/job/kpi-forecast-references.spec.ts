import { FiscalCalendar } from '@bsc/kpi';
import type { DailySeries } from '../series/daily-kpi-series';
import { forecastKpi } from './kpi-forecast';
import { kpiDef, naiveForecaster } from './testing/kpi-forecast.builders';

const calendar = new FiscalCalendar({ fiscalYearStartMonth: 1, timezone: 'UTC', weekStart: 1 });
// 21 Nov 2026 12:00: Q4 (92 days from 1 Oct) has 51 complete days (1 Oct .. 20 Nov) and 41 remaining
const NOW = Date.UTC(2026, 10, 21, 12);
/** 81 complete days from 1 Sep (1 Sep .. 20 Nov) of `base`, the last `tail.length` replaced by `tail`. */
const days = (base: number, tail: number[] = []): DailySeries => ({
  start: Date.UTC(2026, 8, 1),
  values: [...Array<number>(81 - tail.length).fill(base), ...tail],
});

describe(`${forecastKpi.name} of a formula reading KPIs`, () => {
  const revenue = kpiDef({
    id: 'revenue',
    formula: 'sum(erp.order_value, period)',
    aggregation: 'sum',
    period: 'quarter',
  });
  const cogs = kpiDef({ id: 'cogs', formula: 'sum(erp.cogs, period)', aggregation: 'sum', period: 'quarter' });
  const margin = kpiDef({
    id: 'gross_margin',
    formula: 'safediv(revenue - cogs, revenue) * 100',
    period: 'quarter',
    target: 25,
  });
  const inputs = { kpis: new Map([revenue, cogs, margin].map((k) => [k.id, k])), counters: new Set<string>() };
  const series = new Map([
    ['revenue', days(100)],
    ['cogs', days(60, [80])],
    // the margin's own daily values: 20 % on 20 Nov, which a projection of the last day would repeat
    ['gross_margin', days(40, [20])],
  ]);

  it("is the margin of the quarter's projected revenue and cost, not the last day's margin", () => {
    const sut = forecastKpi(margin, series, { calendar, now: NOW, candidates: [naiveForecaster], inputs })!;

    // revenue 92 x 100 = 9200; cost 50 x 60 + 80 (20 Nov) + 41 x 80 (naive from 20 Nov) = 6360;
    // (9200 - 6360) / 9200 = 30.87 %, far above 25 % in every past window's outcome
    expect(sut.method).toBe('terms(naive, naive)');
    expect(sut.periodEnd!.expected).toBeCloseTo((2840 / 9200) * 100, 9);
    expect(sut.periodEnd!.probabilityOfMeetingTarget).toBeCloseTo(1, 9);
    // by the end of the 21st: revenue 5200, cost 3000 + 80 + 80 = 3160: 2040 / 5200
    expect(sut.points[0].mean).toBeCloseTo((2040 / 5200) * 100, 9);
    expect(sut.points[40].mean).toBeCloseTo((2840 / 9200) * 100, 9);
  });

  it("falls back to the KPI's own daily series when a KPI read has none", () => {
    const partial = new Map([...series].filter(([key]) => key !== 'cogs'));

    const sut = forecastKpi(margin, partial, { calendar, now: NOW, candidates: [naiveForecaster], inputs })!;

    // its own series' last day: 20 %, repeated (a KPI declared last over no period window)
    expect(sut.method).toBe('naive');
    expect(sut.periodEnd!.expected).toBe(20);
  });
});
