import { TwinModelBuilder } from '../testing/twin-model.builder';
import { validateModel } from './validate-model';

interface Case {
  rule: string;
  mutate: (b: TwinModelBuilder) => TwinModelBuilder;
  path: string;
  message: string | RegExp;
}

const sut = validateModel;

describe(validateModel.name, () => {
  it('accepts the minimal model and returns it with defaults applied', () => {
    const { model, issues } = sut(TwinModelBuilder.minimal().toDocument());

    expect(issues).toEqual([]);
    expect(model?.kpis[0]).toMatchObject({ aggregation: 'avg', period: 'month', rollup: 'weighted_average' });
  });

  it('accepts declared signal kinds and holds, and leaves undeclared ones to the default (gauge)', () => {
    const { model, issues } = sut(
      TwinModelBuilder.minimal()
        .set('signals[0].kind', 'amount')
        .set('signals[1].kind', 'counter')
        .set('signals[1].maxHold', '15m')
        .toDocument(),
    );

    expect(issues).toEqual([]);
    expect(model?.signals.map((s) => [s.kind, s.maxHold])).toEqual([
      ['amount', undefined],
      ['counter', '15m'],
      [undefined, undefined],
    ]);
  });

  it.each<[string, unknown]>([
    ['null', null],
    ['an array', []],
    ['a string', 'apiVersion: bsc.twin/v1'],
  ])('rejects %s at the top level', (_name, raw) => {
    expect(sut(raw).issues).toEqual([{ path: '', message: expect.stringMatching(/mapping/) as unknown }]);
  });

  const cases: Case[] = [
    // structure (JSON Schema)
    {
      rule: 'apiVersion',
      mutate: (b) => b.set('apiVersion', 'v2'),
      path: 'apiVersion',
      message: "must be 'bsc.twin/v1'",
    },
    {
      rule: 'required field',
      mutate: (b) => b.set('kpis[0].orgUnit', undefined),
      path: 'kpis[0].orgUnit',
      message: 'is required',
    },
    {
      rule: 'unknown field',
      mutate: (b) => b.set('kpis[1].colour', 'red'),
      path: 'kpis[1].colour',
      message: 'unknown property',
    },
    {
      rule: 'enum',
      mutate: (b) => b.set('kpis[0].direction', 'up'),
      path: 'kpis[0].direction',
      message: /must be one of 'higher_is_better'/,
    },
    {
      rule: 'formula id syntax',
      mutate: (b) => b.set('signals[0].id', 'line-1.good'),
      path: 'signals[0].id',
      message: /usable in formulas/,
    },
    {
      rule: 'two source kinds',
      mutate: (b) => b.set('signals[2].source', { http: {}, manual: {} }),
      path: 'signals[2].source',
      message: /exactly one of/,
    },
    {
      rule: 'unknown source kind',
      mutate: (b) => b.set('signals[2].source', 'ftp'),
      path: 'signals[2].source',
      message: "must be one of 'http', 'manual'",
    },
    {
      rule: 'source body',
      mutate: (b) => b.set('signals[0].source.opcua.nodeId', undefined),
      path: 'signals[0].source.opcua.nodeId',
      message: 'is required',
    },
    {
      rule: 'negative weight',
      mutate: (b) => b.set('objectives[0].kpis[0].weight', -1),
      path: 'objectives[0].kpis[0].weight',
      message: /must be >= 0/,
    },
    {
      rule: 'currency',
      mutate: (b) => b.set('initiatives[0].budget', { amount: 1, currency: 'euro' }),
      path: 'initiatives[0].budget.currency',
      message: /ISO 4217/,
    },
    {
      rule: 'signal kind',
      mutate: (b) => b.set('signals[1].kind', 'level'),
      path: 'signals[1].kind',
      message: /must be one of 'gauge', 'counter', 'amount', 'event'/,
    },
    {
      rule: 'signal maxHold',
      mutate: (b) => b.set('signals[1].maxHold', 'ten minutes'),
      path: 'signals[1].maxHold',
      message: /invalid duration 'ten minutes'/,
    },
    {
      rule: 'zero signal maxHold',
      mutate: (b) => b.set('signals[1].maxHold', '0s'),
      path: 'signals[1].maxHold',
      message: 'must be longer than 0',
    },
    {
      rule: 'counter of bools',
      mutate: (b) => b.set('signals[1].dataType', 'bool').set('signals[1].kind', 'counter'),
      path: 'signals[1].kind',
      message: 'a counter must be numeric (dataType int or double, not bool)',
    },
    // ids
    {
      rule: 'duplicate id across kinds',
      mutate: (b) => b.set('processes[0].id', 'plant'),
      path: 'processes[0].id',
      message: "duplicate id 'plant' (already used by org unit at units[1])",
    },
    {
      rule: 'duplicate KPI id',
      mutate: (b) => b.set('kpis[1].id', 'output'),
      path: 'kpis[1].id',
      message: /duplicate id 'output'/,
    },
    {
      rule: 'reserved id',
      mutate: (b) => b.set('signals[2].id', 'period'),
      path: 'signals[2].id',
      message: /reserved word/,
    },
    // dangling references
    {
      rule: 'unit.parent',
      mutate: (b) => b.set('units[1].parent', 'nope'),
      path: 'units[1].parent',
      message: "unknown org unit 'nope'",
    },
    {
      rule: 'objective.unit',
      mutate: (b) => b.set('objectives[0].unit', 'nope'),
      path: 'objectives[0].unit',
      message: "unknown org unit 'nope'",
    },
    {
      rule: 'objective.perspective',
      mutate: (b) => b.set('objectives[0].perspective', 'people'),
      path: 'objectives[0].perspective',
      message: "unknown perspective 'people'",
    },
    {
      rule: 'objective kpi ref',
      mutate: (b) => b.set('objectives[0].kpis[1].kpi', 'oee'),
      path: 'objectives[0].kpis[1].kpi',
      message: "unknown KPI 'oee'",
    },
    {
      rule: 'objective kpi ref of wrong kind',
      mutate: (b) => b.set('objectives[1].kpis[0]', 'line1.good'),
      path: 'objectives[1].kpis[0].kpi',
      message: "'line1.good' is a signal, expected KPI",
    },
    {
      rule: 'link.from',
      mutate: (b) => b.set('links[0].from', 'output'),
      path: 'links[0].from',
      message: "'output' is a KPI, expected objective",
    },
    {
      rule: 'link.to',
      mutate: (b) => b.set('links[0].to', 'nope'),
      path: 'links[0].to',
      message: "unknown objective 'nope'",
    },
    {
      rule: 'kpi.orgUnit',
      mutate: (b) => b.set('kpis[1].orgUnit', 'line1'),
      path: 'kpis[1].orgUnit',
      message: "'line1' is a process, expected org unit",
    },
    {
      rule: 'kpi.perspective',
      mutate: (b) => b.set('kpis[1].perspective', 'nope'),
      path: 'kpis[1].perspective',
      message: "unknown perspective 'nope'",
    },
    {
      rule: 'process.unit',
      mutate: (b) => b.set('processes[0].unit', 'nope'),
      path: 'processes[0].unit',
      message: "unknown org unit 'nope'",
    },
    {
      rule: 'process.parent',
      mutate: (b) => b.set('processes[0].parent', 'plant'),
      path: 'processes[0].parent',
      message: "'plant' is a org unit, expected process",
    },
    {
      rule: 'asset.process',
      mutate: (b) => b.set('assets[0].process', 'nope'),
      path: 'assets[0].process',
      message: "unknown process 'nope'",
    },
    {
      rule: 'edge.from',
      mutate: (b) => b.set('edges', [{ from: 'nope', to: 'line1', type: 'feeds' }]),
      path: 'edges[0].from',
      message: "unknown process or asset 'nope'",
    },
    {
      rule: 'edge.to kind',
      mutate: (b) => b.set('edges', [{ from: 'line1.good', to: 'output', type: 'measured_by' }]),
      path: 'edges[0].to',
      message: "'output' is a KPI, expected asset or process",
    },
    {
      rule: 'signal.measures',
      mutate: (b) => b.set('signals[0].measures', 'acme'),
      path: 'signals[0].measures',
      message: "'acme' is a org unit, expected asset or process",
    },
    {
      rule: 'opcua server',
      mutate: (b) => b.set('signals[0].source.opcua.server', 'plc'),
      path: 'signals[0].source.opcua.server',
      message: "unknown OPC UA server 'plc'",
    },
    {
      rule: 'initiative.unit',
      mutate: (b) => b.set('initiatives[0].unit', 'nope'),
      path: 'initiatives[0].unit',
      message: "unknown org unit 'nope'",
    },
    {
      rule: 'initiative.objectives',
      mutate: (b) => b.set('initiatives[0].objectives[0]', 'nope'),
      path: 'initiatives[0].objectives[0]',
      message: "unknown objective 'nope'",
    },
    {
      rule: 'initiative.kpis',
      mutate: (b) => b.set('initiatives[0].kpis[0]', 'nope'),
      path: 'initiatives[0].kpis[0]',
      message: "unknown KPI 'nope'",
    },
    // hierarchies
    {
      rule: 'unit own parent',
      mutate: (b) => b.set('units[0].parent', 'acme'),
      path: 'units[0].parent',
      message: "org unit 'acme' is its own parent",
    },
    {
      rule: 'unit cycle',
      mutate: (b) => b.set('units[0].parent', 'plant'),
      path: 'units[0].parent',
      message: 'cycle in org unit hierarchy: acme -> plant -> acme',
    },
    {
      rule: 'process cycle',
      mutate: (b) =>
        b
          .set('processes[0].parent', 'line2')
          .push('processes', { id: 'line2', name: 'L2', unit: 'plant', parent: 'line1' }),
      path: 'processes[1].parent',
      message: 'cycle in process hierarchy: line2 -> line1 -> line2',
    },
    // formulas
    {
      rule: 'formula syntax',
      mutate: (b) => b.set('kpis[0].formula', '(line1.good + 1'),
      path: 'kpis[0].formula',
      message: /^syntax error at position 15: expected '\)'/,
    },
    {
      rule: 'unknown identifier',
      mutate: (b) => b.set('kpis[1].formula', 'line1.scrp * 2'),
      path: 'kpis[1].formula',
      message: "unknown signal or KPI 'line1.scrp'",
    },
    {
      rule: 'identifier of wrong kind',
      mutate: (b) => b.set('kpis[0].formula', 'line1.filler + 1'),
      path: 'kpis[0].formula',
      message: "'line1.filler' is a asset, not a signal or KPI",
    },
    {
      rule: 'self reference',
      mutate: (b) => b.set('kpis[0].formula', 'output + 1'),
      path: 'kpis[0].formula',
      message: "KPI 'output' refers to itself",
    },
    {
      rule: 'KPI cycle',
      mutate: (b) => b.set('kpis[0].formula', 'scrap_rate * 2'),
      path: 'kpis[0].formula',
      message: 'circular dependency between KPI formulas: output -> scrap_rate -> output',
    },
    {
      rule: 'KPI cycle (other member)',
      mutate: (b) => b.set('kpis[0].formula', 'scrap_rate * 2'),
      path: 'kpis[1].formula',
      message: 'circular dependency between KPI formulas: scrap_rate -> output -> scrap_rate',
    },
    // KPIs and objectives
    {
      rule: 'no formula, not manual',
      mutate: (b) => b.set('kpis[0].formula', undefined),
      path: 'kpis[0].formula',
      message: /formula, manualEntry: true, or a family/,
    },
    {
      rule: 'family with nothing below',
      mutate: (b) => b.set('kpis[0].formula', undefined).set('kpis[0].family', 'output'),
      path: 'kpis[0].family',
      message: "no KPI of family 'output' in the units below 'plant' to roll up from",
    },
    {
      rule: 'no target',
      mutate: (b) => b.set('kpis[0].target', undefined),
      path: 'kpis[0].target',
      message: /needs a target/,
    },
    {
      rule: 'band without band',
      mutate: (b) => b.set('kpis[1].direction', 'band'),
      path: 'kpis[1].band',
      message: /direction 'band' needs a band/,
    },
    {
      rule: 'band upside down',
      mutate: (b) => b.set('kpis[1].direction', 'band').set('kpis[1].band', { lower: 5, upper: 1 }),
      path: 'kpis[1].band',
      message: 'lower (5) must not exceed upper (1)',
    },
    {
      rule: 'target period key',
      mutate: (b) => b.set('kpis[0].targets', [{ period: '2026-13', value: 1 }]),
      path: 'kpis[0].targets[0].period',
      message: /malformed period key '2026-13'/,
    },
    {
      rule: 'week 53 of a 52-week year',
      mutate: (b) => b.set('kpis[0].targets', [{ period: '2025-W53', value: 1 }]).set('kpis[0].period', 'week'),
      path: 'kpis[0].targets[0].period',
      message: /malformed/,
    },
    {
      rule: 'duplicate target period',
      mutate: (b) =>
        b.set('kpis[0].targets', [
          { period: '2026-11', value: 1 },
          { period: '2026-11', value: 2 },
        ]),
      path: 'kpis[0].targets[1].period',
      message: /duplicate target for period '2026-11'/,
    },
    {
      rule: 'duplicate target period through the FY alias',
      mutate: (b) =>
        b.set('kpis[0].period', 'quarter').set('kpis[0].targets', [
          { period: 'FY2026-Q1', value: 1 },
          { period: '2026-Q1', value: 2 },
        ]),
      path: 'kpis[0].targets[1].period',
      message: /duplicate target for period '2026-Q1'/,
    },
    {
      rule: 'target of another granularity',
      mutate: (b) => b.set('kpis[0].targets', [{ period: 2026, value: 1 }]),
      path: 'kpis[0].targets[0].period',
      message: 'a year target never applies to a KPI reported per month (expected a key like 2026-11)',
    },
    {
      rule: 'target outside range',
      mutate: (b) => b.set('kpis[1].range', { min: 0, max: 1 }),
      path: 'kpis[1].target',
      message: "target 2 is outside the KPI's range [0, 1]",
    },
    {
      rule: 'per-period target outside range',
      mutate: (b) => b.set('kpis[1].range', { min: 0 }).set('kpis[1].targets', [{ period: '2026-11', value: -1 }]),
      path: 'kpis[1].targets[0].value',
      message: "target -1 is outside the KPI's range [0, +inf]",
    },
    // target phasing
    {
      rule: 'phasing mode',
      mutate: (b) => b.set('kpis[0].phasing', { mode: 'linear' }),
      path: 'kpis[0].phasing.mode',
      message: /must be one of 'none', 'calendar', 'working_days', 'profile'/,
    },
    {
      rule: 'phasing without mode',
      mutate: (b) => b.set('kpis[0].phasing', { weights: [1] }),
      path: 'kpis[0].phasing.mode',
      message: 'is required',
    },
    {
      rule: 'negative profile weight',
      mutate: (b) =>
        b.set('kpis[0].period', 'quarter').set('kpis[0].phasing', { mode: 'profile', weights: [1, -1, 1] }),
      path: 'kpis[0].phasing.weights[1]',
      message: /must be >= 0/,
    },
    {
      rule: 'profile weight count',
      mutate: (b) => b.set('kpis[0].period', 'quarter').set('kpis[0].phasing', { mode: 'profile', weights: [1, 2] }),
      path: 'kpis[0].phasing.weights',
      message: 'expected 3 weights (one per month of the quarter), got 2',
    },
    {
      rule: 'profile without weights',
      mutate: (b) => b.set('kpis[0].period', 'year').set('kpis[0].phasing', { mode: 'profile' }),
      path: 'kpis[0].phasing.weights',
      message: 'a profile needs 12 weights, one per month of the year',
    },
    {
      rule: 'profile of zeros',
      mutate: (b) =>
        b.set('kpis[0].period', 'week').set('kpis[0].phasing', { mode: 'profile', weights: [0, 0, 0, 0, 0, 0, 0] }),
      path: 'kpis[0].phasing.weights',
      message: 'the weights must not all be 0',
    },
    {
      rule: 'profile of a month KPI',
      mutate: (b) => b.set('kpis[0].phasing', { mode: 'profile', weights: [1] }),
      path: 'kpis[0].phasing.mode',
      message: 'a profile needs a week, quarter or year KPI (this one is per month)',
    },
    {
      rule: 'weights without profile',
      mutate: (b) => b.set('kpis[0].phasing', { mode: 'calendar', weights: [1] }),
      path: 'kpis[0].phasing.weights',
      message: "weights apply only to mode 'profile'",
    },
    {
      rule: 'phased band',
      mutate: (b) =>
        b
          .set('kpis[1].direction', 'band')
          .set('kpis[1].band', { lower: 1, upper: 3 })
          .set('kpis[1].phasing', { mode: 'calendar' }),
      path: 'kpis[1].phasing.mode',
      message: /a band KPI is a level/,
    },
    {
      rule: 'working day number',
      mutate: (b) => b.set('calendar', { workingDays: [1, 8] }),
      path: 'calendar.workingDays[1]',
      message: /must be <= 7/,
    },
    {
      rule: 'holiday date',
      mutate: (b) => b.set('calendar', { holidays: ['2026-02-30'] }),
      path: 'calendar.holidays[0]',
      message: /invalid date '2026-02-30'/,
    },
    {
      rule: 'planned downtime scope',
      mutate: (b) =>
        b.set('calendar', { plannedDowntime: [{ scope: ['plant'], weekdays: [1], start: '05:30', duration: '30m' }] }),
      path: 'calendar.plannedDowntime[0].scope[0]',
      message: "'plant' is a org unit, expected process or asset",
    },
    {
      rule: 'planned downtime start',
      mutate: (b) =>
        b.set('calendar', { plannedDowntime: [{ scope: ['line1'], weekdays: [1], start: '24:00', duration: '30m' }] }),
      path: 'calendar.plannedDowntime[0].start',
      message: /must be local time HH:MM, 00:00–23:59/,
    },
    {
      rule: 'planned downtime duration',
      mutate: (b) =>
        b.set('calendar', { plannedDowntime: [{ scope: ['line1'], weekdays: [1], start: '05:30', duration: '0s' }] }),
      path: 'calendar.plannedDowntime[0].duration',
      message: 'must be longer than 0',
    },
    {
      rule: 'thresholds order',
      mutate: (b) => b.set('kpis[0].thresholds', { atRisk: 20, offTarget: 10 }),
      path: 'kpis[0].thresholds',
      message: 'atRisk (20) must not exceed offTarget (10)',
    },
    {
      rule: 'updateFrequency',
      mutate: (b) => b.set('kpis[0].updateFrequency', '5 minutes'),
      path: 'kpis[0].updateFrequency',
      message: /invalid duration '5 minutes'/,
    },
    {
      rule: 'zero updateFrequency',
      mutate: (b) => b.set('kpis[0].updateFrequency', '0s'),
      path: 'kpis[0].updateFrequency',
      message: 'must be longer than 0',
    },
    {
      rule: 'link lag',
      mutate: (b) => b.set('links[0].lag', '3 months'),
      path: 'links[0].lag',
      message: /invalid duration '3 months'/,
    },
    {
      rule: 'self link',
      mutate: (b) => b.set('links[0].to', 'efficient'),
      path: 'links[0].to',
      message: /cannot cause itself/,
    },
    {
      rule: 'objective without KPIs',
      mutate: (b) => b.set('objectives[1].kpis', []),
      path: 'objectives[1].kpis',
      message: 'objective has no KPIs',
    },
    {
      rule: 'KPI listed twice',
      mutate: (b) => b.push('objectives[1].kpis', 'output'),
      path: 'objectives[1].kpis[1].kpi',
      message: /listed twice/,
    },
    // bindings
    {
      rule: 'mqtt wildcard placement',
      mutate: (b) => b.set('signals[1].source.mqtt.topic', 'acme/#/line1'),
      path: 'signals[1].source.mqtt.topic',
      message: /'#' must be a whole level and the last one/,
    },
    {
      rule: 'mqtt partial + level',
      mutate: (b) => b.set('signals[1].source.mqtt.topic', 'acme/line+/x'),
      path: 'signals[1].source.mqtt.topic',
      message: /'\+' must be a whole level, optionally named/,
    },
    {
      rule: 'mqtt partial plus',
      mutate: (b) => b.set('signals[1].source.mqtt.topic', 'acme/line+'),
      path: 'signals[1].source.mqtt.topic',
      message: /'\+' must be a whole level/,
    },
    {
      rule: 'mqtt $SYS',
      mutate: (b) => b.set('signals[1].source.mqtt.topic', '$SYS/broker'),
      path: 'signals[1].source.mqtt.topic',
      message: /reserved/,
    },
    {
      rule: 'json path',
      mutate: (b) => b.set('signals[1].source.mqtt.jsonPath', 'scrap'),
      path: 'signals[1].source.mqtt.jsonPath',
      message: /invalid JSON path 'scrap'/,
    },
    {
      rule: 'opcua node id',
      mutate: (b) => b.set('signals[0].source.opcua.nodeId', 'Line1.Good'),
      path: 'signals[0].source.opcua.nodeId',
      message: /invalid OPC UA node id/,
    },
    {
      rule: 'duplicate OPC UA binding',
      mutate: (b) => b.set('signals[2].source', { opcua: { server: 'opc', nodeId: 'ns=1;s=Line1.Good' } }),
      path: 'signals[2].source.opcua.nodeId',
      message: "OPC UA node 'ns=1;s=Line1.Good' on 'opc' is already bound to signal 'line1.good' (signals[0])",
    },
    {
      rule: 'duplicate MQTT binding',
      mutate: (b) => b.set('signals[2].source', { mqtt: { topic: 'acme/line1', jsonPath: '$.scrap' } }),
      path: 'signals[2].source.mqtt.jsonPath',
      message: "MQTT topic 'acme/line1' at $.scrap is already bound to signal 'line1.scrap' (signals[1])",
    },
    {
      rule: 'opcua endpoint',
      mutate: (b) => b.set('opcuaServers[0].endpoint', 'http://plc'),
      path: 'opcuaServers[0].endpoint',
      message: /invalid endpoint/,
    },
    {
      rule: 'opcua security',
      mutate: (b) => b.set('opcuaServers[0].securityMode', 'Sign'),
      path: 'opcuaServers[0].securityPolicy',
      message: /does not fit policy 'None'/,
    },
    // values
    {
      rule: 'time zone',
      mutate: (b) => b.set('calendar', { timezone: 'Mars/Olympus' }),
      path: 'calendar.timezone',
      message: /unknown time zone/,
    },
    {
      rule: 'source unit convertible',
      mutate: (b) => b.set('signals[0].sourceUnit', 'kg'),
      path: 'signals[0].sourceUnit',
      message: "no conversion from 'kg' to 'units' for signal 'line1.good'",
    },
    {
      rule: 'signal range',
      mutate: (b) => b.set('signals[0].range', { min: 5, max: 1 }),
      path: 'signals[0].range',
      message: 'min (5) must not exceed max (1)',
    },
    {
      rule: 'initiative dates',
      mutate: (b) => b.set('initiatives[0].start', '2026-05-01').set('initiatives[0].end', '2026-04-01'),
      path: 'initiatives[0].end',
      message: 'end is before start',
    },
    {
      rule: 'milestone date',
      mutate: (b) => b.set('initiatives[0].milestones', [{ name: 'M1', due: '2026-02-30' }]),
      path: 'initiatives[0].milestones[0].due',
      message: /invalid date '2026-02-30'/,
    },
  ];

  it.each(cases)('reports $rule at $path', ({ mutate, path, message }) => {
    const { model, issues } = sut(mutate(TwinModelBuilder.minimal()).toDocument());

    expect(model).toBeUndefined();
    expect(issues).toContainEqual({
      path,
      message: typeof message === 'string' ? message : (expect.stringMatching(message) as unknown),
    });
  });

  it('reports every problem of a file in one pass, in file order', () => {
    const raw = TwinModelBuilder.minimal()
      .set('kpis[0].direction', 'up')
      .set('kpis[1].formula', 'nope + 1')
      .set('units[1].parent', 'ghost')
      .set('links[0].lag', 'soon')
      .toDocument();

    const paths = sut(raw).issues.map((i) => i.path);

    expect(paths).toEqual(['units[1].parent', 'links[0].lag', 'kpis[0].direction', 'kpis[1].formula']);
  });

  it('keeps checking references when the structure is broken elsewhere', () => {
    const raw = TwinModelBuilder.minimal().set('signals[0].source', 42).set('kpis[0].orgUnit', 'ghost').toDocument();

    const paths = sut(raw).issues.map((i) => i.path);

    expect(paths).toEqual(expect.arrayContaining(['signals[0].source', 'kpis[0].orgUnit']));
  });

  it.each<[string, (b: TwinModelBuilder) => TwinModelBuilder]>([
    [
      'the same topic with different JSON paths',
      (b) => b.set('signals[2].source', { mqtt: { topic: 'acme/line1', jsonPath: '$.good' } }),
    ],
    ['a + wildcard level', (b) => b.set('signals[1].source.mqtt.topic', 'acme/+/line1')],
    [
      'a period key with FY prefix',
      (b) => b.set('kpis[0].period', 'quarter').set('kpis[0].targets', [{ period: 'FY2026-Q4', value: 1 }]),
    ],
    [
      'week 53 of a 53-week year',
      (b) => b.set('kpis[0].period', 'week').set('kpis[0].targets', [{ period: '2026-W53', value: 1 }]),
    ],
    ['a manual KPI without formula', (b) => b.set('kpis[0].formula', undefined).set('kpis[0].manualEntry', true)],
    [
      'a band KPI with bands on every target',
      (b) =>
        b
          .set('kpis[1].direction', 'band')
          .set('kpis[1].targets', [{ period: '2026-11', value: 2, lower: 1, upper: 3 }]),
    ],
    ['a fixed-offset time zone', (b) => b.set('calendar', { timezone: '+05:30' })],
    ['an IANA time zone', (b) => b.set('calendar', { timezone: 'Europe/Berlin' })],
    ['a numeric OPC UA node id', (b) => b.set('signals[0].source.opcua.nodeId', 'ns=2;i=1001')],
  ])('accepts %s', (_name, mutate) => {
    expect(sut(mutate(TwinModelBuilder.minimal()).toDocument()).issues).toEqual([]);
  });
});

