import { itReportsEach, type RefusedCase } from './test-support/validation-cases';
import { validateModel } from './validate-model';

const REFUSED: RefusedCase[] = [
  // references
  {
    rule: 'unit.parent',
    mutate: (b) => b.set('units[1].parent', 'nope'),
    path: 'units[1].parent',
    message: "unknown org unit 'nope'",
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
];

describe(validateModel.name, () => {
  describe('org units, processes, assets and edges', () => {
    itReportsEach(REFUSED);
  });
});
