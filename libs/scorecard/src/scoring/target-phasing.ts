import type { FiscalCalendar, FiscalPeriod } from '@bsc/kpi';
import { DEFAULT_WORKING_DAYS, PROFILE_SUB_PERIODS, type TargetPhasingDef } from '@bsc/twin';

/**
 * Share (0..1) of a period's target that is due by `at` under a phasing: `none` is the full target at any time,
 * `calendar` is linear in elapsed time, `working_days` counts the calendar's working days (the running day in
 * proportion to its elapsed time), `profile` adds the weights of past sub-periods and the running one's in
 * proportion to its elapsed time. A period without working days, or a profile that does not fit, falls back to
 * calendar time rather than to nothing.
 */
export function phasedShare(
  phasing: TargetPhasingDef,
  calendar: FiscalCalendar,
  period: FiscalPeriod,
  at: number,
): number {
  if (phasing.mode === 'none') return 1;
  if (at <= period.start) return 0;
  if (at >= period.end) return 1;
  switch (phasing.mode) {
    case 'calendar':
      return calendar.elapsedFraction(period, at);
    case 'working_days':
      return workingShare(calendar, period, at) ?? calendar.elapsedFraction(period, at);
    case 'profile':
      return profileShare(phasing.weights, calendar, period, at) ?? calendar.elapsedFraction(period, at);
  }
}

function workingShare(calendar: FiscalCalendar, period: FiscalPeriod, at: number): number | null {
  const workingDays = new Set(calendar.def.workingDays ?? DEFAULT_WORKING_DAYS);
  const holidays = new Set(calendar.def.holidays ?? []);
  let total = 0;
  let due = 0;
  for (let day = calendar.periodOf(period.start, 'day'); day.start < period.end; day = calendar.nextPeriod(day)) {
    if (!workingDays.has(isoWeekdayOf(day.key)) || holidays.has(day.key)) continue;
    total += 1;
    due += calendar.elapsedFraction(day, at);
  }
  return total > 0 ? due / total : null;
}

function profileShare(
  weights: readonly number[] | undefined,
  calendar: FiscalCalendar,
  period: FiscalPeriod,
  at: number,
): number | null {
  const sub = PROFILE_SUB_PERIODS[period.type];
  const sum = weights?.reduce((s, w) => s + w, 0) ?? 0;
  if (!sub || !weights || weights.length !== sub.count || !(sum > 0)) return null;
  let due = 0;
  let part = calendar.periodOf(period.start, sub.unit);
  for (const weight of weights) {
    due += weight * calendar.elapsedFraction(part, at);
    part = calendar.nextPeriod(part);
  }
  return due / sum;
}

/** ISO weekday (1 = Monday) of a day key "YYYY-MM-DD". */
function isoWeekdayOf(dayKey: string): number {
  const [y, m, d] = dayKey.split('-').map(Number);
  const weekday = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return weekday === 0 ? 7 : weekday;
}
