import { FiscalCalendar } from '@bsc/kpi';
import { maxOf, minOf, type KpiValue } from '@bsc/common';
import { kpiAccumulation, type CalendarDef, type KpiDef, type ReportingPeriod } from '@bsc/twin';
import type { KpiHistoryPointType } from './dto/kpi.types';

interface Bucket {
  start: number;
  end: number;
  count: number;
  values: number[];
  /** Per value: the time of its period covered when read (its whole period once ended). */
  covered: number[];
}

/**
 * One bucket's value from its periods' values, oldest first, the way the KPI combines over time: totals (`sum`,
 * `count`, and `last` over one period total) add up; `avg` weighs each period by the time it covered, so a quarter
 * is the average over its 90 days, not over its three months; `min`/`max` keep the extreme; `last` of a level (a
 * snapshot, a ratio) takes the newest period's value, since the terms of a ratio are not stored.
 */
function combine(bucket: Bucket, def: KpiDef): number | null {
  const { values, covered } = bucket;
  if (values.length === 0) return null;
  if (def.aggregation === 'avg') {
    const time = covered.reduce((a, b) => a + b, 0);
    // periods not begun when read cover nothing: then each counts alike
    if (time === 0) return values.reduce((a, b) => a + b, 0) / values.length;
    return values.reduce((sum, v, i) => sum + v * covered[i], 0) / time;
  }
  if (def.aggregation === 'min') return minOf(values);
  if (def.aggregation === 'max') return maxOf(values);
  if (kpiAccumulation(def) === 'cumulative') return values.reduce((a, b) => a + b, 0);
  return values[values.length - 1];
}

/**
 * Period values (oldest first) regrouped into coarser calendar buckets, combined as the KPI aggregates (see
 * `combine`). `readAt` is the instant the values are read as of (knownAt, else now): a running period counts the
 * time it covered until then.
 */
export function bucketHistory(
  values: readonly KpiValue[],
  interval: ReportingPeriod | 'period',
  calendar: CalendarDef,
  def: KpiDef,
  readAt: number,
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
  const buckets = new Map<string, Bucket>();
  for (const v of values) {
    const period = cal.periodOf(v.periodStart, interval);
    let bucket = buckets.get(period.key);
    if (!bucket) {
      bucket = { start: period.start, end: period.end, count: 0, values: [], covered: [] };
      buckets.set(period.key, bucket);
    }
    bucket.count += 1;
    if (v.value === null || !Number.isFinite(v.value)) continue;
    bucket.values.push(v.value);
    bucket.covered.push(Math.max(0, Math.min(v.periodEnd, readAt) - v.periodStart));
  }
  return [...buckets.entries()].map(([periodKey, b]) => ({
    periodKey,
    start: new Date(b.start),
    end: new Date(b.end),
    value: combine(b, def),
    count: b.count,
  }));
}
