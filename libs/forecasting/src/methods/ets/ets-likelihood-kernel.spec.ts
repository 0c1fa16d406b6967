import { seededRandom } from '../../period-end/seeded-random';
import { etsSpec as spec } from '../test-support/ets-spec';
import { etsRunLikelihood } from './ets-likelihood-kernel';
import { etsLikelihood } from './ets-model';

describe(etsRunLikelihood.name, () => {
  it('ETS(A,A,N): n·ln(sse) over the hand-run recursion', () => {
    // l0 = 1, b0 = 1, y = [3, 5], α = 0.5, β = 0.25 (β/α = 0.5):
    // t1: ŷ = 1 + 1 = 2, e = 1, l = 2 + 0.5·1 = 2.5, b = 1 + 0.5·(2.5 − 1 − 1) = 1.25
    // t2: ŷ = 2.5 + 1.25 = 3.75, e = 1.25; sse = 1 + 1.5625 = 2.5625, lik = 2·ln 2.5625
    const params = { alpha: 0.5, beta: 0.25, gamma: 0, phi: 1 };
    const sut = etsRunLikelihood(Float64Array.of(3, 5), spec('A,A,N'), 1, params, 1, 1, [0]);
    expect(sut).toBeCloseTo(2 * Math.log(2.5625), 14);
  });

  it('ETS(M,N,M): n·ln(sse) + 2·Σ ln ŷ over the hand-run recursion', () => {
    // m = 2, l0 = 2, s = [2, 0.5], y = [6, 1], α = γ = 0.5:
    // t1: ŷ = 4, e = (6 − 4)/4 = 0.5, l = 2 + 0.5·(6/2 − 2) = 2.5, s0 = 2 + 0.5·(6/2 − 2) = 2.5
    // t2: ŷ = 2.5·0.5 = 1.25, e = (1 − 1.25)/1.25 = −0.2
    // sse = 0.25 + 0.04 = 0.29, Σ ln ŷ = ln 5: lik = 2·ln 0.29 + 2·ln 5 = 2·ln 1.45
    const params = { alpha: 0.5, beta: 0, gamma: 0.5, phi: 1 };
    const sut = etsRunLikelihood(Float64Array.of(6, 1), spec('M,N,M'), 2, params, 2, 0, [2, 0.5]);
    expect(sut).toBeCloseTo(2 * Math.log(1.45), 14);
  });

  it('Infinity when a multiplicative model meets a one-step mean at or below zero', () => {
    const params = { alpha: 0.5, beta: 0, gamma: 0, phi: 1 };
    expect(etsRunLikelihood(Float64Array.of(1, 2), spec('M,N,N'), 1, params, -1, 0, [1])).toBe(Infinity);
  });

  // every form fitEts accepts, with parameters drawn over the usual region and beyond it
  const forms = ['A', 'M'].flatMap((e) =>
    ['N', 'A', 'Ad'].flatMap((t) => ['N', 'A', 'M'].map((s) => `${e},${t},${s}`)),
  );

  it.each(forms)('ETS(%s): the value of etsLikelihood to the last bit', (form) => {
    const random = seededRandom(11);
    const m = form.endsWith('N') ? 1 : 4;
    const y = Float64Array.from({ length: 48 }, (_, t) => 1 + 0.3 * Math.sin(t) + 0.01 * t + 0.2 * random());
    for (let draw = 0; draw < 200; draw++) {
      const p = { alpha: random(), beta: 0.3 * random(), gamma: 0.3 * random(), phi: 0.8 + 0.2 * random() };
      const level = 0.5 + random();
      const trend = 0.1 * (random() - 0.5);
      const season = Array.from({ length: m }, () => (form.endsWith('M') ? 0.7 + 0.6 * random() : random() - 0.5));
      const expected = etsLikelihood(y, spec(form), m, p, { level, trend, season }).lik;
      expect(etsRunLikelihood(y, spec(form), m, p, level, trend, season)).toBe(expected);
    }
  });
});
