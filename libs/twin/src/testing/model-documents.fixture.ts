import { DEFAULT_PERSPECTIVES } from '../model/twin-model.types';

type Raw = Record<string, unknown>;

/** Two units, one line with an asset, three signals (OPC UA, MQTT, manual), two KPIs, two objectives, a link, an initiative. */
export function minimalDocument(): Raw {
  return {
    apiVersion: 'bsc.twin/v1',
    id: 'test-twin',
    name: 'Test twin',
    units: [
      { id: 'acme', name: 'ACME' },
      { id: 'plant', name: 'Plant', parent: 'acme' },
    ],
    processes: [{ id: 'line1', name: 'Line 1', unit: 'plant' }],
    assets: [{ id: 'line1.filler', name: 'Filler', process: 'line1' }],
    opcuaServers: [{ id: 'opc', endpoint: 'opc.tcp://localhost:4840/UA/Test' }],
    signals: [
      {
        id: 'line1.good',
        name: 'Good count',
        measures: 'line1',
        unit: 'units',
        source: { opcua: { server: 'opc', nodeId: 'ns=1;s=Line1.Good' } },
      },
      {
        id: 'line1.scrap',
        name: 'Scrap count',
        measures: 'line1.filler',
        unit: 'units',
        source: { mqtt: { topic: 'acme/line1', jsonPath: '$.scrap' } },
      },
      { id: 'hr.headcount', name: 'Headcount', unit: 'employees', source: 'manual' },
    ],
    kpis: [
      {
        id: 'output',
        name: 'Output',
        unit: 'units',
        orgUnit: 'plant',
        direction: 'higher_is_better',
        formula: 'sum(line1.good, period)',
        target: 100,
      },
      {
        id: 'scrap_rate',
        name: 'Scrap rate',
        unit: '%',
        orgUnit: 'plant',
        direction: 'lower_is_better',
        formula: 'safediv(sum(line1.scrap, period), output) * 100',
        target: 2,
      },
    ],
    objectives: [
      {
        id: 'efficient',
        name: 'Efficient',
        perspective: 'internal_process',
        unit: 'plant',
        kpis: [{ kpi: 'output', weight: 2 }, { kpi: 'scrap_rate' }],
      },
      { id: 'grow', name: 'Grow', perspective: 'financial', unit: 'acme', kpis: ['output'] },
    ],
    links: [{ from: 'efficient', to: 'grow', lag: '30d' }],
    initiatives: [{ id: 'lean', name: 'Lean', unit: 'plant', objectives: ['efficient'], kpis: ['scrap_rate'] }],
  };
}

/**
 * A plant with a line and a filler, written out in full (every field stated, an explicit model edge): one signal,
 * one KPI, two linked objectives and an initiative, so that stored nodes and edges can be counted by hand.
 */
export function acmeDocument(): Raw {
  return {
    apiVersion: 'bsc.twin/v1',
    id: 'acme',
    name: 'ACME Manufacturing',
    calendar: { fiscalYearStartMonth: 1, timezone: 'UTC', weekStart: 1 },
    units: [
      { id: 'acme', name: 'ACME' },
      { id: 'plant-north', name: 'Plant North', parent: 'acme', weight: 1 },
    ],
    perspectives: DEFAULT_PERSPECTIVES.map((p) => ({ ...p })),
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
        source: 'manual',
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
  };
}

/** One plant with one line and nothing else. */
export function lineDocument(id: string, name: string): Raw {
  return {
    apiVersion: 'bsc.twin/v1',
    id,
    name,
    units: [{ id: 'plant', name: 'Plant' }],
    processes: [{ id: 'line', name: 'Line', unit: 'plant' }],
    signals: [],
    kpis: [],
    objectives: [],
  };
}

/** Nothing but a calendar and the default perspectives, in the typed form, with one unit (`plant`). */
export function emptyDocument(id: string): Raw {
  return {
    apiVersion: 'bsc.twin/v1',
    id,
    name: id,
    calendar: { fiscalYearStartMonth: 1, timezone: 'UTC', weekStart: 1 },
    units: [{ id: 'plant', name: 'Plant' }],
    perspectives: DEFAULT_PERSPECTIVES.map((p) => ({ ...p })),
    objectives: [],
    links: [],
    kpis: [],
    processes: [],
    assets: [],
    edges: [],
    opcuaServers: [],
    signals: [],
    initiatives: [],
  };
}
