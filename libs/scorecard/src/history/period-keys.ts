import { FiscalCalendar } from '@bsc/kpi';
import type { KpiDef, TwinModel } from '@bsc/twin';

/** Per KPI, the key of its reporting period that contains `at`, on the model's fiscal calendar. */
export function periodKeysAt(model: TwinModel, at: number): (kpi: KpiDef) => string {
  const calendar = new FiscalCalendar(model.calendar);
  return (kpi) => calendar.periodOf(at, kpi.period).key;
}

/** Per KPI, the key of the reporting period before the one that contains `at`. */
export function previousPeriodKeysAt(model: TwinModel, at: number): (kpi: KpiDef) => string {
  const calendar = new FiscalCalendar(model.calendar);
  return (kpi) => calendar.previousPeriod(calendar.periodOf(at, kpi.period)).key;
}
