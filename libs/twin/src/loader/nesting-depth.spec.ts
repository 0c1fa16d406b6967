import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadModelFromText } from './model-loader';
import { MAX_MODEL_NESTING, nestingProblem } from './nesting-depth';

describe(nestingProblem.name, () => {
  it.each([
    // depth 3: the mapping, the list under units, the unit mapping
    ['block YAML', 'units:\n  - id: a\n    name: A\n', 'yaml', 3, undefined],
    ['flow YAML at the limit', `x: ${'['.repeat(3)}1${']'.repeat(3)}`, 'yaml', 4, undefined],
    [
      'flow YAML one level over',
      `x: ${'['.repeat(4)}1${']'.repeat(4)}`,
      'yaml',
      4,
      'nested deeper than 4 levels at line 1',
    ],
    ['compact block sequences', 'x:\n  - - - - 1\n', 'yaml', 4, 'nested deeper than 4 levels at line 2'],
    ['deep indentation', 'a:\n b:\n  c:\n   d:\n    e: 1\n', 'yaml', 4, 'nested deeper than 4 levels at line 5'],
    ['brackets inside quotes and comments', 'x: \'[[[[[\' # [[[[[\ny: "{{{{{"\n', 'yaml', 2, undefined],
    ['JSON brackets', '{"a":[[[1]]]}', 'json', 4, undefined],
    ['JSON one over', '{"a":[[[[1]]]]}', 'json', 4, 'nested deeper than 4 levels at line 1'],
    ['an escaped quote in a JSON string', '{"a":"\\"[[[[[[","b":1}', 'json', 2, undefined],
  ] as const)('%s', (_case, text, format, max, expected) => {
    expect(nestingProblem(text, format, max)).toBe(expected);
  });

  it('passes the demo model', () => {
    const demo = readFileSync(
      join(__dirname, '..', '..', '..', '..', 'models', 'demo', 'acme-manufacturing.yaml'),
      'utf8',
    );
    expect(nestingProblem(demo, 'yaml')).toBeUndefined();
  });

  it('refuses a 20,000-deep YAML document with a reason, before parsing it', () => {
    const text = `apiVersion: bsc.twin/v1\nid: x\nname: X\nunits: ${'['.repeat(20_000)}${']'.repeat(20_000)}\n`;

    const sut = loadModelFromText(text, 'yaml');

    expect(sut.issues).toEqual([
      { path: '', message: `model refused: nested deeper than ${MAX_MODEL_NESTING} levels at line 4` },
    ]);
  });

  it('refuses 20,000 nested block sequences', () => {
    const text = `units:\n${'- '.repeat(20_000)}1\n`;
    expect(loadModelFromText(text, 'yaml').issues[0].message).toBe(
      `model refused: nested deeper than ${MAX_MODEL_NESTING} levels at line 2`,
    );
  });
});
