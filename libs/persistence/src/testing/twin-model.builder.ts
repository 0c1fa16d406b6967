import { DEFAULT_PERSPECTIVES, TwinModel } from '@bsc/twin';

/** A small valid model: one plant with a line, a machine, a signal, a KPI, an objective, a link and an initiative. */
export function aTwinModel(overrides: Partial<TwinModel> = {}): TwinModel {
  return {
    apiVersion: 'bsc.twin/v1',
    id: 'acme',
    name: 'ACME Manufacturing',
    calendar: { fiscalYearStartMonth: 1, timezone: 'UTC', weekStart: 1 },
    units: [
      { id: 'acme', name: 'ACME' },
      { id: 'plant-north', name: 'Plant North', parent: 'acme', weight: 1 },
    ],
    perspectives: [...DEFAULT_PERSPECTIVES],
    objectives: [
      {
        id: 'obj.efficiency',
        name: 'Run lines efficiently',
        perspective: 'internal_process',
        unit: 'plant-north',
        weight: 1,
        kpis: [{ kpi: 'oee', weight: 1 }],
      },
      { id: 'obj.margin', name: 'Grow margin', perspective: 'financial', unit: 'acme', weight: 1, kpis: [] },
    ],
    links: [{ from: 'obj.efficiency', to: 'obj.margin', lag: '1w', polarity: 'positive' }],
    kpis: [
      {
        id: 'oee',
        name: 'Overall equipment effectiveness',
        unit: '%',
        orgUnit: 'plant-north',
        direction: 'higher_is_better',
        formula: 'avg(line1.speed) / 100',
        aggregation: 'avg',
        period: 'month',
        target: 85,
        targets: [],
        thresholds: { mode: 'absolute', atRisk: 5, offTarget: 10 },
        indicator: 'lag',
        updateFrequency: '1m',
        manualEntry: false,
        rollup: 'weighted_average',
      },
    ],
    processes: [{ id: 'line1', name: 'Line 1', unit: 'plant-north' }],
    assets: [{ id: 'line1.filler', name: 'Filler', process: 'line1' }],
    edges: [{ from: 'line1.filler', to: 'line1', type: 'part_of' }],
    opcuaServers: [],
    signals: [
      {
        id: 'line1.speed',
        name: 'Line 1 speed (units/min)',
        measures: 'line1.filler',
        unit: 'units/min',
        dataType: 'double',
        source: { kind: 'manual' },
      },
    ],
    initiatives: [
      {
        id: 'init.smed',
        name: 'Quick changeovers',
        unit: 'plant-north',
        objectives: ['obj.efficiency'],
        kpis: ['oee'],
        milestones: [],
        status: 'on_track',
      },
    ],
    ...overrides,
  };
}