describe('KPI families', () => {
  it('accepts a formula-less KPI that rolls up from the same family in a child unit', () => {
    const raw = TwinModelBuilder.minimal()
      .set('kpis[0].family', 'output')
      .push('kpis', {
        id: 'group_output',
        name: 'Group output',
        unit: 'units',
        orgUnit: 'acme',
        direction: 'higher_is_better',
        family: 'output',
        rollup: 'sum',
        target: 200,
      })
      .toDocument();
    expect(validateModel(raw).issues).toEqual([]);
  });
});

describe('MQTT topics with named wildcards', () => {
  it.each(['acme/+site/line1', 'acme/+/line1', 'acme/+site/+line/#'])('accepts %s', (topic) => {
    expect(
      validateModel(TwinModelBuilder.minimal().set('signals[1].source.mqtt.topic', topic).toDocument()).issues,
    ).toEqual([]);
  });

  const withSegments = (topic: string, segments: Record<string, unknown>): ReturnType<typeof validateModel> =>
    validateModel(
      TwinModelBuilder.minimal()
        .set('signals[1].source.mqtt.topic', topic)
        .set('signals[1].source.mqtt.segments', segments)
        .toDocument(),
    );

  it('accepts segments that select values of the named levels', () => {
    expect(withSegments('acme/+site/+line/telemetry', { site: 'north', line: 'L2' }).issues).toEqual([]);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['acme/+site/line1', { line: 'L2' }, "topic 'acme/+site/line1' has no named wildcard segment '+line'"],
    ['acme/+/line1', { site: 'north' }, "topic 'acme/+/line1' has no named wildcard segment '+site'"],
    ['acme/+site/line1', { site: 'a/b' }, "must be one topic level: non-empty, without '/', '+', '#' or NUL"],
    ['acme/+site/line1', { site: '+' }, "must be one topic level: non-empty, without '/', '+', '#' or NUL"],
  ])('refuses %s with segments %j', (topic, segments, message) => {
    const key = Object.keys(segments)[0];
    expect(withSegments(topic, segments).issues).toContainEqual({
      path: `signals[1].source.mqtt.segments.${key}`,
      message,
    });
  });

  it('lets two signals share a wildcard topic and JSON path when they select different segments', () => {
    const twoLines = (second: string) =>
      TwinModelBuilder.minimal()
        .set('signals[1].source.mqtt.topic', 'acme/+line/telemetry')
        .set('signals[1].source.mqtt.segments', { line: 'L1' })
        .push('signals', {
          id: 'line2.scrap',
          name: 'Scrap count, line 2',
          unit: 'units',
          source: { mqtt: { topic: 'acme/+line/telemetry', jsonPath: '$.scrap', segments: { line: second } } },
        })
        .toDocument();
    expect(validateModel(twoLines('L2')).issues).toEqual([]);
    expect(validateModel(twoLines('L1')).issues.map((i) => i.message)).toEqual([
      expect.stringMatching(/MQTT topic 'acme\/\+line\/telemetry' \(line=L1\) at \$\.scrap is already bound/),
    ]);
  });
});
