import { FiscalCalendar, type FiscalPeriod } from '@bsc/kpi';
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

/** A bucket's part of one period: the time they share, all of it and the part covered when read. */
interface Share {
  period: FiscalPeriod;
  time: number;
  covered: number;
}

/** The buckets a period overlaps (a week straddling two months overlaps both), with the time it shares with each. */
function sharesOf(v: KpiValue, interval: ReportingPeriod, cal: FiscalCalendar, readAt: number): Share[] {
  const coveredEnd = Math.max(v.periodStart, Math.min(v.periodEnd, readAt));
  const shares: Share[] = [];
  for (let p = cal.periodOf(v.periodStart, interval); p.start < v.periodEnd; p = cal.nextPeriod(p)) {
    const from = Math.max(p.start, v.periodStart);
    shares.push({
      period: p,
      time: Math.min(p.end, v.periodEnd) - from,
      covered: Math.max(0, Math.min(p.end, coveredEnd) - from),
    });
  }
  return shares;
}

/**
 * Period values (oldest first) regrouped into coarser calendar buckets, combined as the KPI aggregates (see
 * `combine`). `readAt` is the instant the values are read as of (knownAt, else now): a running period counts the
 * time it covered until then. A period straddling two buckets (an ISO week across a month's end) is shared by the
 * time it has in each, as only its own value is stored: a total (`sum`, `count`, a `last` of one period total) in
 * proportion to the time it covered in each, an average weighing its value by that time; an extreme or a level's
 * last value cannot be shared and goes whole to the bucket holding most of the period.
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
  const additive = kpiAccumulation(def) === 'cumulative';
  const divisible = additive || def.aggregation === 'avg';
  const buckets = new Map<string, Bucket>();
  for (const v of values) {
    let shares = sharesOf(v, interval, cal, readAt);
    // the most time first wins a tie, so a period nested in one bucket keeps it
    if (!divisible) shares = [shares.reduce((most, s) => (s.time > most.time ? s : most))];
    const coveredTotal = shares.reduce((t, s) => t + s.covered, 0);
    const timeTotal = shares.reduce((t, s) => t + s.time, 0);
    for (const share of shares) {
      let bucket = buckets.get(share.period.key);
      if (!bucket) {
        bucket = { start: share.period.start, end: share.period.end, count: 0, values: [], covered: [] };
        buckets.set(share.period.key, bucket);
      }
      bucket.count += 1;
      if (v.value === null || !Number.isFinite(v.value)) continue;
      // a total not yet begun when read is shared by the time the period has in each
      const part = !additive ? 1 : coveredTotal > 0 ? share.covered / coveredTotal : share.time / timeTotal;
      bucket.values.push(v.value * part);
      bucket.covered.push(share.covered);
    }
  }
  return [...buckets.entries()]
    .sort(([, a], [, b]) => a.start - b.start)
    .map(([periodKey, b]) => ({
      periodKey,
      start: new Date(b.start),
      end: new Date(b.end),
      value: combine(b, def),
      count: b.count,
    }));
}
