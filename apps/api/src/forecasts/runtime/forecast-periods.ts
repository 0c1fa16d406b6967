import type { ActiveModel } from '@bsc/app-kit';
import { FiscalCalendar } from '@bsc/kpi';

/**
 * The fiscal periods of the active model the forecasts are about: the day a sample falls in, and the period of each
 * KPI the latest run forecast, so a closed period ("this quarter" is a new quarter) can call for a new run.
 */
export class ForecastPeriods {
  private keys = new Map<string, string>();
  // one calendar per model: samples.ingested fires for every stored batch
  private memo: { of: object; calendar: FiscalCalendar } | null = null;

  constructor(private readonly activeModel: ActiveModel) {}

  dayStartOf(t: number): number {
    return this.calendar().periodOf(t, 'day').start;
  }

  /** The period each KPI is in at `now`: the ones a run at `now` forecasts. */
  remember(now: number): void {
    const calendar = this.calendar();
    const { model } = this.activeModel.current();
    this.keys = new Map(model.kpis.map((k) => [k.id, calendar.periodOf(now, k.period).key]));
  }

  /** Some KPI is in another period at `now` than at the remembered run. */
  changedSince(now: number): boolean {
    const calendar = this.calendar();
    const { model } = this.activeModel.current();
    return model.kpis.some((k) => this.keys.get(k.id) !== calendar.periodOf(now, k.period).key);
  }

  private calendar(): FiscalCalendar {
    const { model } = this.activeModel.current();
    if (this.memo?.of !== model) this.memo = { of: model, calendar: new FiscalCalendar(model.calendar) };
    return this.memo.calendar;
  }
}
