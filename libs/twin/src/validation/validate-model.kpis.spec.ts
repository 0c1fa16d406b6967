import {
  type AcceptedCase,
  itAcceptsEach,
  itReportsEach,
  type RefusedCase,
  validateMinimal,
} from './test-support/validation-cases';
import { validateModel } from './validate-model';

const REFUSED: RefusedCase[] = [
  // references
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
  // definition and targets
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
    mutate: (b) => b.set('kpis[0].period', 'quarter').set('kpis[0].phasing', { mode: 'profile', weights: [1, -1, 1] }),
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
];

const ACCEPTED: AcceptedCase[] = [
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
      b.set('kpis[1].direction', 'band').set('kpis[1].targets', [{ period: '2026-11', value: 2, lower: 1, upper: 3 }]),
  ],
];

describe(validateModel.name, () => {
  describe('KPIs, their formulas and targets', () => {
    itReportsEach(REFUSED);

    itAcceptsEach(ACCEPTED);

    it('accepts a formula-less KPI that rolls up from the same family in a child unit', () => {
      const { issues } = validateMinimal((b) =>
        b.set('kpis[0].family', 'output').push('kpis', {
          id: 'group_output',
          name: 'Group output',
          unit: 'units',
          orgUnit: 'acme',
          direction: 'higher_is_better',
          family: 'output',
          rollup: 'sum',
          target: 200,
        }),
      );
      expect(issues).toEqual([]);
    });
  });
});
