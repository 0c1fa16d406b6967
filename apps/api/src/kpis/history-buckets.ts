import { FiscalCalendar } from '@bsc/kpi';
import { maxOf, minOf, type KpiValue } from '@bsc/common';
import type { CalendarDef, KpiAggregation, ReportingPeriod } from '@bsc/twin';
import type { KpiHistoryPointType } from './dto/kpi.types';

function combine(values: number[], aggregation: KpiAggregation): number | null {
  if (values.length === 0) return null;
  switch (aggregation) {
    case 'sum':
    case 'count':
      return values.reduce((a, b) => a + b, 0);
    case 'min':
      return minOf(values);
    case 'max':
      return maxOf(values);
    case 'last':
      return values[values.length - 1];
    case 'avg':
      return values.reduce((a, b) => a + b, 0) / values.length;
  }
}

/** Period values (oldest first) regrouped into coarser calendar buckets, combined the way the KPI aggregates. */
export function bucketHistory(
  values: readonly KpiValue[],
  interval: ReportingPeriod | 'period',
  calendar: CalendarDef,
  aggregation: KpiAggregation,
): KpiHistoryPointType[] {
  if (interval === 'period') {
    return values.map((v) => ({
      periodKey: v.periodKey,
      start: new Date(v.periodStart),
      end: new Date(v.periodEnd),
      value: v.value,
      count: 1,
    }));
  }
  const cal = new FiscalCalendar(calendar);
  const buckets = new Map<string, { start: number; end: number; values: number[]; count: number }>();
  for (const v of values) {
    const period = cal.periodOf(v.periodStart, interval);
    let bucket = buckets.get(period.key);
    if (!bucket) buckets.set(period.key, (bucket = { start: period.start, end: period.end, values: [], count: 0 }));
    bucket.count += 1;
    if (v.value !== null && Number.isFinite(v.value)) bucket.values.push(v.value);
  }
  return [...buckets.entries()].map(([periodKey, b]) => ({
    periodKey,
    start: new Date(b.start),
    end: new Date(b.end),
    value: combine(b.values, aggregation),
    count: b.count,
  }));
}
