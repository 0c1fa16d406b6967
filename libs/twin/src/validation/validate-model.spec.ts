import { TwinModelBuilder } from '../testing/twin-model.builder';
import { itReportsEach, type RefusedCase } from './test-support/validation-cases';
import { validateModel } from './validate-model';

/*
 * What validation does with a whole file: defaults, the document's structure, ids and the order of its issues.
 * The rules of each part of a model have their own spec beside this one (validate-model.<part>.spec.ts).
 */
const REFUSED: RefusedCase[] = [
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
];

const sut = validateModel;

describe(validateModel.name, () => {
  it('accepts the minimal model and returns it with defaults applied', () => {
    const { model, issues } = sut(TwinModelBuilder.minimal().toDocument());

    expect(issues).toEqual([]);
    expect(model?.kpis[0]).toMatchObject({ aggregation: 'avg', period: 'month', rollup: 'weighted_average' });
  });

  it.each<[string, unknown]>([
    ['null', null],
    ['an array', []],
    ['a string', 'apiVersion: bsc.twin/v1'],
  ])('rejects %s at the top level', (_name, raw) => {
    expect(sut(raw).issues).toEqual([{ path: '', message: expect.stringMatching(/mapping/) as unknown }]);
  });

  itReportsEach(REFUSED);

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
});
