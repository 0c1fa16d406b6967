import { signTest } from './sign-test';

/** `better` negative and `worse` positive differences, and `ties` zeros. */
const differences = (better: number, worse: number, ties = 0): number[] => [
  ...new Array<number>(better).fill(-0.1),
  ...new Array<number>(worse).fill(0.3),
  ...new Array<number>(ties).fill(0),
];

describe(signTest.name, () => {
  it.each([
    // P(X ≥ 8), X ~ Bin(10, 1/2): (C(10,8) + C(10,9) + C(10,10)) / 2^10 = (45 + 10 + 1) / 1024
    { better: 8, worse: 2, ties: 0, p: 56 / 1024 },
    // (C(10,9) + C(10,10)) / 1024 = 11 / 1024
    { better: 9, worse: 1, ties: 0, p: 11 / 1024 },
    // (252 + 210 + 120 + 45 + 10 + 1) / 1024: half better is no evidence
    { better: 5, worse: 5, ties: 0, p: 638 / 1024 },
    // the two ties are dropped: 3 of 3 better, (1/2)^3
    { better: 3, worse: 0, ties: 2, p: 1 / 8 },
    // none better: the whole distribution, 1
    { better: 0, worse: 5, ties: 0, p: 1 },
    // nothing but ties: no evidence
    { better: 0, worse: 0, ties: 4, p: 1 },
    // 100 of 100: 2^-100, far below what a plain product of 100 halves would lose to rounding
    { better: 100, worse: 0, ties: 0, p: 2 ** -100 },
  ])('$better better, $worse worse, $ties ties: p = $p', ({ better, worse, ties, p }) => {
    const sut = signTest(differences(better, worse, ties));
    expect(sut).toEqual({ better, worse, ties, pValue: expect.any(Number) as number });
    expect(sut.pValue / p).toBeCloseTo(1, 10);
  });

  it('counts only the signs: the size of a difference does not weigh', () => {
    // two large losses against eight small wins is still 8 of 10
    const sut = signTest([-0.01, -0.01, -0.01, -0.01, -0.01, -0.01, -0.01, -0.01, 50, 50]);
    expect(sut.pValue).toBeCloseTo(56 / 1024, 12);
  });

  it('tails add up by symmetry at large n: P(X ≥ 1001) + P(X ≥ 1000) = 1 for X ~ Bin(2000, 1/2)', () => {
    // P(X ≤ 1000) = P(X ≥ 1000) by symmetry, and P(X ≥ 1001) + P(X ≤ 1000) = 1
    const above = signTest(differences(1001, 999)).pValue;
    const half = signTest(differences(1000, 1000)).pValue;
    expect(above + half).toBeCloseTo(1, 10);
  });
});
