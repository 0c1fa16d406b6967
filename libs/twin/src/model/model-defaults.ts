import type { CalendarDef, KpiDef, ReportingPeriod, SignalDef, SignalKind, ThresholdsDef } from './twin-model.types';

// Defaults the loader applies to omitted fields; exported so that tools (and the docs) show the same values.
export const DEFAULT_CALENDAR: Readonly<CalendarDef> = { fiscalYearStartMonth: 1, timezone: 'UTC', weekStart: 1 };
/** Working days (ISO weekdays) when the calendar names none: Monday to Friday. */
export const DEFAULT_WORKING_DAYS: readonly number[] = [1, 2, 3, 4, 5];
/** Sub-periods a `profile` phasing weighs, per reporting period: months of a quarter or year, days of a week. */
export const PROFILE_SUB_PERIODS: Readonly<Partial<Record<ReportingPeriod, { count: number; unit: 'month' | 'day' }>>> =
  {
    week: { count: 7, unit: 'day' },
    quarter: { count: 3, unit: 'month' },
    year: { count: 12, unit: 'month' },
  };
export const DEFAULT_THRESHOLDS: Readonly<ThresholdsDef> = { mode: 'percent', atRisk: 0, offTarget: 10 };
export const DEFAULT_UPDATE_FREQUENCY = '1m';
export const DEFAULT_LINK_LAG = '0s';
export const DEFAULT_WEIGHT = 1;

export const KPI_DEFAULTS: Readonly<
  Pick<KpiDef, 'aggregation' | 'period' | 'indicator' | 'manualEntry' | 'rollup' | 'updateFrequency'>
> = {
  aggregation: 'avg',
  period: 'month',
  indicator: 'lag',
  manualEntry: false,
  rollup: 'weighted_average',
  updateFrequency: DEFAULT_UPDATE_FREQUENCY,
};

/** Signals that declare no kind are levels (gauges): right for states, speeds, percentages and snapshots. */
export const DEFAULT_SIGNAL_KIND: SignalKind = 'gauge';

export function signalKindOf(signal: Pick<SignalDef, 'kind'>): SignalKind {
  return signal.kind ?? DEFAULT_SIGNAL_KIND;
}
