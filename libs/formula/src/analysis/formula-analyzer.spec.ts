import { parseFormula } from '../parser/formula-parser';
import { analyzeFormula, referencedIdentifiers } from './formula-analyzer';

describe(analyzeFormula.name, () => {
  it('lists inputs, windows and the longest window', () => {
    const sut = analyzeFormula(parseFormula('avg(a, 1h) + sum(b, period) - avg(a, 1h) + max(c, 15m) * d + last(e)'));
    expect(sut).toEqual({
      identifiers: ['a', 'b', 'c', 'd', 'e'],
      latest: ['d', 'e'],
      windows: [
        { id: 'a', fn: 'avg', window: 3_600_000 },
        { id: 'b', fn: 'sum', window: 'period' },
        { id: 'c', fn: 'max', window: 900_000 },
      ],
      maxWindowMs: 3_600_000,
      usesPeriod: true,
    });
  });

  it('finds ids inside calls, conditionals and logic', () => {
    const ast = parseFormula('if(x > 1 and not y, safediv(z, w.v, 0), coalesce(u, 1))');
    expect(referencedIdentifiers(ast)).toEqual(['x', 'y', 'z', 'w.v', 'u']);
  });

  it('reports no windows for constant formulas', () => {
    expect(analyzeFormula(parseFormula('1 + 2'))).toEqual({
      identifiers: [],
      latest: [],
      windows: [],
      maxWindowMs: 0,
      usesPeriod: false,
    });
  });
});
