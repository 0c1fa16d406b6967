import type { TwinModel } from '@bsc/twin';
import { simulateWhatIf } from '../what-if/what-if-simulation';
import type { KpiBaseline, ScenarioDriver } from '../what-if/what-if.types';

/** November 2026, 30 days: the month the what-if specs work their effects out by hand in. */
export const NOV = { key: '2026-11', start: Date.UTC(2026, 10, 1), end: Date.UTC(2026, 11, 1) };
export const nov = (day: number): number => Date.UTC(2026, 10, day);

/** A KPI's November baseline without spread; `terms` keyed by their canonical text, as the propagation reads them. */
export function novemberBaseline(kpiId: string, expected: number, terms?: Record<string, number>): KpiBaseline {
  return { kpiId, period: NOV, expected, sd: 0, terms: terms && new Map(Object.entries(terms)) };
}

/** The run of one driver without links, and a KPI's exact effect in it (0 when the driver does not reach it). */
export function exactEffects(model: TwinModel, baselines: ReadonlyMap<string, KpiBaseline>) {
  const run = (driver: ScenarioDriver, kpiId: string) =>
    simulateWhatIf({ model, baselines, links: [] }, { drivers: [driver], draws: 10 }).kpis.find(
      (k) => k.kpiId === kpiId,
    );
  return { run, effect: (driver: ScenarioDriver, kpiId: string) => run(driver, kpiId)?.exactEffect ?? 0 };
}

/** The warehouse stock up 50 (absolute) over the window given. */
export const stockUp50 = (window: Partial<ScenarioDriver>): ScenarioDriver => ({
  kind: 'signal',
  id: 'wh.stock',
  change: 'absolute',
  value: 50,
  ...window,
});
