import { BscError, BscErrorCode, type KpiValue } from '@bsc/common';
import { carriedReachMs } from '../aggregation/window-accumulator';
import type { FiscalCalendar } from '../calendar/fiscal-calendar';
import type { KpiPlan, SignalInput } from './kpi-plan';

/** A manual value for one of a KPI's periods, checked against the KPI's period type, manualEntry and range. */
export function manualValueOf(
  plan: KpiPlan,
  calendar: FiscalCalendar,
  entry: { periodKey: string; value: number; at: number; computedAt: number },
): KpiValue {
  const { periodKey, value } = entry;
  const period = calendar.tryParsePeriodKey(periodKey);
  if (!period || period.type !== plan.period) {
    throw new BscError(
      BscErrorCode.BadInput,
      `'${periodKey}' is not a ${plan.period} period key for KPI '${plan.id}'`,
      'periodKey',
    );
  }
  if (!plan.def.manualEntry)
    throw new BscError(BscErrorCode.BadInput, `KPI '${plan.id}' does not accept manual values`, 'kpiId');
  const range = plan.def.range;
  if (
    !Number.isFinite(value) ||
    (range?.min !== undefined && value < range.min) ||
    (range?.max !== undefined && value > range.max)
  ) {
    throw new BscError(BscErrorCode.BadInput, `value ${value} is outside the valid range of KPI '${plan.id}'`, 'value');
  }
  return {
    kpiId: plan.id,
    periodKey: period.key,
    periodStart: period.start,
    periodEnd: period.end,
    value,
    asOf: entry.at,
    computedAt: entry.computedAt,
    quality: { coverage: 1, stale: false, quality: 'good' },
    origin: 'manual',
  };
}

/** Every stored value of a KPI, oldest period first; a manual value replaces the computed one of its period. */
export function historyOf(plan: KpiPlan): KpiValue[] {
  const byKey = new Map(plan.computed);
  for (const [key, value] of plan.manual) byKey.set(key, value);
  return [...byKey.values()].sort((a, b) => a.periodStart - b.periodStart);
}

/** Per KPI: the value of the period containing the watermark, else its most recent earlier value. */
export function currentValuesOf(plans: readonly KpiPlan[], watermark: number): KpiValue[] {
  const out: KpiValue[] = [];
  for (const plan of plans) {
    let best: KpiValue | undefined;
    for (const map of [plan.computed, plan.manual]) {
      for (const v of map.values()) {
        if (watermark !== -Infinity && v.periodStart > watermark) continue;
        if (!best || v.periodStart > best.periodStart || (v.periodStart === best.periodStart && v.origin === 'manual'))
          best = v;
      }
    }
    if (best) out.push(best);
  }
  return out;
}

/**
 * For a checkpoint cut at `cut`: per signal and period type, the start of the oldest period whose summary must be
 * kept (the earliest floor of the KPIs of that period type reading the signal, and never after the cut).
 */
export function summariesKeptFrom(
  plans: readonly KpiPlan[],
  floors: ReadonlyMap<string, number>,
  cut: number,
): (signalId: string, periodType: string) => number {
  const keepFrom = new Map<string, number>();
  for (const plan of plans) {
    for (const input of plan.inputs) {
      if (input.kind !== 'signal') continue;
      const key = `${input.id}\u0000${plan.period}`;
      keepFrom.set(key, Math.min(keepFrom.get(key) ?? Infinity, floors.get(plan.id) as number));
    }
  }
  return (id, type) => Math.min(keepFrom.get(`${id}\u0000${type}`) ?? Infinity, cut);
}

export interface SignalDependent {
  plan: KpiPlan;
  input: SignalInput;
}

/** Per signal id: the KPIs that read it, with how (window, aggregation). */
export function signalDependents(plans: readonly KpiPlan[]): Map<string, SignalDependent[]> {
  const dependents = new Map<string, SignalDependent[]>();
  for (const plan of plans) {
    for (const input of plan.inputs) {
      if (input.kind !== 'signal') continue;
      const list = dependents.get(input.id) ?? [];
      list.push({ plan, input });
      dependents.set(input.id, list);
    }
  }
  return dependents;
}

/**
 * The least span any sliding window stays in its series' buckets past its end, with the reading carried into it (a
 * gauge's counts for its hold, see carriedReachMs), so the buckets still have it when a closed period's window is
 * evaluated. A reach longer than the buckets keep past the window (a counter's, any age) is beyond any span: the
 * reading may have left them before the period closed; it leaves the span as the window's. At least one bucket.
 */
export function flushSpanOf(plans: readonly KpiPlan[], bucketMs: number): number {
  let span = Infinity;
  for (const plan of plans) {
    for (const input of plan.inputs) {
      if (input.kind !== 'signal') continue;
      const carried = carriedReachMs(input.series.shape);
      for (const slot of input.slots) {
        if (slot.spec === 'period') continue;
        const held = input.series.heldSpan(slot.spec);
        span = Math.min(span, carried < held ? held - carried : held);
      }
    }
  }
  return Math.max(bucketMs, span);
}

/** The last of each (KPI, period)'s values, in the order their periods first appear. */
export function newestPerPeriod(values: readonly KpiValue[]): KpiValue[] {
  const latest = new Map<string, KpiValue>();
  for (const v of values) latest.set(`${v.kpiId}\u0000${v.periodKey}`, v);
  return [...latest.values()];
}
