import type { KpiDef, SignalDef, TwinModel } from '@bsc/twin';

/** Formulas cycled over the signal KPIs: sliding windows, a time-weighted period average, period aggregates. */
export const FORMULAS = ['avg(S, 1h)', 'max(S, 15m) - min(S, 15m)', 'avg(S, period)', 'sum(S, period)', 'S'];
/** One KPI in this many reads two other KPIs (a roll-up). */
const ROLLUP_EVERY = 100;

function kpi(id: string, formula: string): KpiDef {
  return {
    id,
    name: id,
    unit: '',
    orgUnit: 'plant',
    direction: 'higher_is_better',
    formula,
    aggregation: 'avg',
    period: 'day',
    targets: [],
    thresholds: { mode: 'percent', atRisk: 5, offTarget: 10 },
    indicator: 'lag',
    updateFrequency: '1m',
    manualEntry: false,
    rollup: 'weighted_average',
  };
}

/** A generated model of `size` signals and as many KPIs (1 % of them roll-ups of two other KPIs). */
export function largeKpiModel(size: number): TwinModel {
  const signals: SignalDef[] = [];
  const kpis: KpiDef[] = [];
  for (let i = 0; i < size; i++) {
    signals.push({ id: `s${i}`, name: `s${i}`, unit: '', dataType: 'double', source: { kind: 'http' } });
    if (i % ROLLUP_EVERY === ROLLUP_EVERY - 1) kpis.push(kpi(`k${i}`, `k${i - 1} + k${i - 2}`));
    else kpis.push(kpi(`k${i}`, FORMULAS[i % FORMULAS.length].replace(/S/g, `s${i}`)));
  }
  return {
    apiVersion: 'bsc.twin/v1',
    id: 'large',
    name: 'large',
    calendar: { fiscalYearStartMonth: 1, timezone: 'UTC', weekStart: 1 },
    units: [{ id: 'plant', name: 'Plant' }],
    perspectives: [],
    objectives: [],
    links: [],
    kpis,
    processes: [],
    assets: [],
    edges: [],
    opcuaServers: [],
    signals,
    initiatives: [],
  };
}
