import { seededNormal } from '../../period-end/seeded-random';
import { cssObjective } from './css-objective';

/** The textbook recursion, one t at a time, residuals before t = 0 skipped. */
function plainCss(w: number[], p: number, q: number, x: number[], constant: boolean): number {
  const e = new Array<number>(w.length).fill(0);
  let sse = 0;
  for (let t = p; t < w.length; t++) {
    let v = constant ? x[p + q] : 0;
    for (let i = 0; i < p; i++) v += x[i] * w[t - 1 - i];
    for (let j = 0; j < q && t - 1 - j >= 0; j++) v += x[p + j] * e[t - 1 - j];
    e[t] = w[t] - v;
    sse += e[t] * e[t];
  }
  return sse / (w.length - p);
}

describe(cssObjective.name, () => {
  it('ARMA(1,1) with intercept, by hand', () => {
    // x = (φ 0.5, θ 0.5, c 0.1) on 1, 2, 1, 2, 1; e_0 = 0:
    // t=1: 0.1 + 0.5·1 + 0.5·0 = 0.6, e = 1.4; t=2: 0.1 + 0.5·2 + 0.5·1.4 = 1.8, e = −0.8;
    // t=3: 0.1 + 0.5·1 − 0.5·0.8 = 0.2, e = 1.8; t=4: 0.1 + 0.5·2 + 0.5·1.8 = 2, e = −1.
    // SSE = 1.96 + 0.64 + 3.24 + 1 = 6.84 over n − p = 4: 1.71
    expect(cssObjective([1, 2, 1, 2, 1], 1, 1, true)([0.5, 0.5, 0.1])).toBeCloseTo(1.71, 12);
  });

  it('MA(2) without intercept, residuals before the start counted as none', () => {
    // θ = (0.5, 0.25) on 1, 1, 1, 1: e = 1; 1 − 0.5 = 0.5; 1 − (0.25 + 0.25) = 0.5; 1 − (0.25 + 0.125) = 0.625.
    // SSE = 1 + 0.25 + 0.25 + 0.390625 = 1.890625 over 4
    expect(cssObjective([1, 1, 1, 1], 0, 2, false)([0.5, 0.25])).toBeCloseTo(0.47265625, 12);
  });

  it('ARMA(2,1) with intercept, by hand (the AR sums before the MA recursion)', () => {
    // x = (φ 0.5, 0.25, θ 0.5, c 1) on 1, 2, 3, 1, 2; residuals from t = p = 2, e_1 = 0:
    // t=2: 1 + 0.5·2 + 0.25·1 = 2.25, + 0.5·0 → e = 3 − 2.25 = 0.75
    // t=3: 1 + 0.5·3 + 0.25·2 = 3, + 0.5·0.75 = 3.375 → e = 1 − 3.375 = −2.375
    // t=4: 1 + 0.5·1 + 0.25·3 = 2.25, − 0.5·2.375 = 1.0625 → e = 2 − 1.0625 = 0.9375
    // SSE = 0.5625 + 5.640625 + 0.87890625 = 7.08203125 over n − p = 3
    expect(cssObjective([1, 2, 3, 1, 2], 2, 1, true)([0.5, 0.25, 0.5, 1])).toBeCloseTo(7.08203125 / 3, 12);
  });

  it('orders past five lags by the plain recursion', () => {
    // AR(6) with φ1 = 1 on 0, 0, 0, 0, 0, 1, 2, 3: residuals from t = 6 are 2 − 1 = 1 and 3 − 2 = 1; 2 over 2
    expect(cssObjective([0, 0, 0, 0, 0, 1, 2, 3], 6, 0, false)([1, 0, 0, 0, 0, 0])).toBe(1);
  });

  it('is the textbook recursion to the last bit for every order up to (5, 5)', () => {
    const w = seededNormal(7) ? Array.from({ length: 60 }, (_, t) => Math.sin(t / 3) * 4 + (t % 7) / 3) : [];
    const noise = seededNormal(3);
    for (let p = 0; p <= 5; p++)
      for (let q = 0; q <= 5; q++)
        for (const constant of [false, true]) {
          const x = Array.from({ length: p + q + (constant ? 1 : 0) }, () => 0.2 * noise());
          expect(cssObjective(w, p, q, constant)(x)).toBe(plainCss(w, p, q, x, constant));
        }
  });
});
