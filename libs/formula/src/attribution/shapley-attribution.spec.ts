import { parseFormula } from '../parser/formula-parser';
import { attributeFormula, MAX_EXACT_SHAPLEY_TERMS } from './shapley-attribution';

const values = (entries: Record<string, number | null>) => new Map(Object.entries(entries));
const parts = (result: ReturnType<typeof attributeFormula>) =>
  result.ok ? Object.fromEntries(result.terms.map((t) => [t.key, t.contribution])) : {};

describe(attributeFormula.name, () => {
  it('splits a product of two inputs: revenue = units * price from (100, 10) to (120, 11)', () => {
    const sut = attributeFormula(
      parseFormula('units * price'),
      values({ units: 100, price: 10 }),
      values({ units: 120, price: 11 }),
    );
    // change 1320 - 1000 = 320; units: 20 * (10 + 11) / 2 = 210; price: 1 * (100 + 120) / 2 = 110
    expect(sut.ok && sut.change).toBeCloseTo(320, 9);
    expect(parts(sut).units).toBeCloseTo(210, 9);
    expect(parts(sut).price).toBeCloseTo(110, 9);
  });

  it('gives each input of a sum its own signed change', () => {
    const sut = attributeFormula(
      parseFormula('a + b - 2 * c'),
      values({ a: 1, b: 2, c: 3 }),
      values({ a: 4, b: 2, c: 10 }),
    );
    // change: (4 + 2 - 20) - (1 + 2 - 6) = -14 - (-3) = -11 = 3 + 0 - 14
    expect(sut.ok && sut.change).toBeCloseTo(-11, 9);
    expect(parts(sut)).toEqual({ a: 3, b: 0, c: -14 });
  });

  it('splits a ratio: 50/200 to 60/250', () => {
    const sut = attributeFormula(parseFormula('a / b'), values({ a: 50, b: 200 }), values({ a: 60, b: 250 }));
    // v() = .25, v(a) = .3, v(b) = .2, v(ab) = .24
    // a: (.3 - .25 + .24 - .2) / 2 = .045; b: (.2 - .25 + .24 - .3) / 2 = -.055; sum -.01
    expect(parts(sut).a).toBeCloseTo(0.045, 12);
    expect(parts(sut).b).toBeCloseTo(-0.055, 12);
    expect(sut.ok && sut.change).toBeCloseTo(-0.01, 12);
  });

  it('shares the cross effects of three factors (OEE = A * P * Q) by exact Shapley weights 1/3, 1/6, 1/6, 1/3', () => {
    const sut = attributeFormula(
      parseFormula('avg(a, period) * avg(p, period) * avg(q, period)'),
      values({ 'avg(a, period)': 0.8, 'avg(p, period)': 0.5, 'avg(q, period)': 0.9 }),
      values({ 'avg(a, period)': 0.9, 'avg(p, period)': 0.6, 'avg(q, period)': 1.0 }),
    );
    // A: 0.1 * (.5*.9/3 + (.6*.9 + .5*1)/6 + .6*1/3) = 0.1 * (.15 + .173333 + .2) = .0523333
    // P: 0.1 * (.8*.9/3 + (.9*.9 + .8*1)/6 + .9*1/3) = 0.1 * (.24 + .268333 + .3) = .0808333
    // Q: 0.1 * (.8*.5/3 + (.9*.5 + .8*.6)/6 + .9*.6/3) = 0.1 * (.133333 + .155 + .18) = .0468333
    expect(parts(sut)['avg(a, period)']).toBeCloseTo(0.0523333, 6);
    expect(parts(sut)['avg(p, period)']).toBeCloseTo(0.0808333, 6);
    expect(parts(sut)['avg(q, period)']).toBeCloseTo(0.0468333, 6);
    expect(sut.ok && sut.change).toBeCloseTo(0.54 - 0.36, 12);
  });

  it('gives an input that did not move nothing', () => {
    const sut = attributeFormula(parseFormula('x * y'), values({ x: 2, y: 5 }), values({ x: 3, y: 5 }));
    expect(parts(sut)).toEqual({ x: 5, y: 0 });
  });

  it('reports no value when the formula has none at either end', () => {
    const sut = attributeFormula(parseFormula('a / b'), values({ a: 1, b: 0 }), values({ a: 1, b: 2 }));
    expect(sut).toEqual({ ok: false, reason: 'no-value' });
  });

  it('samples orderings beyond the exact limit and still adds up to the change', () => {
    const n = MAX_EXACT_SHAPLEY_TERMS + 2;
    const ids = Array.from({ length: n }, (_, i) => `x${i}`);
    const formula = parseFormula(ids.join(' * '));
    const before = values(Object.fromEntries(ids.map((id) => [id, 1])));
    const after = values(Object.fromEntries(ids.map((id, i) => [id, i === 0 ? 3 : 1.1])));
    const sut = attributeFormula(formula, before, after);
    // change: 3 * 1.1^13 - 1
    const change = 3 * 1.1 ** (n - 1) - 1;
    expect(sut.ok && sut.exact).toBe(false);
    const total = sut.ok ? sut.terms.reduce((s, t) => s + t.contribution, 0) : NaN;
    expect(total).toBeCloseTo(change, 9);
    // symmetric players get the same share in expectation; x0 moved most, so it takes the largest part
    const p = parts(sut);
    expect(p.x0).toBeGreaterThan(p.x1);
  });
});
