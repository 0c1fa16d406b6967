import { TwinModelBuilder, type TwinModel } from '@bsc/twin';

/** Formulas cycled over the signal KPIs: sliding windows, a time-weighted period average, period aggregates. */
export const FORMULAS = ['avg(S, 1h)', 'max(S, 15m) - min(S, 15m)', 'avg(S, period)', 'sum(S, period)', 'S'];
/** One KPI in this many reads two other KPIs (a roll-up). */
const ROLLUP_EVERY = 100;

/** A generated model of `size` signals and as many KPIs (1 % of them roll-ups of two other KPIs). */
export function largeKpiModel(size: number): TwinModel {
  const model = TwinModelBuilder.model('large');
  for (let i = 0; i < size; i++) {
    model.signal(`s${i}`);
    if (i % ROLLUP_EVERY === ROLLUP_EVERY - 1) model.kpi(`k${i}`, `k${i - 1} + k${i - 2}`);
    else model.kpi(`k${i}`, FORMULAS[i % FORMULAS.length].replace(/S/g, `s${i}`));
  }
  return model.build();
}
